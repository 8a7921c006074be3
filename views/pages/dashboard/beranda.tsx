import { barsChart } from "../../../src/charts/bars.ts";
import { OWNER_COLOURS, STATUS_COLOURS } from "../../../src/charts/palette.ts";
import { complianceTrendChart } from "../../../src/charts/trend.ts";
import type { ComplianceRow } from "../../../src/db/repos/compliance.ts";
import { addMonths, lastDayOf } from "../../../src/calendar/months.ts";
import { link, type Params, scopeParams } from "../../../src/web/dashboard-filters.ts";
import type { SampleState } from "../../../src/web/sample-data.ts";
import { formatNumber } from "../../format.ts";
import { Layout } from "../../layout.tsx";
import { OWNER_KEYS } from "../../components/owner-chip.tsx";
import { OWNERS } from "../../../src/sop/schema.ts";
import { Chart, Clipped, type DashboardContext, DashboardTabs, Figure, FilterForm, Panel, percent, ShareLink, workingDays } from "./shared.tsx";
import { Head } from "../../components/table-head.tsx";
import type { UncoveredYear } from "../../../src/calendar-coverage/uncovered-years.ts";
import { CalendarRunsOut } from "../calendar.tsx";

export interface BerandaProps {
  d: DashboardContext;
  thisMonth: ComplianceRow | undefined;
  lastMonth: ComplianceRow | undefined;
  previousMonth: string;
  openNow: Record<string, number>;
  trend: ComplianceRow[];
  trendFrom: string;
  byType: ComplianceRow[];
  /** The bottleneck steps, most often late first. */
  bySteps: ComplianceRow[];
  byOwner: ComplianceRow[];
  empty: boolean;
  samples: SampleState;
  /** Offices whose open permits are due in a year their calendar lists no holidays for. */
  uncovered: Array<{ slug: string; years: UncoveredYear[] }>;
  /** Last month's Excel report, when one has been made. */
  lastReportHref: string | null;
}


export function monthName(month: string, lang: DashboardContext["ctx"]["lang"], style: "long" | "short" = "long"): string {
  return new Intl.DateTimeFormat(lang === "id" ? "id-ID" : "en-GB", { month: style, year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-15T00:00:00Z`));
}

function SampleOffer({ d, samples }: { d: DashboardContext; samples: SampleState }) {
  const { t, lang } = d.ctx;
  if (samples.state === "running") {
    return (
      <section class="card notice" aria-live="polite">
        <h2>{t("sampleLoading")}</h2>
        <p>{t("sampleProgress", { office: samples.office, i: samples.officeIndex, n: samples.offices, rows: formatNumber(samples.rows, lang) })}</p>
        <progress max={samples.offices} value={samples.officeIndex - 1} />
      </section>
    );
  }
  return (
    <section class="card notice">
      <h2>{t("emptyTitle")}</h2>
      <p>{t("emptyText")}</p>
      {samples.state === "failed" ? <p class="warning">{t("sampleFailed", { error: samples.error })}</p> : null}
      <div class="actions">
        <form method="post" action="/contoh">
          <button type="submit">{t("loadSample")}</button>
        </form>
        <a class="button secondary" href="/impor">
          {t("importOwn")}
        </a>
      </div>
    </section>
  );
}

function Change({ now, before, d, better }: { now: number | null; before: number | null; d: DashboardContext; better: "up" | "down" }) {
  if (now === null || before === null) return null;
  const diff = now - before;
  if (Math.abs(diff) < 1e-9) return <span class="change same">= {d.ctx.t("sameAsBefore")}</span>;
  const good = better === "up" ? diff > 0 : diff < 0;
  return (
    <span class={`change ${good ? "good" : "bad"}`}>
      <span aria-hidden="true">{diff > 0 ? "▲" : "▼"}</span>
      <span class="visually-hidden">{d.ctx.t(diff > 0 ? "changeUp" : "changeDown")}</span>
    </span>
  );
}

export function BerandaPage(p: BerandaProps) {
  const { d } = p;
  const { t, lang } = d.ctx;
  const scope = scopeParams(d.q);
  const base: Params = { office: d.q.office, permit_type: d.q.permit_type };
  const fmt = (n: number) => formatNumber(n, lang);
  const pct = (n: number) => percent(n, lang);
  const inMonth = (m: string, status?: string): string => link("/permohonan", { ...base, from: `${m}-01`, to: lastDayOf(m), basis: "finished", status: status ?? "on_time,late" });
  const periodList = (extra: Params) => link("/permohonan", { ...scope, from: d.period.from, to: d.period.to, basis: "finished", ...extra });
  const stepList = (extra: Params) => link("/langkah", { ...scope, from: d.period.from, to: d.period.to, basis: "finished", ...extra });

  const now = p.thisMonth;
  const before = p.lastMonth;
  const share = (r: ComplianceRow | undefined) => (r && r.finished > 0 ? r.onTime / r.finished : null);
  const open = (s: string) => p.openNow[s] ?? 0;

  // Every month of the trend, those without finished permits too.
  const months = Array.from({ length: 12 }, (_, i) => addMonths(p.trendFrom, i));
  const trendRows = months.map((m) => {
    const r = p.trend.find((x) => x.key === m);
    return { month: m, label: monthName(m, lang, "short"), onTime: r?.onTime ?? 0, late: r?.late ?? 0, onTimeHref: inMonth(m, "on_time"), lateHref: inMonth(m, "late") };
  });
  const types = p.byType.filter((r) => r.finished > 0).sort((a, b) => a.onTime / a.finished - b.onTime / b.finished);
  const bottlenecks = p.bySteps;
  const ownerTotal = p.byOwner.reduce((s, r) => s + r.totalWorkingSeconds, 0);
  const owners = OWNERS.map((o) => ({ owner: o, row: p.byOwner.find((r) => r.key === o) }));
  const title = d.office ? `${t("navHome")} · ${d.office.name}` : t("navHome");

  return (
    <Layout ctx={d.ctx} title={title} {...(p.samples.state === "running" ? { refresh: 3 } : {})}>
      <DashboardTabs d={d} current="/" />
      <h1>{title}</h1>
      {p.empty || p.samples.state === "running" ? <SampleOffer d={d} samples={p.samples} /> : null}
      {p.uncovered.map((u) => (
        <CalendarRunsOut ctx={d.ctx} officeSlug={u.slug} uncovered={u.years} />
      ))}
      {p.lastReportHref ? (
        <p class="actions">
          <a class="button secondary" href={p.lastReportHref} data-testid="last-month-report">
            {t("lastMonthReport")}
          </a>
        </p>
      ) : null}
      <FilterForm d={d} action="/" />

      <section aria-labelledby="h-month">
        <h2 id="h-month">
          {t("monthAgainst", { month: monthName(d.period.month, lang), previous: monthName(p.previousMonth, lang) })}
        </h2>
        <div class="stats">
          <div class="stat card">
            <h3>{t("finishedPermits")}</h3>
            <p class="big">
              <Figure n={now?.finished ?? 0} href={inMonth(d.period.month)} lang={lang} />
            </p>
            <p class="muted">
              {t("previousMonthShort")}: <Figure n={before?.finished ?? 0} href={inMonth(p.previousMonth)} lang={lang} />
            </p>
          </div>
          <div class="stat card">
            <h3>{t("onTimeShare")}</h3>
            <p class="big">
              {share(now) === null ? "—" : pct(share(now)!)} <Change now={share(now)} before={share(before)} d={d} better="up" />
            </p>
            <p class="muted">
              <Figure n={now?.onTime ?? 0} href={inMonth(d.period.month, "on_time")} lang={lang} /> {t("onTimeOf")} <Figure n={now?.finished ?? 0} href={inMonth(d.period.month)} lang={lang} />
              {" · "}
              <Figure n={now?.late ?? 0} href={inMonth(d.period.month, "late")} lang={lang} /> {t("lateWord")}
            </p>
            <p class="muted">
              {t("previousMonthShort")}: {share(before) === null ? "—" : pct(share(before)!)} (
              <Figure n={before?.onTime ?? 0} href={inMonth(p.previousMonth, "on_time")} lang={lang} /> / <Figure n={before?.finished ?? 0} href={inMonth(p.previousMonth)} lang={lang} />)
            </p>
          </div>
          <div class="stat card">
            <h3>{t("medianWorkingDays")}</h3>
            <p class="big">
              <a href={link("/permohonan", { ...base, from: `${d.period.month}-01`, to: lastDayOf(d.period.month), basis: "finished", status: "on_time,late", sort: "working" })}>
                {workingDays(d, now?.medianWorkingSeconds ?? null)}
              </a>{" "}
              <Change now={now?.medianWorkingSeconds ?? null} before={before?.medianWorkingSeconds ?? null} d={d} better="down" />
            </p>
            <p class="muted">
              {t("previousMonthShort")}: {workingDays(d, before?.medianWorkingSeconds ?? null)}
            </p>
          </div>
          <div class="stat card">
            <h3>{t("openNow")}</h3>
            <p class="big">
              <Figure n={open("open_late")} href={link("/permohonan", { ...base, status: "open_late" })} lang={lang} /> <span class="chip status status-open_late">{t("stOpenLate")}</span>
            </p>
            <p>
              <Figure n={open("at_risk")} href={link("/permohonan", { ...base, status: "at_risk" })} lang={lang} /> <span class="chip status status-at_risk">{t("stAtRisk")}</span>{" "}
              <Figure n={open("open")} href={link("/permohonan", { ...base, status: "open" })} lang={lang} /> <span class="chip status status-open">{t("stOpen")}</span>
            </p>
            <p class="muted">{t("openNowHint")}</p>
          </div>
        </div>
      </section>

      <section class="card" aria-labelledby="h-trend">
        <h2 id="h-trend">{t("trendTitle")}</h2>
        <Chart
          svg={complianceTrendChart(trendRows, { onTime: t("stOnTime"), late: t("stLate"), y: t("finishedPermits"), describe: t("trendDescribe") }, fmt)}
          caption={t("trendCaption")}
        />
        <details>
          <summary>{t("showTable")}</summary>
          <div class="table-wrap">
            <table>
              <Head columns={[t("month"), { label: t("finishedPermits"), num: true }, { label: t("stOnTime"), num: true }, { label: t("stLate"), num: true }, { label: t("onTimeShare"), num: true }]} />
              <tbody>
                {trendRows.map((m) => (
                  <tr>
                    <td>{monthName(m.month, lang)}</td>
                    <td class="num">
                      <Figure n={m.onTime + m.late} href={inMonth(m.month)} lang={lang} />
                    </td>
                    <td class="num">
                      <Figure n={m.onTime} href={m.onTimeHref} lang={lang} />
                    </td>
                    <td class="num">
                      <Figure n={m.late} href={m.lateHref} lang={lang} />
                    </td>
                    <td class="num">{m.onTime + m.late > 0 ? pct(m.onTime / (m.onTime + m.late)) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>

      <Panel id="h-types" title={t("byPermitType")} empty={types.length === 0} emptyText={t("nothingFinished")}>
        <Chart
          svg={barsChart(
            types.map((r) => ({ label: r.label, value: r.onTime / r.finished, href: periodList({ permit_type: r.key, status: "on_time,late" }), colour: STATUS_COLOURS.on_time!, title: `${r.label}: ${pct(r.onTime / r.finished)} (${fmt(r.onTime)}/${fmt(r.finished)})` })),
            { xLabel: t("onTimeShare"), describe: t("byPermitTypeDescribe"), format: pct, domain: [0, 1] },
          )}
          caption={t("byPermitTypeCaption")}
        />
        <div class="table-wrap">
          <table class="stack">
            <Head columns={[t("permitType"), { label: t("finishedPermits"), num: true }, { label: t("stOnTime"), num: true }, { label: t("stLate"), num: true }, { label: t("onTimeShare"), num: true }]} />
            <tbody>
              {types.map((r) => (
                <tr>
                  <td>{r.label}</td>
                  <td class="num" data-label={t("finishedPermits")}>
                    <Figure n={r.finished} href={periodList({ permit_type: r.key, status: "on_time,late" })} lang={lang} />
                  </td>
                  <td class="num" data-label={t("stOnTime")}>
                    <Figure n={r.onTime} href={periodList({ permit_type: r.key, status: "on_time" })} lang={lang} />
                  </td>
                  <td class="num" data-label={t("stLate")}>
                    <Figure n={r.late} href={periodList({ permit_type: r.key, status: "late" })} lang={lang} />
                  </td>
                  <td class="num" data-label={t("onTimeShare")}>
                    <ShareLink onTime={r.onTime} finished={r.finished} href={periodList({ permit_type: r.key, status: "on_time,late" })} lang={lang} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>

      <Panel id="h-bottlenecks" title={t("bottlenecks")} empty={bottlenecks.length === 0} emptyText={t("noLateSteps")}>
        <Chart
          svg={barsChart(
            bottlenecks.map((r) => ({ label: r.label, value: r.late, href: stepList({ sop: r.sop ?? undefined, position: r.position ?? undefined, status: "late" }), colour: STATUS_COLOURS.late! })),
            { xLabel: t("lateSteps"), describe: t("bottlenecksDescribe"), format: fmt },
          )}
          caption={t("bottlenecksCaption")}
        />
        <p class="muted small">
          {t("bottlenecksMore")} {t("stepLabelsNote")}
        </p>
        <div class="table-wrap">
          <table class="stack">
            <Head columns={[t("step"), { label: t("stLate"), num: true }, { label: t("finishedSteps"), num: true }, { label: t("onTimeShare"), num: true }, t("standard")]} />
            <tbody>
              {bottlenecks.map((r) => {
                const at: Params = { sop: r.sop ?? undefined, position: r.position ?? undefined };
                return (
                  <tr>
                    <td>
                      {r.sop ? (
                        <a href={link(`/jenis-izin/${r.sop}`, { from: d.q.from, to: d.q.to })}>
                          <Clipped text={r.label} />
                        </a>
                      ) : (
                        <Clipped text={r.label} />
                      )}
                    </td>
                    <td class="num" data-label={t("stLate")}>
                      <Figure n={r.late} href={stepList({ ...at, status: "late" })} lang={lang} />
                    </td>
                    <td class="num" data-label={t("finishedSteps")}>
                      <Figure n={r.finished} href={stepList({ ...at, status: "on_time,late" })} lang={lang} />
                    </td>
                    <td class="num" data-label={t("onTimeShare")}>
                    <ShareLink onTime={r.onTime} finished={r.finished} href={stepList({ ...at, status: "on_time,late" })} lang={lang} />
                  </td>
                    <td data-label={t("standard")} class="nowrap">{r.waktu ?? "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Panel>

      <Panel id="h-owners" title={t("timeByOwner")} empty={ownerTotal === 0} emptyText={t("nothingFinished")}>
        <Chart
          svg={barsChart(
            owners.map(({ owner, row }) => ({ label: t(OWNER_KEYS[owner]), value: (row?.totalWorkingSeconds ?? 0) / ownerTotal, href: stepList({ owner, status: "on_time,late,no_standard" }), colour: OWNER_COLOURS[owner]!, title: `${t(OWNER_KEYS[owner])}: ${workingDays(d, row?.totalWorkingSeconds ?? 0)}` })),
            { xLabel: t("shareOfWorkingTime"), describe: t("timeByOwnerDescribe"), format: pct, domain: [0, 1] },
          )}
          caption={t("timeByOwnerCaption")}
        />
        <div class="table-wrap">
          <table>
            <Head columns={[t("owner"), { label: t("finishedSteps"), num: true }, { label: t("workingTime"), num: true }, { label: t("shareOfWorkingTime"), num: true }]} />
            <tbody>
              {owners.map(({ owner, row }) => (
                <tr>
                  <td>{t(OWNER_KEYS[owner])}</td>
                  <td class="num">
                    <Figure n={(row?.finished ?? 0) + (row?.noStandard ?? 0)} href={stepList({ owner, status: "on_time,late,no_standard" })} lang={lang} />
                  </td>
                  <td class="num">{workingDays(d, row?.totalWorkingSeconds ?? 0)}</td>
                  <td class="num">{pct((row?.totalWorkingSeconds ?? 0) / ownerTotal)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <p class="muted small">{d.calendar ? t("methodNote", { hours: formatNumber(d.calendar.dayLengthHours, lang) }) : t("methodNoteHours")}</p>
    </Layout>
  );
}
