import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import { type Scope, scopedPermits, statusIn } from "./scope.ts";

// Permits with their stored SLA results, for the lists and the detail of one permit.

export const PERMIT_SORTS = ["attention", "newest", "oldest", "working", "number"] as const;
export type PermitSort = (typeof PERMIT_SORTS)[number];

export interface PermitFilter extends Scope {
  statuses?: readonly string[] | undefined;
  /** Part of the permit number. */
  q?: string | undefined;
  sort?: PermitSort | undefined;
  page: number;
  pageSize: number;
}

export interface ListedPermit {
  id: number;
  permit_number: string;
  permit_type: string;
  submitted_at: Date | null;
  office_slug: string;
  status: string;
  received_at: Date | null;
  due_at: Date | null;
  finished_at: Date | null;
  working_seconds: number | null;
  standard_seconds: number | null;
  share_used: number | null;
  timezone: string;
}

const OPEN = sql`x.status in ('open', 'at_risk', 'open_late')`;

const ORDER: Record<PermitSort, ReturnType<typeof sql>> = {
  // Open ones first, most of their standard used first; then the newest.
  attention: sql`case when ${OPEN} then 0 else 1 end, case when ${OPEN} then x.share_used end desc nulls last, x.submitted_at desc nulls last, x.id desc`,
  newest: sql`x.submitted_at desc nulls last, x.id desc`,
  oldest: sql`x.submitted_at asc nulls last, x.id asc`,
  working: sql`x.working_seconds desc nulls last, x.id desc`,
  number: sql`x.permit_number asc, x.id asc`,
};

/** A page of permits with their SLA results, and how many match in all. */
export async function listPermits(db: Kysely<DB>, f: PermitFilter): Promise<{ total: number; rows: ListedPermit[] }> {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const matching = sql`
    select * from (${scopedPermits(f)}) x
    where ${statusIn(sql`x.status`, f.statuses)} and (${like}::text is null or x.permit_number ilike ${like}::text)`;
  const [count, page] = await Promise.all([
    sql<{ total: number }>`select count(*)::int as total from (${matching}) m`.execute(db),
    sql<ListedPermit>`
      select x.id, x.permit_number, x.permit_type, x.submitted_at, x.office_slug, x.status, x.received_at,
             x.due_at, x.finished_at, x.working_seconds, x.standard_seconds, x.share_used, x.zone as timezone
      from (${matching}) x
      order by ${ORDER[f.sort ?? "attention"]}
      limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db),
  ]);
  return { total: count.rows[0]?.total ?? 0, rows: page.rows };
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
