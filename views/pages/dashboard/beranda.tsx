import { barsChart } from "../../../src/charts/bars.ts";
import { OWNER_COLOURS, STATUS_COLOURS } from "../../../src/charts/palette.ts";
import { complianceTrendChart } from "../../../src/charts/trend.ts";
import type { ComplianceRow } from "../../../src/db/repos/compliance.ts";
import { addMonths, lastDayOf } from "../../../src/calendar/months.ts";
import { link, type Params, scopeParams } from "../../../src/web/dashboard-filters.ts";
import type { SampleState } from "../../../src/web/sample-data.ts";
import { formatIsoRange, formatMonth, formatNumber } from "../../format.ts";
import { Layout, may } from "../../layout.tsx";
import { OWNER_KEYS } from "../../components/owner-chip.tsx";
import { OWNERS } from "../../../src/sop/schema.ts";
import { Chart, Clipped, type DashboardContext, DashboardTabs, Figure, FilterForm, Panel, percent, ShareLink, StatusChip, workingDays } from "./shared.tsx";
import { Head } from "../../components/table-head.tsx";
import type { UncoveredYear } from "../../../src/calendar-coverage/uncovered-years.ts";
import { CalendarRunsOut } from "../calendar.tsx";
import { CsrfField } from "../../components/form.tsx";

export interface BerandaProps {
  d: DashboardContext;
  thisMonth: ComplianceRow | undefined;
  lastMonth: ComplianceRow | undefined;
  /** The headline month's days, and the same days of the month before. */
  thisDays: { from: string; to: string };
  previousDays: { from: string; to: string };
  /** The share on time the shown office(s) aim for; null when offices shown differ. */
  target: number | null;
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


const monthName = formatMonth;

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
      {samples.state === "failed" ? <p class="warning">{samples.error === null ? t("sampleFailedServer") : t("sampleFailed", { error: samples.error })}</p> : null}
      <div class="actions">
        {may(d.ctx, "administer") ? (
          <form method="post" action="/contoh">
            <CsrfField ctx={d.ctx} />
            <button type="submit">{t("loadSample")}</button>
          </form>
        ) : null}
        <a class="button secondary" href="/impor">
          {t("importOwn")}
        </a>
      </div>
    </section>
  );
}

/** The direction of a change against the days before; `neutral` for counts, where more is neither good nor bad. */
function Change({ now, before, d, better, neutral = false }: { now: number | null; before: number | null; d: DashboardContext; better: "up" | "down"; neutral?: boolean }) {
  if (now === null || before === null) return null;
  const diff = now - before;
  if (Math.abs(diff) < 1e-9) return <span class="change same">= {d.ctx.t("sameAsBefore")}</span>;
  const good = better === "up" ? diff > 0 : diff < 0;
  return (
    <span class={`change ${neutral ? "same" : good ? "good" : "bad"}`}>
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
  const inDays = (days: { from: string; to: string }, extra: Params = {}): string => link("/permohonan", { ...base, ...days, basis: "finished", status: "on_time,late", ...extra });
  const inMonth = (m: string, status?: string): string => inDays({ from: `${m}-01`, to: lastDayOf(m) }, status ? { status } : {});
  const thisDays = (status?: string) => inDays(p.thisDays, status ? { status } : {});
  const previousDays = (status?: string) => inDays(p.previousDays, status ? { status } : {});
  const wholeMonth = p.thisDays.to === lastDayOf(d.period.month);
  const periodList = (extra: Params) => link("/permohonan", { ...scope, from: d.period.from, to: d.period.to, basis: "finished", ...extra });
  const stepList = (extra: Params) => link("/langkah", { ...scope, from: d.period.from, to: d.period.to, basis: "finished", ...extra });

  const now = p.thisMonth;
  const before = p.lastMonth;
  const share = (r: ComplianceRow | undefined) => (r && r.finished > 0 ? r.onTime / r.finished : null);
  const open = (s: string) => p.openNow[s] ?? 0;
  const openParts = ["open_late", "at_risk", "open"] as const;
  const openTotal = openParts.reduce((sum, s) => sum + open(s), 0);

  // Every month of the trend, those without finished permits too.
  const months = Array.from({ length: 12 }, (_, i) => addMonths(p.trendFrom, i));
  const trendRows = months.map((m) => {
    const r = p.trend.find((x) => x.key === m);
    return { month: m, label: monthName(m, lang, "short"), onTime: r?.onTime ?? 0, late: r?.late ?? 0, href: inMonth(m) };
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
          {wholeMonth
            ? t("monthAgainst", { month: monthName(d.period.month, lang), previous: monthName(p.previousDays.from.slice(0, 7), lang) })
            : t("monthAgainst", { month: formatIsoRange(p.thisDays.from, p.thisDays.to, lang), previous: formatIsoRange(p.previousDays.from, p.previousDays.to, lang) })}
        </h2>
        {wholeMonth ? null : <p class="muted small">{t("sameDaysNote")}</p>}
        <div class="stats">
          <div class="stat card">
            <h3>{t("finishedPermits")}</h3>
            <p class="big">
              <Figure n={now?.finished ?? 0} href={thisDays()} lang={lang} /> <Change now={now?.finished ?? 0} before={before?.finished ?? 0} d={d} better="up" neutral />
            </p>
            <p class="muted">
              {t(wholeMonth ? "previousMonthShort" : "sameDaysBefore")}: <Figure n={before?.finished ?? 0} href={previousDays()} lang={lang} />
            </p>
          </div>
          <div class="stat card">
            <h3>{t("onTimeShare")}</h3>
            <p class="big">
              {share(now) === null ? "—" : pct(share(now)!)} <Change now={share(now)} before={share(before)} d={d} better="up" />
            </p>
            <p class="muted">
              <Figure n={now?.onTime ?? 0} href={thisDays("on_time")} lang={lang} /> {t("onTimeOf")} <Figure n={now?.finished ?? 0} href={thisDays()} lang={lang} />
              {" · "}
              <Figure n={now?.late ?? 0} href={thisDays("late")} lang={lang} /> {t("lateWord")}
            </p>
            <p class="muted">
              {t(wholeMonth ? "previousMonthShort" : "sameDaysBefore")}: {share(before) === null ? "—" : pct(share(before)!)} (
              <Figure n={before?.onTime ?? 0} href={previousDays("on_time")} lang={lang} /> / <Figure n={before?.finished ?? 0} href={previousDays()} lang={lang} />)
            </p>
          </div>
          <div class="stat card">
            <h3>{t("medianWorkingDays")}</h3>
            <p class="big">
              <a href={link("/permohonan", { ...base, ...p.thisDays, basis: "finished", status: "on_time,late", sort: "working" })}>{workingDays(d, now?.medianWorkingSeconds ?? null)}</a>{" "}
              <Change now={now?.medianWorkingSeconds ?? null} before={before?.medianWorkingSeconds ?? null} d={d} better="down" />
            </p>
            <p class="muted">
              {t(wholeMonth ? "previousMonthShort" : "sameDaysBefore")}: {workingDays(d, before?.medianWorkingSeconds ?? null)}
            </p>
          </div>
          <div class="stat card" data-testid="open-now">
            <h3>{t("openNow")}</h3>
            <p class="big">
              <Figure n={openTotal} href={link("/permohonan", { ...base, status: openParts.join(",") })} lang={lang} />
            </p>
            <ul class="plain open-parts">
              {openParts.map((s) => (
                <li>
                  <Figure n={open(s)} href={link("/permohonan", { ...base, status: s })} lang={lang} /> <StatusChip status={s} t={t} />
                </li>
              ))}
            </ul>
            <p class="muted small">{t("openNowHint")}</p>
          </div>
        </div>
      </section>

      <section class="card" aria-labelledby="h-trend">
        <h2 id="h-trend">{t("trendTitle")}</h2>
        <Chart
          svg={complianceTrendChart(
            trendRows,
            p.target,
            {
              y: t("onTimeShare"),
              target: p.target === null ? "" : t("targetLine", { share: pct(p.target) }),
              describe: t("trendDescribe"),
              title: (m) => t("trendBarTitle", { month: monthName(m.month, lang), share: pct(m.onTime / (m.onTime + m.late)), onTime: fmt(m.onTime), finished: fmt(m.onTime + m.late) }),
            },
            pct,
          )}
          caption={p.target === null ? `${t("trendCaption")} ${t("targetPerOffice")}` : t("trendCaption")}
        />
        {d.office && may(d.ctx, "office_settings") ? (
          <form method="post" action={`/kantor/${d.office.slug}/target`} class="inline target-form">
            <CsrfField ctx={d.ctx} />
            <input type="hidden" name="back" value={`${d.ctx.url.pathname}${d.ctx.url.search}`} />
            <label class="check">
              {t("officeTarget")}{" "}
              <input type="number" name="target" min="1" max="100" step="1" required value={String(Math.round((p.target ?? 0.9) * 100))} /> %
            </label>{" "}
            <button type="submit" class="secondary">
              {t("saveTarget")}
            </button>
          </form>
        ) : null}
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
                      <Figure n={m.onTime + m.late} href={m.href} lang={lang} />
                    </td>
                    <td class="num">
                      <Figure n={m.onTime} href={inMonth(m.month, "on_time")} lang={lang} />
                    </td>
                    <td class="num">
                      <Figure n={m.late} href={inMonth(m.month, "late")} lang={lang} />
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
