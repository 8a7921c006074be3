import type { AuditRow } from "../../src/db/repos/audit-log.ts";
import { AUDIT_ACTIONS, isAuditAction } from "../../src/web/audit.ts";
import type { AuditQuery } from "../../src/web/audit-log.tsx";
import { ChoiceField } from "../components/form.tsx";
import { Head } from "../components/table-head.tsx";
import { formatDateTime } from "../format.ts";
import { Layout, type PageContext } from "../layout.tsx";
import { Pager } from "./dashboard/shared.tsx";

// Log audit: who did what, when, from where and how it ended, newest first; filtered by period,
// user, action and any text.

export interface AuditLogProps {
  ctx: PageContext;
  q: AuditQuery;
  list: { total: number; rows: AuditRow[] };
  page: number;
  pageSize: number;
  timezone: string;
}

export function AuditLogPage({ ctx, q, list, page, pageSize, timezone }: AuditLogProps) {
  const { t, lang } = ctx;
  const actionName = (a: string) => (isAuditAction(a) ? t(AUDIT_ACTIONS[a]) : a);
  const columns = [t("auditWhen"), t("auditWho"), t("auditAddress"), t("auditAction"), t("auditTarget"), t("auditResult"), t("auditDetail")];
  return (
    <Layout ctx={ctx} title={t("auditTitle")}>
      <h1>{t("auditTitle")}</h1>
      <p class="muted">{t("auditIntro")}</p>
      <form class="filters card" method="get" action="/admin/audit" role="search">
        <label class="field">
          <span>{t("from")}</span>
          <input type="date" name="from" value={q.from ?? ""} />
        </label>
        <label class="field">
          <span>{t("to")}</span>
          <input type="date" name="to" value={q.to ?? ""} />
        </label>
        <label class="field">
          <span>{t("auditUserFilter")}</span>
          <input name="user" value={q.user ?? ""} maxlength={320} autocomplete="off" />
        </label>
        <ChoiceField label={t("auditAction")} name="action" all={t("auditAllActions")} choices={Object.entries(AUDIT_ACTIONS).map(([a, key]) => [a, t(key)] as const)} chosen={q.action} />
        <label class="field">
          <span>{t("search")}</span>
          <input name="q" value={q.q ?? ""} maxlength={200} placeholder={t("auditSearchHint")} />
        </label>
        <button type="submit">{t("apply")}</button>
        <p class="quick muted">{t("auditZone", { zone: timezone })}</p>
      </form>
      {list.rows.length === 0 ? (
        <p>{t("auditNone")}</p>
      ) : (
        <table class="stack" data-testid="audit-log">
          <Head columns={columns} />
          <tbody>
            {list.rows.map((r) => (
              <tr>
                <td data-label={columns[0]}>
                  <time datetime={r.at.toISOString()} title={r.at.toISOString()}>
                    {formatDateTime(r.at, timezone, lang)}
                  </time>
                </td>
                <td data-label={columns[1]}>{r.user_email ?? "—"}</td>
                <td data-label={columns[2]}>{r.address ?? "—"}</td>
                <td data-label={columns[3]}>
                  {actionName(r.action)} <code class="small muted">{r.action}</code>
                </td>
                <td data-label={columns[4]}>
                  <code title={r.detail?.route}>{r.target}</code>
                </td>
                <td data-label={columns[5]}>{t(r.status < 400 ? "auditOk" : "auditFailed", { status: r.status })}</td>
                <td data-label={columns[6]} class="small">
                  <Detail row={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager d={{ ctx, q }} path="/admin/audit" page={page} pageSize={pageSize} total={list.total} />
    </Layout>
  );
}

/** A row's parameters, query, kept form fields, where it led and the token it came with. */
function Detail({ row }: { row: AuditRow }) {
  const d = row.detail;
  if (!d) return null;
  const pairs = [d.params, d.query, d.fields].flatMap((values) => Object.entries(values ?? {}));
  return (
    <>
      {pairs.map(([name, value]) => (
        <>
          <span>
            {name}: {value}
          </span>{" "}
        </>
      ))}
      {d.location ? <span>→ {d.location}</span> : null}{" "}
      {d.token ? (
        <span>
          token: {d.token.name} (#{d.token.id})
        </span>
      ) : null}
    </>
  );
}
