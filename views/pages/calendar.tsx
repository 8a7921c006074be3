import type { CalendarFile, Holiday, WeeklyHours } from "../../src/calendar/schema.ts";
import { WEEKDAYS } from "../../src/calendar/schema.ts";
import type { CalendarVersionRow } from "../../src/db/schema.ts";
import { formatIsoDate, formatNumber } from "../format.ts";
import { Layout, type PageContext } from "../layout.tsx";

export interface CalendarPageProps {
  ctx: PageContext;
  office: { slug: string; name: string };
  calendarName: string;
  version: CalendarVersionRow;
  definition: CalendarFile;
  holidaysByYear: { year: string; holidays: (Holiday & { weekend: boolean })[] }[];
  /** Working hours of a list of "HH:MM" intervals. */
  hoursOf: (intervals: [string, string][]) => number;
}

function WeeklyTable({ weekly, ctx, hoursOf }: { weekly: WeeklyHours; ctx: PageContext; hoursOf: CalendarPageProps["hoursOf"] }) {
  const { t, lang } = ctx;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{t("day")}</th>
            <th>{t("hours")}</th>
            <th class="num">{t("perDay")}</th>
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((d) => {
            const intervals = weekly[d] ?? [];
            return (
              <tr>
                <td>{t(d)}</td>
                <td>{intervals.length === 0 ? <span class="muted">{t("closed")}</span> : intervals.map(([a, b]) => `${a}–${b}`).join(", ")}</td>
                <td class="num">{formatNumber(hoursOf(intervals), lang)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function CalendarPage(p: CalendarPageProps) {
  const { ctx, office, definition: def } = p;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={`${t("calendar")} · ${office.name}`}>
      <p class="muted">
        <a href="/">{t("catalogueTitle")}</a> › <a href={`/#kantor-${office.slug}`}>{office.name}</a>
      </p>
      <h1>
        {t("calendar")}: {p.calendarName}
      </h1>
      <section class="card">
        <dl class="facts">
          <dt>{t("office")}</dt>
          <dd>{office.name}</dd>
          <dt>{t("timezone")}</dt>
          <dd>{def.timezone}</dd>
          <dt>{t("version")}</dt>
          <dd>
            {p.version.version}
            {p.version.valid_from && ` · ${t("effectiveFrom")} ${formatIsoDate(p.version.valid_from, lang)}`}
            {p.version.note && <span class="muted"> · {p.version.note}</span>}
          </dd>
        </dl>
      </section>

      <h2>{t("weeklyHours")}</h2>
      <WeeklyTable weekly={def.weekly} ctx={ctx} hoursOf={p.hoursOf} />

      <h2>{t("periods")}</h2>
      {def.periods.map((period) => (
        <section class="card">
          <h3>{period.name}</h3>
          <p>
            {formatIsoDate(period.from, lang)} – {formatIsoDate(period.to, lang)}
          </p>
          <WeeklyTable weekly={period.weekly} ctx={ctx} hoursOf={p.hoursOf} />
        </section>
      ))}

      <h2>{t("holidays")}</h2>
      {p.holidaysByYear.map(({ year, holidays }) => (
        <section class="card" id={`libur-${year}`}>
          <h3>{t("holidaysYear", { year })}</h3>
          <p class="muted">
            {t("libur_nasional")}: {holidays.filter((h) => h.kind === "libur_nasional").length} · {t("cuti_bersama")}:{" "}
            {holidays.filter((h) => h.kind === "cuti_bersama").length}
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("date")}</th>
                  <th>{t("name")}</th>
                  <th>{t("kind")}</th>
                </tr>
              </thead>
              <tbody>
                {holidays.map((h) => (
                  <tr class={h.weekend ? "muted" : undefined}>
                    <td>
                      {formatIsoDate(h.date, lang, true)}
                      {h.weekend && ` (${t("weekend")})`}
                    </td>
                    <td>{h.name ?? t("notSet")}</td>
                    <td>{h.kind ? t(h.kind) : t("notSet")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}
