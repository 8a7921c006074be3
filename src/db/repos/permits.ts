import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

// Permits with their stored SLA results, for the lists and the detail of one permit.

export interface PermitFilter {
  officeId?: number | undefined;
  status?: string | undefined;
  permitType?: string | undefined;
  /** Part of the permit number. */
  q?: string | undefined;
  page: number;
  pageSize: number;
}

function filtered(db: Kysely<DB>, f: PermitFilter) {
  let q = db
    .selectFrom("permit")
    .innerJoin("office", "office.id", "permit.office_id")
    .leftJoin("permit_verdict as v", "v.permit_id", "permit.id");
  if (f.officeId !== undefined) q = q.where("permit.office_id", "=", f.officeId);
  if (f.status !== undefined) q = q.where("v.status", "=", f.status);
  if (f.permitType !== undefined) q = q.where("permit.permit_type", "=", f.permitType);
  if (f.q) q = q.where("permit.permit_number", "ilike", `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  return q;
}

/** A page of permits: open ones first, most of their standard used first; then the newest. */
export async function listPermits(db: Kysely<DB>, f: PermitFilter) {
  const [{ total }, rows] = await Promise.all([
    filtered(db, f).select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    filtered(db, f)
      .select([
        "permit.id",
        "permit.permit_number",
        "permit.permit_type",
        "permit.submitted_at",
        "office.slug as office_slug",
        "v.status",
        "v.received_at",
        "v.due_at",
        "v.finished_at",
        "v.working_seconds",
        "v.standard_seconds",
        "v.share_used",
        sql<string>`(select cv.definition->>'timezone' from calendar_version cv where cv.calendar_id = office.calendar_id order by cv.version desc limit 1)`.as("timezone"),
      ])
      .orderBy(sql`case when v.status in ('open', 'at_risk', 'open_late') then 0 else 1 end`)
      .orderBy(sql`case when v.status in ('open', 'at_risk', 'open_late') then v.share_used end desc nulls last`)
      .orderBy("permit.submitted_at", "desc")
      .orderBy("permit.id", "desc")
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { total, rows };
}

export async function findPermit(db: Kysely<DB>, id: number) {
  const permit = await db
    .selectFrom("permit")
    .innerJoin("office", "office.id", "permit.office_id")
    .leftJoin("permit_verdict as v", "v.permit_id", "permit.id")
    .leftJoin("sop_version as sv", "sv.id", "v.sop_version_id")
    .leftJoin("sop", "sop.id", "permit.sop_id")
    .select([
      "permit.id",
      "permit.permit_number",
      "permit.permit_type",
      "permit.submitted_at",
      "permit.status as source_status",
      "office.slug as office_slug",
      "sop.slug as sop_slug",
      "sv.version as sop_version",
      "v.calendar_version",
      "v.status",
      "v.reason",
      "v.total_standard_kind",
      "v.total_standard",
      "v.received_at",
      "v.due_at",
      "v.finished_at",
      "v.working_seconds",
      "v.calendar_seconds",
      "v.applicant_pause_seconds",
      "v.standard_seconds",
      "v.share_used",
      "v.evaluated_at",
      sql<string>`(select cv.definition->>'timezone' from calendar_version cv where cv.calendar_id = office.calendar_id order by cv.version desc limit 1)`.as("timezone"),
    ])
    .where("permit.id", "=", id)
    .executeTakeFirst();
  if (!permit) return undefined;
  const steps = await db
    .selectFrom("step_record as r")
    .leftJoin("step_verdict as v", "v.step_record_id", "r.id")
    .select([
      "r.id",
      "r.sequence",
      "r.step_name",
      "r.source_step_name",
      "r.occurrence",
      "r.started_at",
      "r.ended_at",
      "r.actor",
      "r.status as source_status",
      "r.source_file",
      "r.source_row",
      "r.raw",
      "v.position",
      "v.owner",
      "v.standard_value",
      "v.standard_unit",
      "v.due_at",
      "v.working_seconds",
      "v.calendar_seconds",
      "v.standard_seconds",
      "v.share_used",
      "v.status",
      "v.reason",
    ])
    .where("r.permit_id", "=", id)
    // A sequence number counts within one export; across exports the start time orders the steps.
    .orderBy(sql`r.started_at asc nulls last`)
    .orderBy("r.sequence")
    .orderBy("r.id")
    .execute();
  return { ...permit, steps };
}
