import { type Access, visible } from "./access.ts";
import { type Kysely, sql } from "kysely";
import { OPEN_STATUSES } from "../../sla/index.ts";
import type { DB } from "../schema.ts";
import { statusCounts } from "./compliance.ts";
import { inIdOrder } from "./in-id-order.ts";
import { liveStatus, liveStatusIn } from "./live-status.ts";
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


// Orders on the tables' own columns (not a subquery's), so a page is read off an index; the
// aliases are those of the permit and its verdict ("m" for both over a subquery's rows).
const orderOf = (sort: PermitSort, pa = "p", va = "v") => {
  const [p, v] = [sql.raw(pa), sql.raw(va)];
  const orders: Record<PermitSort, ReturnType<typeof sql>> = {
    attention: sql`${v}.share_used desc nulls last, ${p}.submitted_at desc nulls last, ${p}.id desc`,
    newest: sql`${p}.submitted_at desc nulls last, ${p}.id desc`,
    oldest: sql`${p}.submitted_at asc nulls last, ${p}.id asc`,
    working: sql`${v}.working_seconds desc nulls last, ${p}.id desc`,
    number: sql`${p}.permit_number asc, ${p}.id asc`,
  };
  return orders[sort];
};

/** A permit filter without its page: what a list and its export share. */
export type PermitQuery = Omit<PermitFilter, "page" | "pageSize">;

/** The filter as SQL: the permits of the scope with the statuses and the search asked for. */
async function matchingPermits(db: Kysely<DB>, f: PermitQuery) {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  // A search reads the narrow permit table first; a few thousand matches are then looked up by id
  // rather than filtered out of the whole join. A broad search filters the join itself.
  const FEW = 5_000;
  const ids = like === null ? [] : (await sql<{ id: number }>`select id from permit where permit_number ilike ${like}::text limit ${FEW + 1}`.execute(db)).rows.map((r) => r.id);
  const found = like === null ? sql`true` : ids.length <= FEW ? sql`p.id = any(${ids}::bigint[])` : sql`p.permit_number ilike ${like}::text`;
  return { searched: like !== null, matching: (extra: ReturnType<typeof sql>) => sql`${scopedPermits(f)} and ${liveStatusIn("v", f.statuses, f.now)} and ${found} and ${extra}` };
}

const OPEN = statusIn(sql`v.status`, OPEN_STATUSES);

/**
 * A page of permits with their SLA results, and how many match in all. "attention" puts the open
 * ones first, most of their standard used first, then the rest newest first: two ordered reads,
 * each stopping at the page's end.
 */
export async function listPermits(db: Kysely<DB>, f: PermitFilter, scopeCounts?: Record<string, number>): Promise<{ total: number; rows: ListedPermit[] }> {
  const { searched, matching } = await matchingPermits(db, f);
  const read = async (extra: ReturnType<typeof sql>, order: ReturnType<typeof sql>, limit: number, offset: number) =>
    limit <= 0 ? [] : (await sql<ListedPermit & { zone: string }>`${matching(extra)} order by ${order} limit ${limit} offset ${offset}`.execute(db)).rows;

  // Counts per status of the scope (a page that shows them already has them), unless a search narrows it.
  const counts = searched ? null : (scopeCounts ?? (await statusCounts(db, f)));
  const countOf = async (extra: ReturnType<typeof sql>) =>
    (await sql<{ n: number }>`select count(*)::int as n from (${matching(extra)}) m`.execute(db)).rows[0]?.n ?? 0;
  const wanted = (s: string) => !f.statuses || f.statuses.length === 0 || f.statuses.includes(s);
  const sum = (list: readonly string[]) => list.filter(wanted).reduce((a, s) => a + (counts?.[s] ?? 0), 0);
  const total = counts ? sum(Object.keys(counts)) : await countOf(sql`true`);
  const offset = (f.page - 1) * f.pageSize;

  let rows: (ListedPermit & { zone: string })[];
  if ((f.sort ?? "attention") === "attention") {
    const open = counts ? sum(OPEN_STATUSES) : await countOf(OPEN);
    const first = offset < open ? await read(OPEN, orderOf("attention"), f.pageSize, offset) : [];
    const rest = await read(sql`not (${OPEN})`, orderOf("newest"), f.pageSize - first.length, Math.max(0, offset - open));
    rows = [...first, ...rest];
  } else {
    rows = await read(sql`true`, orderOf(f.sort!), f.pageSize, offset);
  }
  return { total, rows: rows.map((r) => ({ ...r, timezone: r.zone })) };
}

/**
 * Every permit of the list, in its order, a slice at a time (an export): the ids are read in
 * order once, then the rows by id, so a province's permits never sit in memory at once and no
 * slice rereads what the ones before it skipped.
 */
export async function* eachPermit(db: Kysely<DB>, f: PermitQuery): AsyncGenerator<ListedPermit> {
  const { matching } = await matchingPermits(db, f);
  const idsOf = async (extra: ReturnType<typeof sql>, sort: PermitSort) =>
    (await sql<{ id: number }>`select m.id from (${matching(extra)}) m order by ${orderOf(sort, "m", "m")}`.execute(db)).rows.map((r) => ({ id: Number(r.id) }));
  const sort = f.sort ?? "attention";
  const ids = sort === "attention" ? [...(await idsOf(OPEN, "attention")), ...(await idsOf(sql`not (${OPEN})`, "newest"))] : await idsOf(sql`true`, sort);
  yield* inIdOrder(ids, async (slice) => (await sql<ListedPermit & { zone: string }>`${scopedPermits(f)} and p.id = any(${slice.map((k) => k.id)}::bigint[])`.execute(db)).rows.map((r) => ({ ...r, timezone: r.zone })), (r) => r.id);
}

export interface RunningVerdict {
  evaluatedAt: Date;
  workingSeconds: number;
  standardSeconds: number | null;
}

/**
 * Of these permits, those whose verdict's office clock still runs (it has a due instant: open,
 * not held by the applicant), with the working time stored at its evaluation, for a reader that
 * brings the share forward to now (`usedBy` in src/sla), as one permit's page does.
 */
export async function runningVerdicts(db: Kysely<DB>, permitIds: readonly number[]): Promise<Map<number, RunningVerdict>> {
  if (permitIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("permit_verdict")
    .select(["permit_id", "evaluated_at", "working_seconds", "standard_seconds"])
    .where("permit_id", "in", permitIds)
    .where("late_at", "is not", null)
    .where("working_seconds", "is not", null)
    .execute();
  return new Map(rows.map((r) => [Number(r.permit_id), { evaluatedAt: r.evaluated_at, workingSeconds: r.working_seconds!, standardSeconds: r.standard_seconds }]));
}

/** One permit and its step occurrences, their statuses read as of `now`. */
export async function findPermit(db: Kysely<DB>, id: number, now: Date, access: Access) {
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
      sql<string | null>`${liveStatus("v", now)}`.as("status"),
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
      "v.late_at",
      sql<string>`(select cv.definition->>'timezone' from calendar_version cv where cv.calendar_id = office.calendar_id order by cv.version desc limit 1)`.as("timezone"),
    ])
    .where("permit.id", "=", id)
    .where(visible("permit.office_id", access))
    .executeTakeFirst();
  if (!permit) return undefined;
  const steps = await db
    .selectFrom("step_record as r")
    .leftJoin("step_verdict as v", (j) => j.onRef("v.permit_id", "=", "r.permit_id").onRef("v.step_record_id", "=", "r.id"))
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
      sql<string | null>`${liveStatus("v", now)}`.as("status"),
      "v.reason",
      "v.late_at",
    ])
    .where("r.permit_id", "=", id)
    // A sequence number counts within one export; across exports the start time orders the steps.
    .orderBy(sql`r.started_at asc nulls last`)
    .orderBy("r.sequence")
    .orderBy("r.id")
    .execute();
  return { ...permit, steps };
}
