import { timelineChart } from "../../../src/charts/timeline.ts";
import type { findPermit } from "../../../src/db/repos/permits.ts";
import { link } from "../../../src/web/dashboard-filters.ts";
import { formatDateTime, formatTick } from "../../format.ts";
import { Layout } from "../../layout.tsx";
import { Chart, type DashboardContext, DashboardTabs, duration, percent, PrintHeading, reasonText, standardText, StatusChip, stepName, StepVerdictCells, stepColumns } from "./shared.tsx";
import { Head } from "../../components/table-head.tsx";

// Detail permohonan: the steps against their due times, working and calendar time, applicant
// pauses, the SOP and calendar versions used, and the rows the figures came from.

type Permit = NonNullable<Awaited<ReturnType<typeof findPermit>>>;

export function PermitPage({ d, permit: p }: { d: DashboardContext; permit: Permit }) {
  const { t, lang } = d.ctx;
  const tz = p.timezone;
  const at = (x: Date | null) => (x ? formatDateTime(x, tz, lang) : "—");
  const stepLabel = (s: Permit["steps"][number]) => `${stepName(s)}${s.occurrence > 1 ? ` (${s.occurrence})` : ""}`;
  // The applicant's collection after the office's last step: not part of the permit's time
  // (DOMAIN.md rule 6), shown as the applicant's time after issue.
  const lastOfficePosition = Math.max(0, ...p.steps.filter((s) => s.owner !== "applicant" && s.position !== null).map((s) => s.position!));
  const collection = p.finished_at ? p.steps.filter((s) => s.owner === "applicant" && (s.position ?? 0) > lastOfficePosition) : [];
  const collected = collection.length > 0 && collection.every((s) => s.ended_at !== null) ? collection.map((s) => s.ended_at!).sort((a, b) => b.getTime() - a.getTime())[0]! : null;
  const afterIssueSeconds = collection.reduce((sum, s) => sum + (s.working_seconds ?? 0), 0);
  const timeline = p.steps
    .filter((s) => s.started_at !== null)
    .map((s) => ({
      label: stepLabel(s),
      start: s.started_at!,
      // An open step runs to now; an unmeasurable one without an end is drawn as its start only.
      end: s.ended_at ?? (s.status === "not_measurable" ? s.started_at! : d.now),
      due: s.due_at,
      status: s.status ?? "not_measurable",
      title: `${s.step_name}: ${at(s.started_at)} – ${at(s.ended_at)}`,
    }));
  return (
    <Layout ctx={d.ctx} title={`${t("permit")} ${p.permit_number}`}>
      <DashboardTabs d={d} current="/permohonan" />
      <PrintHeading d={d} period={false} />
      <p class="breadcrumb">
        <a href={link("/permohonan", { office: p.office_slug })}>{t("navPermits")}</a> › {p.permit_number}
      </p>
      <h1>
        {p.permit_number} <StatusChip status={p.status} t={t} />
      </h1>
      <p class="lead">
        {p.permit_type} · {d.office?.name ?? p.office_slug}
      </p>
      {p.reason ? <p class="warning">{reasonText(p.reason, t)}</p> : null}
      <div class="grid">
        <section class="card">
          <h2>{t("timesTitle")}</h2>
          <dl class="facts">
            <dt>{t("submitted")}</dt>
            <dd>{at(p.submitted_at)}</dd>
            <dt>{t("received")}</dt>
            <dd>{at(p.received_at)}</dd>
            <dt>{t("due")}</dt>
            <dd>{at(p.due_at)}</dd>
            <dt>{t("finishedAtLabel")}</dt>
            <dd>{p.finished_at ? at(p.finished_at) : t("stillOpen")}</dd>
            {collection.length > 0 ? (
              <>
                <dt>{t("collectedAt")}</dt>
                <dd data-testid="collected">{collected ? at(collected) : t("notYetCollected")}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section class="card">
          <h2>{t("measureTitle")}</h2>
          <dl class="facts">
            <dt>{t("totalStandardLabel")}</dt>
            <dd data-testid="total-standard">
              {p.standard_seconds === null ? (p.total_standard ? standardText(p.total_standard, t, lang) : "—") : duration(d, p.standard_seconds)}{" "}
              {p.total_standard_kind ? <span class="muted">({t(p.total_standard_kind === "stated" ? "statedTotal" : "sumOfSteps")})</span> : null}
              {/* The sum's parts, step by step, for whoever wants to check it. */}
              {p.total_standard && p.total_standard_kind !== "stated" && p.total_standard.includes("+") ? (
                <details class="standard-parts">
                  <summary>{t("standardParts")}</summary>
                  {standardText(p.total_standard, t, lang)}
                </details>
              ) : null}
            </dd>
            <dt>{t("workingTime")}</dt>
            <dd>{duration(d, p.working_seconds)}</dd>
            <dt>{t("calendarTime")}</dt>
            <dd>{p.calendar_seconds === null ? "—" : t("nCalendarDays", { n: (p.calendar_seconds / 86400).toLocaleString(lang === "id" ? "id-ID" : "en-GB", { maximumFractionDigits: 1 }) })}</dd>
            <dt>{t("applicantPause")}</dt>
            <dd>{duration(d, p.applicant_pause_seconds)}</dd>
            {collection.length > 0 ? (
              <>
                <dt>{t("applicantAfterIssue")}</dt>
                <dd data-testid="after-issue">
                  {duration(d, afterIssueSeconds)} <span class="muted">({t("applicantAfterIssueHint")})</span>
                </dd>
              </>
            ) : null}
            <dt>{t("shareUsed")}</dt>
            <dd>{p.share_used === null ? "—" : percent(p.share_used, lang)}</dd>
            <dt>{t("sopVersionUsed")}</dt>
            <dd>{p.sop_slug ? <a href={`/sop/${p.sop_slug}?versi=${p.sop_version}`}>{t("versionN", { n: p.sop_version ?? "?" })}</a> : "—"}</dd>
            <dt>{t("calendarVersionUsed")}</dt>
            <dd>{p.calendar_version === null ? "—" : t("versionN", { n: p.calendar_version })}</dd>
            <dt>{t("evaluatedAt")}</dt>
            <dd>{at(p.evaluated_at)}</dd>
          </dl>
        </section>
      </div>
      <section class="card">
        <h2>{t("timelineTitle")}</h2>
        {timeline.length > 0 ? (
          <Chart svg={timelineChart(timeline, { due: t("due"), describe: t("timelineDescribe") }, (x) => formatTick(x, tz, lang))} caption={t("timelineCaption")} />
        ) : (
          <p class="muted">{t("noStartedSteps")}</p>
        )}
      </section>
      <section>
        <h2>{t("stepsTitle")}</h2>
        <div class="table-wrap">
          <table class="stack steps">
            <Head columns={[t("step"), ...stepColumns(t, true)]} />
            <tbody>
              {p.steps.map((s) => (
                <tr id={`langkah-${s.id}`} class={s.owner === "applicant" ? "applicant" : undefined}>
                  <td>
                    {stepLabel(s)}
                    {s.source_step_name && s.source_step_name !== s.step_name ? <div class="muted small">{s.source_step_name}</div> : null}
                  </td>
                  <StepVerdictCells d={d} s={s} timezone={tz} withDue />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section>
        <h2>{t("sourceRows")}</h2>
        <p class="muted">{t("sourceRowsHint")}</p>
        {p.steps.map((s) => (
          <details class="source-row">
            <summary>
              {stepLabel(s)} — {s.source_file ?? "—"}, {t("row").toLowerCase()} {s.source_row ?? "—"}
            </summary>
            <table class="raw">
              <tbody>
                {Object.entries(s.raw ?? {}).map(([k, v]) => (
                  <tr>
                    <th>{k}</th>
                    <td>{v === null ? "" : String(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ))}
      </section>
    </Layout>
  );
}
