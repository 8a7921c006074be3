import type { ListedPermit, PermitSort } from "../../../src/db/repos/permits.ts";
import { link, openNowList, STATUSES } from "../../../src/web/dashboard-filters.ts";
import { formatIsoDate, formatNumber } from "../../format.ts";
import type { MessageKey } from "../../i18n.ts";
import { Layout } from "../../layout.tsx";
import { type DashboardContext, DashboardTabs, DownloadLinks, duration, FilterForm, Pager, percent, STATUS_KEYS, StatusChip, When } from "./shared.tsx";
import { Head } from "../../components/table-head.tsx";

// Permohonan: every permit in the filters, searchable and sortable; open ones first by how much
// of their standard they have used.

export interface PermitsProps {
  d: DashboardContext;
  list: { total: number; rows: ListedPermit[] };
  counts: Record<string, number>;
  page: number;
  pageSize: number;
  sort: PermitSort;
}

const SORT_KEYS: Record<PermitSort, MessageKey> = { attention: "sortAttention", newest: "sortNewest", oldest: "sortOldest", working: "sortWorking", number: "sortNumber" };

export function PermitsPage({ d, list, counts, page, pageSize, sort }: PermitsProps) {
  const { t, lang } = d.ctx;
  const q = d.q;
  const here = (extra: Record<string, string | undefined>) => link("/permohonan", { ...q, page: undefined, ...extra });
  const selected = new Set(q.status ?? []);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const periodNote = openNowList(q, d.period)
    ? t("allDates")
    : t(q.basis === "finished" ? "finishedBetween" : "submittedBetween", { from: formatIsoDate(d.period.from, lang), to: formatIsoDate(d.period.to, lang) });
  return (
    <Layout ctx={d.ctx} title={t("navPermits")}>
      <DashboardTabs d={d} current="/permohonan" />
      <h1>{t("navPermits")}</h1>
      <FilterForm d={d} action="/permohonan" list extra={{ status: q.status, q: q.q, sort: q.sort, basis: q.basis }} />
      <p class="muted">{periodNote}</p>
      <nav class="chips" aria-label={t("status")}>
        <a href={here({ status: undefined })} class="chip" aria-current={selected.size === 0 ? "true" : undefined}>
          {t("allStatuses")} ({formatNumber(total, lang)})
        </a>
        {STATUSES.filter((s) => s !== "no_standard").map((s) => (
          <a href={here({ status: s })} class={`chip status status-${s}`} aria-current={selected.size === 1 && selected.has(s) ? "true" : undefined}>
            {t(STATUS_KEYS[s]!)} ({formatNumber(counts[s] ?? 0, lang)})
          </a>
        ))}
      </nav>
      <form method="get" action="/permohonan" class="search">
        {Object.entries({ ...q, q: undefined, page: undefined }).map(([k, v]) => (v === undefined ? null : <input type="hidden" name={k} value={Array.isArray(v) ? v.join(",") : String(v)} />))}
        <label class="field">
          <span>{t("searchPermitNumber")}</span>
          {/* A number as the office's own system writes them: the first one listed. */}
          <input type="search" name="q" value={q.q ?? ""} placeholder={list.rows[0]?.permit_number ?? ""} />
        </label>
        <button type="submit">{t("search")}</button>
      </form>
      <p class="sorts muted">
        {t("sortBy")}:{" "}
        {(Object.keys(SORT_KEYS) as PermitSort[]).map((s) => (
          <>
            <a href={here({ sort: s === "attention" ? undefined : s })} aria-current={s === sort ? "true" : undefined}>
              {t(SORT_KEYS[s])}
            </a>{" "}
          </>
        ))}
      </p>
      <DownloadLinks d={d} path="/permohonan" params={q} />
      {list.rows.length === 0 ? (
        <p class="card">{t("noPermitsMatch")}</p>
      ) : (
        <div class="table-wrap">
          <table class="permits stack">
            <Head columns={[t("permitNumber"), t("permitType"), t("submitted"), t("status"), { label: t("workingTime"), num: true }, { label: t("shareUsed"), num: true }, t("due")]} />
            <tbody>
              {list.rows.map((p) => (
                <tr>
                  <td>
                    <a href={`/permohonan/${p.id}`}>{p.permit_number}</a>
                  </td>
                  <td data-label={t("permitType")} class="minor">
                    {p.permit_type}
                  </td>
                  <td data-label={t("submitted")} class="minor">
                    <When at={p.submitted_at} timezone={p.timezone} lang={lang} />
                  </td>
                  <td class="status-cell">
                    <StatusChip status={p.status} t={t} />
                  </td>
                  <td class="num" data-label={t("workingTime")}>
                    {duration(d, p.working_seconds)}
                  </td>
                  <td class="num" data-label={t("shareUsed")}>
                    {p.share_used === null ? "—" : percent(p.share_used, lang)}
                  </td>
                  <td data-label={t("due")} class="minor">
                    <When at={p.due_at} timezone={p.timezone} lang={lang} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager d={d} path="/permohonan" page={page} pageSize={pageSize} total={list.total} />
    </Layout>
  );
}
