import { type Kysely, type Selectable, sql } from "kysely";
import type { AuditDetail, AuditEventTable, DB } from "../schema.ts";

// The audit log: one row per thing done (src/web/audit.ts decides what), listed newest first.

export interface AuditEntry {
  at: Date;
  userId: number | null;
  userEmail: string | null;
  address: string | null;
  action: string;
  target: string;
  detail: AuditDetail | null;
  status: number;
}

export async function recordAudit(db: Kysely<DB>, e: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_event")
    .values({ at: e.at, user_id: e.userId, user_email: e.userEmail, address: e.address, action: e.action, target: e.target, detail: e.detail, status: e.status })
    .execute();
}

export interface AuditFilter {
  /** From this instant on, and before `to`. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** A user's e-mail, whatever its case. */
  user?: string | undefined;
  action?: string | undefined;
  /** Text anywhere in the row: its e-mail, action, target, address or detail. */
  q?: string | undefined;
}

export type AuditRow = Selectable<AuditEventTable>;

export async function listAudit(db: Kysely<DB>, f: AuditFilter, page: { page: number; pageSize: number }): Promise<{ total: number; rows: AuditRow[] }> {
  let q = db.selectFrom("audit_event");
  if (f.from) q = q.where("at", ">=", f.from);
  if (f.to) q = q.where("at", "<", f.to);
  if (f.user) q = q.where(sql<boolean>`lower(user_email) = lower(${f.user.trim()})`);
  if (f.action) q = q.where("action", "=", f.action);
  // strpos, not ilike: the text typed is matched as it is, % and _ too.
  if (f.q) q = q.where(sql<boolean>`strpos(lower(concat_ws(' ', user_email, action, target, address, detail::text)), lower(${f.q})) > 0`);
  const [{ n }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    q.selectAll().orderBy("at", "desc").orderBy("id", "desc").limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute(),
  ]);
  return { total: Number(n), rows };
}
