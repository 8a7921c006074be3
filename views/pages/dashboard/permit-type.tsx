import { SHARE_BIN_CAP, SHARE_BIN_WIDTH, type ComplianceRow, type ShareBin } from "../../../src/db/repos/compliance.ts";
import type { SopStepWithAliases } from "../../../src/db/repos/sops.ts";
import { shareHistogramChart } from "../../../src/charts/share-histogram.ts";
import { link, type Params, scopeParams } from "../../../src/web/dashboard-filters.ts";
import { OwnerChip } from "../../components/owner-chip.tsx";
import { formatNumber } from "../../format.ts";
import { Layout } from "../../layout.tsx";
import { Chart, type DashboardContext, DashboardTabs, duration, Figure, FilterForm, percent, ShareLink } from "./shared.tsx";

// One permit type: per SOP step, how long its finished occurrences took against the standard.

export interface PermitTypeProps {
  d: DashboardContext;
  sop: { slug: string; permit_type: string };
  steps: ComplianceRow[];
  /** Occurrences open now per step position, whatever their dates. */
  openSteps: Map<string, number>;
  histogram: Map<number, ShareBin[]>;
  sopSteps: SopStepWithAliases[];
}

export function PermitTypePage({ d, sop, steps, openSteps, histogram, sopSteps }: PermitTypeProps) {
  const { t, lang } = d.ctx;
  const scope = scopeParams(d.q);
  const binList = (position: number, from: number, to: number | undefined) =>
    link("/langkah", { ...scope, from: d.period.from, to: d.period.to, basis: "finished", sop: sop.slug, position, status: "on_time,late", share_from: from, share_to: to, sort: "share" });
  const stepList = (position: number, status: string, extra: Params = {}) => link("/langkah", { ...scope, from: d.period.from, to: d.period.to, basis: "finished", sop: sop.slug, position, status, ...extra });
  const fmt = (n: number) => formatNumber(n, lang);
  const pct = (n: number) => percent(n, lang);
  return (
    <Layout ctx={d.ctx} title={sop.permit_type}>
      <DashboardTabs d={d} current="/jenis-izin" />
      <p class="breadcrumb">
        <a href={link("/jenis-izin", scope)}>{t("navPermitTypes")}</a> › {sop.permit_type}
      </p>
      <h1>{sop.permit_type}</h1>
      <p class="muted">
        {d.office?.name} · <a href={`/sop/${sop.slug}`}>{t("viewSop")}</a>
      </p>
      <FilterForm d={d} action={`/jenis-izin/${sop.slug}`} />
      <p class="muted">{t("histogramIntro")}</p>
      {sopSteps.map((s) => {
        const r = steps.find((x) => x.position === s.position);
        const bins = histogram.get(s.position) ?? [];
        return (
          <section class="card step-card" aria-labelledby={`h-step-${s.position}`}>
            <h2 id={`h-step-${s.position}`}>
              {s.position}. {s.description} <OwnerChip owner={s.owner} t={t} />
            </h2>
            <dl class="facts inline">
              <dt>{t("standard")}</dt>
              <dd>{s.waktu ?? t("noStandard")}</dd>
              <dt>{t("finishedSteps")}</dt>
              <dd>
                <Figure n={r?.finished ?? 0} href={stepList(s.position, "on_time,late")} lang={lang} />
              </dd>
              <dt>{t("onTimeShare")}</dt>
              <dd>
                <ShareLink onTime={r?.onTime ?? 0} finished={r?.finished ?? 0} href={stepList(s.position, "on_time,late")} lang={lang} /> (<Figure n={r?.onTime ?? 0} href={stepList(s.position, "on_time")} lang={lang} /> {t("stOnTime").toLowerCase()}, <Figure n={r?.late ?? 0} href={stepList(s.position, "late")} lang={lang} /> {t("stLate").toLowerCase()})
              </dd>
              <dt>{t("median")}</dt>
              <dd>
                <a href={stepList(s.position, "on_time,late", { sort: "working" })}>{duration(d, r?.medianWorkingSeconds ?? null)}</a>
              </dd>
              <dt>{t("p90")}</dt>
              <dd>
                <a href={stepList(s.position, "on_time,late", { sort: "working" })}>{duration(d, r?.p90WorkingSeconds ?? null)}</a>
              </dd>
              <dt>{t("openNow")}</dt>
              <dd>
                <Figure n={openSteps.get(String(s.position)) ?? 0} href={link("/langkah", { office: d.q.office, sop: sop.slug, position: s.position, status: "open,at_risk,open_late", sort: "share" })} lang={lang} />
              </dd>
            </dl>
            {bins.length > 0 ? (
              <Chart
                svg={shareHistogramChart(
                  bins.map((b) => {
                    const top = b.from >= SHARE_BIN_CAP;
                    return { from: b.from, to: b.from + SHARE_BIN_WIDTH, count: b.count, href: binList(s.position, b.from, top ? undefined : b.from + SHARE_BIN_WIDTH) };
                  }),
                  { x: t("shareOfStandard"), y: t("finishedSteps"), standard: t("standard"), describe: t("histogramDescribe", { step: s.description }) },
                  fmt,
                  pct,
                )}
                caption={t("histogramCaption", { cap: pct(SHARE_BIN_CAP) })}
              />
            ) : (
              <p class="muted">{s.standard_value === null ? t("noStandardNoChart") : t("nothingFinished")}</p>
            )}
          </section>
        );
      })}
    </Layout>
  );
}
