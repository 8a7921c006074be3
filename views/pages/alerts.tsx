import type { DeliveryRow } from "../../src/db/repos/alert-deliveries.ts";
import type { AlertEventRow, ListedAlert } from "../../src/db/repos/alerts.ts";
import type { AlertLevel } from "../../src/db/schema.ts";
import type { OfficeListItem } from "../../src/db/repos/offices.ts";
import { link } from "../../src/web/dashboard-filters.ts";
import { formatDateTime, formatNumber } from "../format.ts";
import type { MessageKey, Translate } from "../i18n.ts";
import { ChoiceField, CsrfField, PostButton } from "../components/form.tsx";
import { Head } from "../components/table-head.tsx";
import { Layout, may, type PageContext } from "../layout.tsx";
import { When } from "./dashboard/shared.tsx";

// Peringatan: the alerts raised when an open permit or step crossed a threshold of its standard,
// unacknowledged first; each opens on its own page with its history and what can be done to it.

export const LEVEL_KEYS: Record<AlertLevel, MessageKey> = { warning: "levelWarning", warning2: "levelWarning2", breach: "levelBreach" };

const EVENT_KEYS: Record<string, MessageKey> = {
  raised: "evRaised",
  acknowledged: "evAcknowledged",
  assigned: "evAssigned",
  comment: "evComment",
  resolved: "evResolved",
  cancelled: "evCancelled",
  sent: "evSent",
  failed: "evFailed",
  resent: "evResent",
};

export type AlertState = "new" | "acknowledged" | "resolved";

export function alertState(a: Pick<ListedAlert, "acknowledged_at" | "resolved_at">): AlertState {
  return a.resolved_at ? "resolved" : a.acknowledged_at ? "acknowledged" : "new";
}

const DELIVERY_KEYS: Record<DeliveryRow["status"], MessageKey> = {
  pending: "deliveryPending",
  sending: "deliverySending",
  sent: "deliverySent",
  failed: "deliveryFailed",
  cancelled: "deliveryCancelled",
};

const STATE_KEYS: Record<AlertState, MessageKey> = { new: "alertStateNew", acknowledged: "alertStateAcknowledged", resolved: "alertStateResolved" };

function LevelChip({ level, t }: { level: AlertLevel; t: Translate }) {
  return <span class={`chip alert-${level}`}>{t(LEVEL_KEYS[level])}</span>;
}

function what(a: ListedAlert, t: Translate): string {
  if (a.step_record_id === null) return t("alertWholePermit");
  return `${a.position ? `${a.position}. ` : ""}${a.step_name ?? ""}`;
}

export interface AlertFilterValues {
  office?: string | undefined;
  permit_type?: string | undefined;
  level?: AlertLevel | undefined;
  state?: AlertState | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page?: number | undefined;
}

export interface AlertsPageProps {
  ctx: PageContext;
  offices: OfficeListItem[];
  permitTypes: string[];
  q: AlertFilterValues;
  total: number;
  alerts: ListedAlert[];
  page: number;
  pageSize: number;
}

export function AlertsPage(p: AlertsPageProps) {
  const { ctx, q } = p;
  const { t, lang } = ctx;
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const params = { ...q, page: undefined };
  const back = `${ctx.url.pathname}${ctx.url.search}`;
  return (
    <Layout ctx={ctx} title={t("alertsTitle")}>
      <h1>{t("alertsTitle")}</h1>
      <p class="muted">{t("alertsIntro")}</p>
      {may(ctx, "office_settings") ? (
      <p class="muted small" data-testid="alert-settings-links">
        {t("alertSettings")}:{" "}
        {p.offices.map((o, i) => (
          <>
            {i > 0 ? " · " : ""}
            <a href={`/peringatan/pengaturan/${o.slug}`}>{o.name}</a>
          </>
        ))}
      </p>
      ) : null}
      <form method="get" action="/peringatan" class="filters" data-testid="alert-filters">
        <ChoiceField label={t("office")} name="office" all={t("allOffices")} choices={p.offices.map((o) => [o.slug, o.name] as const)} chosen={q.office} />
        <ChoiceField label={t("permitType")} name="permit_type" all={t("allPermitTypes")} choices={p.permitTypes.map((type) => [type, type] as const)} chosen={q.permit_type} />
        <ChoiceField label={t("alertLevel")} name="level" all={t("allLevels")} choices={(Object.keys(LEVEL_KEYS) as AlertLevel[]).map((l) => [l, t(LEVEL_KEYS[l])] as const)} chosen={q.level} />
        <ChoiceField label={t("alertState")} name="state" all={t("allAlertStates")} choices={(Object.keys(STATE_KEYS) as AlertState[]).map((s) => [s, t(STATE_KEYS[s])] as const)} chosen={q.state} />
        <label class="field">
          <span>{t("alertRaisedFrom")}</span>
          <input type="date" name="from" value={q.from ?? ""} />
        </label>
        <label class="field">
          <span>{t("alertRaisedTo")}</span>
          <input type="date" name="to" value={q.to ?? ""} />
        </label>
        <button type="submit">{t("apply")}</button>
      </form>
      {p.alerts.length === 0 ? (
        <p class="muted">{t("alertNone")}</p>
      ) : (
        <table class="stack" data-testid="alert-list">
          <Head columns={[t("alertRaised"), t("alertLevel"), t("permitNumber"), t("permitType"), t("alertWhat"), t("alertState"), t("alertAssignee"), ""]} />
          <tbody>
            {p.alerts.map((a) => (
              <tr class={alertState(a) === "new" ? "unread" : undefined}>
                <td data-label={t("alertRaised")}>
                  <When at={a.raised_at} timezone={a.zone} lang={lang} />
                </td>
                <td data-label={t("alertLevel")}>
                  <LevelChip level={a.level} t={t} />
                  {a.found_at_import ? <span class="muted small"> {t("alertFoundAtImport")}</span> : null}
                </td>
                <td data-label={t("permitNumber")}>
                  <a href={`/peringatan/${a.id}`}>{a.permit_number}</a>{" "}
                  <a href={`/permohonan/${a.permit_id}`} class="muted small">
                    ({t("alertPermit")})
                  </a>
                </td>
                <td data-label={t("permitType")}>{a.permit_type ?? "—"}</td>
                <td data-label={t("alertWhat")}>{what(a, t)}</td>
                <td data-label={t("alertState")}>{t(STATE_KEYS[alertState(a)])}</td>
                <td data-label={t("alertAssignee")}>{a.assignee ?? "—"}</td>
                <td>
                  {alertState(a) === "new" && may(ctx, "act_on_alerts") ? (
                    <PostButton ctx={ctx} action={`/peringatan/${a.id}/tandai`} label={t("alertAcknowledge")}>
                      <input type="hidden" name="back" value={back} />
                    </PostButton>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label={t("pages")}>
        {p.page > 1 ? <a href={link("/peringatan", { ...params, page: p.page - 1 === 1 ? undefined : p.page - 1 })} rel="prev">‹ {t("previous")}</a> : <span />}
        <span class="muted">{t("pageOf", { page: formatNumber(p.page, lang), pages: formatNumber(pages, lang), total: formatNumber(p.total, lang) })}</span>
        {p.page < pages ? <a href={link("/peringatan", { ...params, page: p.page + 1 })} rel="next">{t("next")} ›</a> : <span />}
      </nav>
    </Layout>
  );
}

export interface AlertPageProps {
  ctx: PageContext;
  alert: ListedAlert;
  events: AlertEventRow[];
  /** Its messages, one per channel. */
  deliveries: DeliveryRow[];
  error?: string;
}

function Deliveries({ ctx, alertId, zone, deliveries }: { ctx: PageContext; alertId: number; zone: string; deliveries: DeliveryRow[] }) {
  const { t, lang } = ctx;
  if (deliveries.length === 0) return <p class="muted">{t("deliveryNone")}</p>;
  const at = (d: Date) => formatDateTime(d, zone, lang);
  return (
    <table class="stack" data-testid="alert-deliveries">
      <Head columns={[t("deliveryChannel"), t("deliveryStatus"), t("deliveryAttempts"), t("deliveryWhen"), t("deliveryError"), ""]} />
      <tbody>
        {deliveries.map((d) => (
          <tr>
            <td data-label={t("deliveryChannel")}>
              {d.channel_name} <span class="muted small">({d.channel_kind === "webhook" ? t("channelKindWebhook") : t("channelKindEmail")})</span>
            </td>
            <td data-label={t("deliveryStatus")}>{t(DELIVERY_KEYS[d.status])}</td>
            <td data-label={t("deliveryAttempts")}>{formatNumber(d.attempts, lang)}</td>
            <td data-label={t("deliveryWhen")}>
              {d.sent_at ? t("deliverySentAt", { at: at(d.sent_at) }) : d.status === "pending" || d.status === "sending" ? t("deliveryNextTry", { at: at(d.not_before) }) : "—"}
            </td>
            <td data-label={t("deliveryError")}>{d.last_error ?? "—"}</td>
            <td>
              {d.status === "failed" && may(ctx, "act_on_alerts") ? (
                <form method="post" action={`/peringatan/${alertId}/pengiriman/${d.id}/kirim-ulang`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <button type="submit">{t("deliveryResend")}</button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AlertPage({ ctx, alert: a, events, deliveries, error }: AlertPageProps) {
  const { t, lang } = ctx;
  const at = (d: Date | null) => (d ? formatDateTime(d, a.zone, lang) : "—");
  return (
    <Layout ctx={ctx} title={t("alertTitle", { id: a.id })}>
      <p>
        <a href="/peringatan">‹ {t("alertsTitle")}</a>
      </p>
      <h1>
        {t("alertTitle", { id: a.id })} <LevelChip level={a.level} t={t} />
      </h1>
      {error ? (
        <p class="warning" role="alert">
          {error}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t("office")}</dt>
        <dd>{a.office_name}</dd>
        <dt>{t("permitNumber")}</dt>
        <dd>
          <a href={`/permohonan/${a.permit_id}`}>{a.permit_number}</a> ({t("alertPermit")})
        </dd>
        <dt>{t("permitType")}</dt>
        <dd>{a.permit_type ?? "—"}</dd>
        <dt>{t("alertWhat")}</dt>
        <dd>{what(a, t)}</dd>
        {a.actor ? (
          <>
            <dt>{t("officer")}</dt>
            <dd>{a.actor}</dd>
          </>
        ) : null}
        <dt>{t("alertCrossed")}</dt>
        <dd>
          {at(a.crossed_at)}
          {a.found_at_import ? ` (${t("alertFoundAtImport")})` : ""}
        </dd>
        <dt>{t("due")}</dt>
        <dd>{at(a.due_at)}</dd>
        <dt>{t("alertState")}</dt>
        <dd>
          {t(STATE_KEYS[alertState(a)])}
          {a.acknowledged_at ? ` · ${t("alertAcknowledgedBy", { who: a.acknowledged_by ?? "—", at: at(a.acknowledged_at) })}` : ""}
        </dd>
        <dt>{t("alertAssignee")}</dt>
        <dd>{a.assignee ?? "—"}</dd>
      </dl>
      {may(ctx, "act_on_alerts") ? (
      <div class="grid">
        {a.acknowledged_at ? null : (
          <form method="post" action={`/peringatan/${a.id}/tandai`} class="card">
            <CsrfField ctx={ctx} />
            <button type="submit">{t("alertAcknowledge")}</button>
          </form>
        )}
        <form method="post" action={`/peringatan/${a.id}/tugaskan`} class="card">
          <CsrfField ctx={ctx} />
          <label class="field">
            <span>{t("alertAssignTo")}</span>
            <input name="to" required maxlength={100} value={a.assignee ?? ""} />
          </label>
          <button type="submit">{t("alertAssign")}</button>
        </form>
        <form method="post" action={`/peringatan/${a.id}/komentar`} class="card">
          <CsrfField ctx={ctx} />
          <label class="field">
            <span>{t("alertComment")}</span>
            <textarea name="text" required maxlength={2000} rows={3} />
          </label>
          <button type="submit">{t("alertAddComment")}</button>
        </form>
      </div>
      ) : null}
      <h2>{t("deliveriesTitle")}</h2>
      <Deliveries ctx={ctx} alertId={a.id} zone={a.zone} deliveries={deliveries} />
      <h2>{t("alertHistory")}</h2>
      <ol class="history" data-testid="alert-history">
        {events.map((e) => (
          <li>
            <When at={e.at} timezone={a.zone} lang={lang} /> · <strong>{EVENT_KEYS[e.kind] ? t(EVENT_KEYS[e.kind]!) : e.kind}</strong>
            {e.actor ? ` · ${e.actor}` : ""}
            {e.body ? <>: {e.body}</> : null}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
