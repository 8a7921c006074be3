import { barsChart } from "../../../src/charts/bars.ts";
import { STATUS_COLOURS } from "../../../src/charts/palette.ts";
import { type ComplianceRow, emptyComplianceRow } from "../../../src/db/repos/compliance.ts";
import { link, scopeParams } from "../../../src/web/dashboard-filters.ts";
import { formatNumber } from "../../format.ts";
import { Layout } from "../../layout.tsx";
import { Chart, type DashboardContext, DashboardTabs, DownloadLinks, Figure, FilterForm, ShareLink } from "./shared.tsx";
import { Head } from "../../components/table-head.tsx";

// Petugas: steps finished per officer (diproses_oleh) in the period and their on-time share.

/** The page's rows (and its export's), most steps finished first. */
export function officersListed(rows: ComplianceRow[], openRows: Map<string, number>): ComplianceRow[] {
  // Officers with steps finished in the period, and those with steps open now.
  const keys = new Set([...rows.filter((r) => r.finished + r.noStandard > 0).map((r) => r.key), ...openRows.keys()]);
  return [...keys].map((k) => rows.find((r) => r.key === k) ?? emptyComplianceRow(k)).sort((a, b) => b.finished + b.noStandard - (a.finished + a.noStandard) || a.key.localeCompare(b.key, "id"));
}

export function OfficersPage({ d, rows, openRows }: { d: DashboardContext; rows: ComplianceRow[]; openRows: Map<string, number> }) {
  const { t, lang } = d.ctx;
  const scope = scopeParams(d.q);
  const steps = (officer: string, status: string) => link("/langkah", { ...scope, from: d.period.from, to: d.period.to, basis: "finished", officer, status });
  const officers = officersListed(rows, openRows);
  return (
    <Layout ctx={d.ctx} title={t("navOfficers")}>
      <DashboardTabs d={d} current="/petugas" />
      <h1>{t("navOfficers")}</h1>
      <FilterForm d={d} action="/petugas" />
      <DownloadLinks d={d} path="/petugas" params={scope} />
      {officers.length === 0 ? (
        <p class="card">{t("nothingFinished")}</p>
      ) : (
        <>
          <section class="card">
            <h2>{t("throughput")}</h2>
            <Chart
              svg={barsChart(
                officers.map((r) => ({ label: r.label, value: r.finished + r.noStandard, href: steps(r.key, "on_time,late,no_standard"), colour: STATUS_COLOURS.open! })),
                { xLabel: t("finishedSteps"), describe: t("throughputDescribe"), format: (n) => formatNumber(n, lang) },
              )}
              caption={t("throughputCaption")}
            />
          </section>
          <div class="table-wrap">
            <table class="stack">
              <Head columns={[t("officer"), { label: t("finishedSteps"), num: true }, { label: t("stOnTime"), num: true }, { label: t("stLate"), num: true }, { label: t("onTimeShare"), num: true }, { label: t("openNow"), num: true }]} />
              <tbody>
                {officers.map((r) => {
                  return (
                  <tr>
                    <td>{r.label}</td>
                    <td class="num" data-label={t("finishedSteps")}>
                      <Figure n={r.finished + r.noStandard} href={steps(r.key, "on_time,late,no_standard")} lang={lang} />
                    </td>
                    <td class="num" data-label={t("stOnTime")}>
                      <Figure n={r.onTime} href={steps(r.key, "on_time")} lang={lang} />
                    </td>
                    <td class="num" data-label={t("stLate")}>
                      <Figure n={r.late} href={steps(r.key, "late")} lang={lang} />
                    </td>
                    <td class="num" data-label={t("onTimeShare")}>
                      <ShareLink onTime={r.onTime} finished={r.finished} href={steps(r.key, "on_time,late")} lang={lang} />
                    </td>
                    <td class="num" data-label={t("openNow")}>
                      <Figure n={openRows.get(r.key) ?? 0} href={link("/langkah", { office: d.q.office, permit_type: d.q.permit_type, officer: r.key, status: "open,at_risk,open_late", sort: "share" })} lang={lang} />
                    </td>
                  </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p class="muted small">{t("officersNote")}</p>
        </>
      )}
    </Layout>
  );
}
