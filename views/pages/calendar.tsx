import { type CalendarDiff, isEmptyDiff } from "../../src/calendar/diff.ts";
import { type CalendarFile, type Holiday, WEEKDAYS, type WeeklyHours } from "../../src/calendar/schema.ts";
import type { UncoveredYear } from "../../src/calendar-coverage/uncovered-years.ts";
import type { CalendarVersion } from "../../src/db/repos/calendars.ts";
import { Head } from "../components/table-head.tsx";
import { HolidayTable } from "../components/holiday-table.tsx";
import { WeeklySummary } from "../components/weekly-summary.tsx";
import { formatIsoDate, formatNumber } from "../format.ts";
import { Layout, may, type PageContext } from "../layout.tsx";

export interface CalendarPageProps {
  ctx: PageContext;
  office: { slug: string; name: string };
  version: CalendarVersion;
  versions: CalendarVersion[];
  /** The version in force today. */
  inForce: number;
  /** Changes from the version before the one shown; null for the first. */
  diff: CalendarDiff | null;
  holidaysByYear: { year: string; holidays: (Holiday & { weekend: boolean })[] }[];
  /** Working hours of a list of "HH:MM" intervals. */
  hoursOf: (intervals: [string, string][]) => number;
  /** Years in which open permits are due and no holiday is listed. */
  uncovered: UncoveredYear[];
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

/** The warning that the holidays of a year where permits are due are missing (also on Beranda). */
export function CalendarRunsOut({ ctx, officeSlug, uncovered }: { ctx: PageContext; officeSlug: string; uncovered: UncoveredYear[] }) {
  if (uncovered.length === 0) return null;
  const { t, lang } = ctx;
  return (
    <p class="warning" role="alert" data-testid="calendar-runs-out">
      {t("calendarRunsOut", {
        years: uncovered.map((u) => u.year).join(", "),
        permits: formatNumber(uncovered.reduce((n, u) => n + u.permits, 0), lang),
      })}{" "}
      {may(ctx, "administer") ? <a href={`/kantor/${officeSlug}/kalender/impor`}>{t("addHolidaysOfYear")}</a> : null}
    </p>
  );
}

function holidayLabel(h: Holiday, ctx: PageContext): string {
  return `${formatIsoDate(h.date, ctx.lang, true)}${h.name ? ` — ${h.name}` : ""}`;
}

function DiffSection({ diff, ctx, previous }: { diff: CalendarDiff; ctx: PageContext; previous: number }) {
  const { t } = ctx;
  const hours = (iv: [string, string][]) => (iv.length === 0 ? t("closed") : iv.map(([a, b]) => `${a}–${b}`).join(", "));
  const empty = isEmptyDiff(diff);
  return (
    <section class="card" id="perubahan" aria-labelledby="h-diff">
      <h2 id="h-diff">{t("changesFrom", { n: previous })}</h2>
      {empty && <p class="muted">{t("noChanges")}</p>}
      <ul class="changes">
        {diff.settings.map((s) => (
          <li>
            {s.field}: {s.before} → <strong>{s.after}</strong>
          </li>
        ))}
        {diff.weekly.map((w) => (
          <li>
            {t(w.day)}: {hours(w.before)} → <strong>{hours(w.after)}</strong>
          </li>
        ))}
        {diff.periodsAdded.map((p) => (
          <li class="added">
            + {t("period")} {p.name} ({formatIsoDate(p.from, ctx.lang)} – {formatIsoDate(p.to, ctx.lang)})
          </li>
        ))}
        {diff.periodsRemoved.map((p) => (
          <li class="removed">
            − {t("period")} {p.name}
          </li>
        ))}
        {diff.periodsChanged.map(({ after }) => (
          <li>
            {t("period")} {after.name}: {t("changed")}
          </li>
        ))}
        {diff.holidaysAdded.map((h) => (
          <li class="added">+ {holidayLabel(h, ctx)}</li>
        ))}
        {diff.holidaysRemoved.map((h) => (
          <li class="removed">− {holidayLabel(h, ctx)}</li>
        ))}
        {diff.holidaysChanged.map(({ before, after }) => (
          <li>
            {formatIsoDate(after.date, ctx.lang)}: {before.name ?? "—"} ({before.kind ? t(before.kind) : "—"}) →{" "}
            <strong>
              {after.name ?? "—"} ({after.kind ? t(after.kind) : "—"})
            </strong>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CalendarPage(p: CalendarPageProps) {
  const { ctx, office, version } = p;
  const def: CalendarFile = version.definition;
  const { t, lang } = ctx;
  const base = `/kantor/${office.slug}/kalender`;
  return (
    <Layout ctx={ctx} title={`${t("calendar")} · ${office.name}`}>
      <p class="muted">
        <a href="/sop">{t("catalogueTitle")}</a> › <a href={`/sop#kantor-${office.slug}`}>{office.name}</a>
      </p>
      <h1>
        {t("calendar")}: {def.name}
      </h1>
      {may(ctx, "administer") ? (
        <p class="actions">
          <a class="button" href={`${base}/ubah`}>
            {t("editCalendar")}
          </a>{" "}
          <a class="button secondary" href={`${base}/impor`}>
            {t("importHolidays")}
          </a>
        </p>
      ) : null}
      <CalendarRunsOut ctx={ctx} officeSlug={office.slug} uncovered={p.uncovered} />
      <section class="card">
        <dl class="facts">
          <dt>{t("office")}</dt>
          <dd>{office.name}</dd>
          <dt>{t("timezone")}</dt>
          <dd>{def.timezone}</dd>
          <dt>{t("dayRule")}</dt>
          <dd>{def.dayRule === "hours" ? t("dayRuleHours", { hours: formatNumber(def.dayLengthHours ?? 7.5, lang) }) : t("dayRuleClock")}</dd>
          <dt>{t("version")}</dt>
          <dd>
            <strong>{version.version}</strong>
            {version.version === p.inForce && ` · ${t("inForceNow")}`}
            {version.validFrom && ` · ${t("effectiveFrom")} ${formatIsoDate(version.validFrom, lang)}`}
            {version.note && <span class="muted"> · {version.note}</span>}
          </dd>
        </dl>
        {p.versions.length > 1 && (
          <details open={version.version !== p.inForce}>
            <summary>{t("allVersions", { n: p.versions.length })}</summary>
            <ol class="versions" reversed>
              {p.versions.map((v) => (
                <li>
                  <a href={`${base}?versi=${v.version}`} aria-current={v.version === version.version ? "page" : undefined}>
                    {t("version")} {v.version}
                  </a>
                  {v.validFrom ? ` · ${t("effectiveFrom")} ${formatIsoDate(v.validFrom, lang)}` : ""}
                  {v.version === p.inForce ? ` · ${t("inForceNow")}` : ""}
                  {v.note ? ` · ${v.note}` : ""}
                </li>
              ))}
            </ol>
          </details>
        )}
      </section>

      {p.diff && <DiffSection diff={p.diff} ctx={ctx} previous={version.version - 1} />}

      <h2>{t("weeklyHours")}</h2>
      <WeeklyTable weekly={def.weekly} ctx={ctx} hoursOf={p.hoursOf} />

      <h2>{t("periods")}</h2>
      {def.periods.length === 0 ? (
        <p class="muted">{t("noPeriods")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <Head columns={[t("period"), t("date"), t("hours")]} />
            <tbody>
              {def.periods.map((period) => (
                <tr>
                  <td>{period.name}</td>
                  <td>
                    {formatIsoDate(period.from, lang)} – {formatIsoDate(period.to, lang)}
                  </td>
                  <td>
                    <WeeklySummary weekly={period.weekly} t={t} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t("holidays")}</h2>
      {p.holidaysByYear.map(({ year, holidays }) => (
        <section class="card" id={`libur-${year}`}>
          <h3>{t("holidaysYear", { year })}</h3>
          <p class="muted">
            {t("libur_nasional")}: {holidays.filter((h) => h.kind === "libur_nasional").length} · {t("cuti_bersama")}:{" "}
            {holidays.filter((h) => h.kind === "cuti_bersama").length} · {t("onWeekdays")}: {holidays.filter((h) => !h.weekend).length}
          </p>
          <HolidayTable ctx={ctx} holidays={holidays} />
        </section>
      ))}
    </Layout>
  );
}
