import type { ListedStep, StepSort } from "../../../src/db/repos/step-occurrences.ts";
import { link } from "../../../src/web/dashboard-filters.ts";
import { OWNER_KEYS } from "../../components/owner-chip.tsx";
import type { MessageKey } from "../../i18n.ts";
import { Layout } from "../../layout.tsx";
import { type DashboardContext, DashboardTabs, DownloadLinks, FilterForm, Pager, STATUS_KEYS, StepName, stepName, StepVerdictCells, stepColumns } from "./shared.tsx";
import { Head } from "../../components/table-head.tsx";

// Langkah: the step occurrences behind a per-step, per-owner or per-officer figure.

export interface StepsProps {
  d: DashboardContext;
  list: { total: number; rows: ListedStep[] };
  page: number;
  pageSize: number;
  sort: StepSort;
}

const SORT_KEYS: Record<StepSort, MessageKey> = { working: "sortWorking", share: "sortShare", newest: "sortNewest" };

export function StepsPage({ d, list, page, pageSize, sort }: StepsProps) {
  const { t } = d.ctx;
  const q = d.q;
  const first = list.rows[0];
  const what = [
    q.sop && q.position && first ? stepName(first) : null,
    q.owner ? t(OWNER_KEYS[q.owner]) : null,
    q.officer ? `${t("officer")}: ${q.officer}` : null,
    q.status ? q.status.map((s) => t(STATUS_KEYS[s]!)).join(", ") : null,
  ].filter(Boolean);
  return (
    <Layout ctx={d.ctx} title={t("stepsTitle")}>
      <DashboardTabs d={d} current="/langkah" />
      <h1>{t("stepsTitle")}</h1>
      {what.length > 0 ? <p class="lead">{what.join(" · ")}</p> : null}
      {q.sop && q.position && first?.description ? (
        <details class="step-text">
          <summary>{t("stepSopText")}</summary>
          <p>{first.description}</p>
        </details>
      ) : null}
      <FilterForm d={d} action="/langkah" list extra={{ sop: q.sop, position: q.position, owner: q.owner, officer: q.officer, status: q.status, sort: q.sort, basis: q.basis }} />
      <p class="sorts muted">
        {t("sortBy")}:{" "}
        {(Object.keys(SORT_KEYS) as StepSort[]).map((s) => (
          <>
            <a href={link("/langkah", { ...q, page: undefined, sort: s === "working" ? undefined : s })} aria-current={s === sort ? "true" : undefined}>
              {t(SORT_KEYS[s])}
            </a>{" "}
          </>
        ))}
      </p>
      <DownloadLinks d={d} path="/langkah" params={q} />
      {list.rows.length === 0 ? (
        <p class="card">{t("noStepsMatch")}</p>
      ) : (
        <div class="table-wrap">
          <table class="stack">
            <Head columns={[t("permitNumber"), t("step"), ...stepColumns(t, false)]} />
            <tbody>
              {list.rows.map((s) => (
                <tr>
                  <td>
                    <a href={`/permohonan/${s.permit_id}#langkah-${s.step_record_id}`}>{s.permit_number}</a>
                  </td>
                  <td>
                    <StepName s={s} t={t}>
                      {s.occurrence > 1 ? <span class="muted"> ({t("occurrenceN", { n: s.occurrence })})</span> : null}
                    </StepName>
                    {s.source_step_name && s.source_step_name !== s.step_name ? <div class="muted small">{s.source_step_name}</div> : null}
                  </td>
                  <StepVerdictCells d={d} s={s} timezone={s.zone} withDue={false} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager d={d} path="/langkah" page={page} pageSize={pageSize} total={list.total} />
    </Layout>
  );
}
