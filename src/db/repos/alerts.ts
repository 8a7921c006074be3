import { type Access, visible } from "./access.ts";
import { type Kysely, sql, type Transaction } from "kysely";
import type { AlertLevel, DB } from "../schema.ts";
import type { TakenCrossing } from "./alert-crossings.ts";
import { officeIn, type OfficeSet, officeZones } from "./scope.ts";

// Alerts as stored: raised once per (permit, step occurrence or total, level) by the alert job,
// then acknowledged, assigned and commented on from the Peringatan page; each change is an event.

/**
 * Stores an alert for each crossing taken, with what a reader needs to act on it (permit type,
 * step, officer, standard, due), and its "raised" event. A crossing whose alert exists already
 * (a second runner, a replayed queue) adds nothing. Returns the ids of the new alerts.
 */
export async function raiseAlerts(trx: Transaction<DB>, taken: readonly TakenCrossing[], now: Date): Promise<number[]> {
  if (taken.length === 0) return [];
  const { rows } = await sql<{ id: number }>`
    with t as (
      select * from unnest(${taken.map((c) => c.permit_id)}::bigint[], ${taken.map((c) => c.step_record_id)}::bigint[], ${taken.map((c) => c.level)}::text[],
                           ${taken.map((c) => c.at.toISOString())}::timestamptz[], ${taken.map((c) => (c.found_at_import ? 1 : 0))}::int[], ${taken.map((c) => c.share)}::float8[])
        as t(permit_id, step_record_id, level, at, found, share)
    )
    insert into alert (office_id, permit_id, step_record_id, level, crossed_at, raised_at, found_at_import, permit_type, position, step_name, actor, standard_seconds, due_at, share)
    select p.office_id, t.permit_id, t.step_record_id, t.level, t.at, ${now}, t.found = 1,
           coalesce(sv.permit_type, pv.permit_type, p.permit_type), sv.position, r.step_name, r.actor,
           coalesce(sv.standard_seconds, pv.standard_seconds), coalesce(sv.late_at, sv.due_at, pv.late_at, pv.due_at),
           -- Found at import: the share used then; else the share its threshold stands for.
           case when t.found = 1 then coalesce(sv.share_used, pv.share_used) else t.share end
    from t
    join permit p on p.id = t.permit_id
    left join permit_verdict pv on pv.permit_id = t.permit_id
    left join step_verdict sv on sv.permit_id = t.permit_id and sv.step_record_id = t.step_record_id
    left join step_record r on r.id = t.step_record_id
    on conflict do nothing
    returning id`.execute(trx);
  const ids = rows.map((r) => Number(r.id));
  if (ids.length > 0) {
    await sql`insert into alert_event (alert_id, at, kind) select id, ${now}, 'raised' from unnest(${ids}::bigint[]) id`.execute(trx);
  }
  return ids;
}

export interface AlertFilter {
  officeId: OfficeSet;
  level?: AlertLevel | undefined;
  /** "new": not acknowledged; "acknowledged"; "resolved": what it judged has closed. */
  state?: "new" | "acknowledged" | "resolved" | undefined;
  permitType?: string | undefined;
  /** Raised from / through these days (YYYY-MM-DD), in each office's zone. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface ListedAlert {
  id: number;
  office_slug: string;
  office_name: string;
  permit_id: number;
  permit_number: string;
  permit_type: string | null;
  step_record_id: number | null;
  position: number | null;
  step_name: string | null;
  actor: string | null;
  level: AlertLevel;
  crossed_at: Date;
  raised_at: Date;
  found_at_import: boolean;
  standard_seconds: number | null;
  due_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  assignee: string | null;
  resolved_at: Date | null;
  zone: string;
}

const joined = (db: Kysely<DB>, days: Pick<AlertFilter, "from" | "to"> = {}) =>
  db
    .selectFrom("alert as a")
    .innerJoin("permit as p", "p.id", "a.permit_id")
    .innerJoin("office as o", "o.id", "a.office_id")
    .innerJoin(sql<{ office_id: number; zone: string; lo: Date | null; hi: Date | null }>`(${officeZones(days)})`.as("z"), "z.office_id", "a.office_id");

const withColumns = (q: ReturnType<typeof joined>) =>
  q
    .select([
      "a.id", "o.slug as office_slug", "o.name as office_name", "a.permit_id", "p.permit_number", "a.permit_type", "a.step_record_id", "a.position",
      "a.step_name", "a.actor", "a.level", "a.crossed_at", "a.raised_at", "a.found_at_import", "a.standard_seconds", "a.due_at", "a.acknowledged_at",
      "a.acknowledged_by", "a.assignee", "a.resolved_at",
      "z.zone",
    ]);

function filtered(db: Kysely<DB>, f: AlertFilter) {
  let q = joined(db, f).where(officeIn(sql.ref("a.office_id"), f.officeId));
  if (f.level) q = q.where("a.level", "=", f.level);
  if (f.permitType) q = q.where("a.permit_type", "=", f.permitType);
  if (f.state === "new") q = q.where("a.acknowledged_at", "is", null).where("a.resolved_at", "is", null);
  if (f.state === "acknowledged") q = q.where("a.acknowledged_at", "is not", null);
  if (f.state === "resolved") q = q.where("a.resolved_at", "is not", null);
  if (f.from) q = q.where(sql<boolean>`a.raised_at >= z.lo`);
  if (f.to) q = q.where(sql<boolean>`a.raised_at < z.hi`);
  return q;
}

/** A page of alerts, the new ones (not acknowledged, still open) first, then newest first. */
export async function listAlerts(db: Kysely<DB>, f: AlertFilter, page: { limit: number; offset: number }): Promise<{ total: number; alerts: ListedAlert[] }> {
  const [{ n }] = (await filtered(db, f).select((eb) => eb.fn.countAll<number>().as("n")).execute()) as [{ n: number }];
  const alerts = await withColumns(filtered(db, f))
    .orderBy(sql`a.acknowledged_at is null and a.resolved_at is null`, "desc")
    .orderBy("a.raised_at", "desc")
    .orderBy("a.id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(n), alerts };
}

/** Alerts not yet acknowledged of what is still open: the header's counter. */
export async function unacknowledgedCount(db: Kysely<DB>, officeId: OfficeSet): Promise<number> {
  const r = await db
    .selectFrom("alert")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("acknowledged_at", "is", null)
    .where("resolved_at", "is", null)
    .where(officeIn(sql.ref("office_id"), officeId))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findAlert(db: Kysely<DB>, id: number, access: Access): Promise<ListedAlert | undefined> {
  return withColumns(joined(db)).where("a.id", "=", id).where(visible("a.office_id", access)).executeTakeFirst();
}

export interface AlertEventRow {
  at: Date;
  kind: string;
  actor: string | null;
  body: string | null;
}

export async function alertEvents(db: Kysely<DB>, alertId: number): Promise<AlertEventRow[]> {
  return db.selectFrom("alert_event").select(["at", "kind", "actor", "body"]).where("alert_id", "=", alertId).orderBy("at").orderBy("id").execute();
}

/**
 * What a reader does to an alert: acknowledge it, assign it to someone, or comment; each is
 * recorded in its history. Returns false when there is no such alert the access may see.
 */
export async function actOnAlert(
  db: Kysely<DB>,
  id: number,
  act: { kind: "acknowledged" } | { kind: "assigned"; to: string } | { kind: "comment"; text: string },
  actor: string | null,
  now: Date,
  access: Access,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom("alert").select(["id", "acknowledged_at"]).where("id", "=", id).where(visible("office_id", access)).forUpdate().executeTakeFirst();
    if (!found) return false;
    if (act.kind === "acknowledged") {
      if (found.acknowledged_at !== null) return true;
      await trx.updateTable("alert").set({ acknowledged_at: now, acknowledged_by: actor }).where("id", "=", id).execute();
    }
    if (act.kind === "assigned") await trx.updateTable("alert").set({ assignee: act.to }).where("id", "=", id).execute();
    const body = act.kind === "assigned" ? act.to : act.kind === "comment" ? act.text : null;
    await trx.insertInto("alert_event").values({ alert_id: id, at: now, kind: act.kind, actor, body }).execute();
    return true;
  });
}

/** The permit types alerts have been raised for (the page's filter). */
export async function alertPermitTypes(db: Kysely<DB>, officeId: OfficeSet): Promise<string[]> {
  const rows = await db
    .selectFrom("alert")
    .select("permit_type")
    .distinct()
    .where("permit_type", "is not", null)
    .where(officeIn(sql.ref("office_id"), officeId))
    .orderBy("permit_type")
    .execute();
  return rows.map((r) => r.permit_type!);
}
