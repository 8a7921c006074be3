import type { ComplianceRow } from "../../../src/db/repos/compliance.ts";
import type { SopListItem } from "../../../src/db/repos/sops.ts";
import { link, type Params, scopeParams } from "../../../src/web/dashboard-filters.ts";
import { formatIsoDate } from "../../format.ts";
import { Layout } from "../../layout.tsx";
import { type DashboardContext, DashboardTabs, DownloadLinks, Figure, FilterForm, ShareLink, workingDays } from "./shared.tsx";
import { Head } from "../../components/table-head.tsx";

// Jenis izin: every permit type's compliance in the period, each leading to its steps.

/** The page's rows (and its export's): a permit type, its SOPs, and its figures when it has any. */
export function permitTypesListed(d: DashboardContext, rows: ComplianceRow[]): { type: string; sops: SopListItem[]; row: ComplianceRow | undefined }[] {
  // One row per permit type with an SOP, those without finished permits too.
  // A chosen permit type narrows the list to it.
  return [...new Set([...d.sops.map((s) => s.permit_type), ...rows.map((r) => r.key)])]
    .filter((type) => d.q.permit_type === undefined || type === d.q.permit_type)
    .sort((a, b) => a.localeCompare(b, "id"))
    .map((type) => ({ type, sops: d.sops.filter((s) => s.permit_type === type), row: rows.find((x) => x.key === type) }));
}

export function PermitTypesPage({ d, rows }: { d: DashboardContext; rows: ComplianceRow[] }) {
  const { t, lang } = d.ctx;
  const scope = scopeParams(d.q);
  const list = (permitType: string, status: string, extra: Params = {}) =>
    link("/permohonan", { ...scope, permit_type: permitType, from: d.period.from, to: d.period.to, basis: "finished", status, ...extra });
  const types = permitTypesListed(d, rows);
  const nothing = rows.every((r) => r.finished === 0);
  return (
    <Layout ctx={d.ctx} title={t("navPermitTypes")}>
      <DashboardTabs d={d} current="/jenis-izin" />
      <h1>{t("navPermitTypes")}</h1>
      <FilterForm d={d} action="/jenis-izin" />
      <DownloadLinks d={d} path="/jenis-izin" params={scope} />
      {nothing ? (
        <p class="warning" data-testid="nothing-finished">
          {t("noFinishedForFilters", { office: d.office?.name ?? t("allOfficesOption"), from: formatIsoDate(d.period.from, lang), to: formatIsoDate(d.period.to, lang) })}
        </p>
      ) : null}
      <div class="table-wrap">
        <table class="stack">
          <Head columns={[t("permitType"), t("office"), { label: t("finishedPermits"), num: true }, { label: t("stOnTime"), num: true }, { label: t("stLate"), num: true }, { label: t("onTimeShare"), num: true }, { label: t("median"), num: true }, { label: t("p90"), num: true }]} />
          <tbody>
            {types.map(({ type, sops, row: r }) => {
              return (
                <tr>
                  <td>
                    {sops.length === 0
                      ? type
                      : sops.map((s, i) => (
                          <>
                            {i > 0 ? <br /> : null}
                            <a href={link(`/jenis-izin/${s.slug}`, { from: d.q.from, to: d.q.to })}>
                              {sops.length > 1 ? t("sopOfOffice", { type, office: d.offices.find((o) => o.id === s.office_id)?.name ?? "" }) : type}
                            </a>
                          </>
                        ))}
                  </td>
                  <td data-label={t("office")} class="minor">
                    {sops.map((s) => d.offices.find((o) => o.id === s.office_id)?.name).join(", ")}
                  </td>
                  <td class="num" data-label={t("finishedPermits")}>
                    <Figure n={r?.finished ?? 0} href={list(type, "on_time,late")} lang={lang} />
                  </td>
                  <td class="num" data-label={t("stOnTime")}>
                    <Figure n={r?.onTime ?? 0} href={list(type, "on_time")} lang={lang} />
                  </td>
                  <td class="num" data-label={t("stLate")}>
                    <Figure n={r?.late ?? 0} href={list(type, "late")} lang={lang} />
                  </td>
                  <td class="num" data-label={t("onTimeShare")}>
                    <ShareLink onTime={r?.onTime ?? 0} finished={r?.finished ?? 0} href={list(type, "on_time,late")} lang={lang} />
                  </td>
                  {/* The list behind a median or p90: the finished permits, longest first. */}
                  <td class="num" data-label={t("median")}>
                    <a href={list(type, "on_time,late", { sort: "working" })}>{workingDays(d, r?.medianWorkingSeconds ?? null)}</a>
                  </td>
                  <td class="num" data-label={t("p90")}>
                    <a href={list(type, "on_time,late", { sort: "working" })}>{workingDays(d, r?.p90WorkingSeconds ?? null)}</a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
