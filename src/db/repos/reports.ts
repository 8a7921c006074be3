import type { Access } from "./access.ts";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB, ReportTable } from "../schema.ts";
import { officeIn } from "./scope.ts";

// The reports made so far (migration 014).

export interface NewReport {
  /** The offices, null for every office. */
  officeIds: readonly number[] | null;
  from: string;
  to: string;
  lang: ReportTable["lang"];
  madeBy: string;
  scheduled: boolean;
  at: Date;
}

/** The newest of what a report's figures depend on, for a set of offices (every office's when null). */
export interface DataMarks {
  batch: number | null;
  calendarVersion: number | null;
  sopVersion: number | null;
  alias: number | null;
}

/** `offices`: an int[] expression, null for every office. */
const MARKS = (offices: RawBuilder<unknown>) => sql`
  (select max(b.id) from import_batch b where b.status in ('succeeded', 'evaluating') and ${officeIn(sql`b.office_id`, offices)}) as batch,
  (select max(cv.id) from calendar_version cv join office o on o.calendar_id = cv.calendar_id where ${officeIn(sql`o.id`, offices)}) as calendar_version,
  (select max(sv.id) from sop_version sv join sop s on s.id = sv.sop_id where ${officeIn(sql`s.office_id`, offices)}) as sop_version,
  (select max(a.id) from sop_step_alias a join sop_step st on st.id = a.sop_step_id join sop_version sv on sv.id = st.sop_version_id
     join sop s on s.id = sv.sop_id where ${officeIn(sql`s.office_id`, offices)}) as alias`;

const idsArray = (ids: readonly number[] | null) => sql`${ids === null ? null : [...ids]}::int[]`;

export async function dataMarks(db: Kysely<DB>, officeIds: readonly number[] | null): Promise<DataMarks> {
  const { rows } = await sql<{ batch: number | null; calendar_version: number | null; sop_version: number | null; alias: number | null }>`
    select ${MARKS(idsArray(officeIds))}`.execute(db);
  const r = rows[0];
  return { batch: r?.batch ?? null, calendarVersion: r?.calendar_version ?? null, sopVersion: r?.sop_version ?? null, alias: r?.alias ?? null };
}

/** The stored form of a set: ascending (one set, one claim), and the one office of a one-office report. */
function officeColumns(ids: readonly number[] | null): { office_id: number | null; office_ids: number[] | null } {
  if (ids === null) return { office_id: null, office_ids: null };
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  return { office_id: sorted.length === 1 ? sorted[0]! : null, office_ids: sorted };
}

/** Records a report being made; for a scheduled one, null when another process has claimed it. */
export async function claimReport(db: Kysely<DB>, r: NewReport): Promise<number | null> {
  const row = await db
    .insertInto("report")
    .values({ ...officeColumns(r.officeIds), period_from: r.from, period_to: r.to, lang: r.lang, made_by: r.madeBy, scheduled: r.scheduled, status: "making", created_at: r.at })
    .onConflict((oc) => oc.columns(["office_ids", "period_from", "period_to", "lang"]).where("scheduled", "=", true).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * A scheduled report whose maker stopped halfway (still "making" long after it began, or failed)
 * is taken over: returns its id when this caller got it.
 */
export async function retakeScheduledReport(db: Kysely<DB>, r: Omit<NewReport, "madeBy" | "scheduled">, staleBefore: Date): Promise<number | null> {
  const row = await db
    .updateTable("report")
    .set({ status: "making", created_at: sql`${r.at}::timestamptz`, error: null })
    .where("scheduled", "=", true)
    .where(sql<boolean>`office_ids is not distinct from ${idsArray(officeColumns(r.officeIds).office_ids)}`)
    .where("period_from", "=", r.from)
    .where("period_to", "=", r.to)
    .where("lang", "=", r.lang)
    .where((eb) => eb.or([eb("status", "=", "failed"), eb.and([eb("status", "=", "making"), eb("created_at", "<", staleBefore)])]))
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function finishReport(db: Kysely<DB>, id: number, v: { fileName: string; bytes: number; marks: DataMarks; at: Date }): Promise<void> {
  await db
    .updateTable("report")
    .set({
      status: "done", file_name: v.fileName, bytes: v.bytes, finished_at: v.at, last_batch_id: v.marks.batch, calendar_version_id: v.marks.calendarVersion,
      sop_version_id: v.marks.sopVersion, alias_id: v.marks.alias,
    })
    .where("id", "=", id)
    .execute();
}

export async function failReport(db: Kysely<DB>, id: number, error: string, at: Date): Promise<void> {
  await db.updateTable("report").set({ status: "failed", error, finished_at: at }).where("id", "=", id).execute();
}

/**
 * Reports, newest first, with their offices (slugs and names in the offices' order, null for every
 * office) and whether their data changed since they were made: a later import of one of the
 * offices, a calendar or SOP version saved, or step names changed.
 */
export async function listReports(db: Kysely<DB>, access: Access, filter: { officeId?: number; id?: number; limit?: number } = {}) {
  let q = db
    .selectFrom("report as r")
    .selectAll("r")
    .select([
      sql<string[] | null>`(select array_agg(o.slug order by o.name) from office o where o.id = any(r.office_ids))`.as("office_slugs"),
      sql<string[] | null>`(select array_agg(o.name order by o.name) from office o where o.id = any(r.office_ids))`.as("office_names"),
      sql<boolean>`r.status = 'done' and exists (
        select 1 from (select ${MARKS(sql`r.office_ids`)}) m
        where m.batch > coalesce(r.last_batch_id, 0) or m.calendar_version > coalesce(r.calendar_version_id, 0)
           or m.sop_version > coalesce(r.sop_version_id, 0) or m.alias > coalesce(r.alias_id, 0))`.as("stale"),
    ])
    // A report of several offices shows each one's figures: only for those who may see them all.
    .where(access.offices === "all" ? sql<boolean>`true` : sql<boolean>`r.office_ids is not null and r.office_ids <@ ${[...access.offices]}::int[]`)
    .orderBy("r.id", "desc")
    .limit(filter.limit ?? 100);
  if (filter.officeId !== undefined) q = q.where("r.office_id", "=", filter.officeId);
  if (filter.id !== undefined) q = q.where("r.id", "=", filter.id);
  return q.execute();
}

export type ReportListItem = Awaited<ReturnType<typeof listReports>>[number];

export async function findReport(db: Kysely<DB>, id: number, access: Access): Promise<ReportListItem | undefined> {
  return (await listReports(db, access, { id, limit: 1 }))[0];
}

/** The newest finished report of an office for a period, for Beranda's link. */
export async function reportOfPeriod(db: Kysely<DB>, officeId: number, from: string, to: string) {
  return db
    .selectFrom("report")
    .select(["id", "file_name"])
    .where("office_id", "=", officeId)
    .where("period_from", "=", from)
    .where("period_to", "=", to)
    .where("status", "=", "done")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}
