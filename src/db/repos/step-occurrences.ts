import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import { rollupStepCount, wholeMonths } from "./compliance.ts";
import { inIdOrder } from "./in-id-order.ts";
import { scopedStepKeys, scopedSteps, type StepScope, unboundedStepCount } from "./scope.ts";

// Step occurrences with their SLA results: the list behind every per-step and per-officer figure.

export const STEP_SORTS = ["working", "share", "newest"] as const;
export type StepSort = (typeof STEP_SORTS)[number];

export interface StepFilter extends StepScope {
  statuses?: readonly string[] | undefined;
  sort?: StepSort | undefined;
  page: number;
  pageSize: number;
}

export interface ListedStep {
  step_record_id: number;
  permit_id: number;
  permit_number: string;
  permit_type: string;
  sop_slug: string | null;
  position: number | null;
  description: string | null;
  /** The step's name in the export, after the import profile's renames; as written, below. */
  step_name: string;
  source_step_name: string | null;
  occurrence: number;
  owner: string | null;
  actor: string | null;
  started_at: Date | null;
  ended_at: Date | null;
  due_at: Date | null;
  working_seconds: number | null;
  standard_seconds: number | null;
  share_used: number | null;
  status: string;
  reason: string | null;
  zone: string;
}

// The step record id last: each order is total, so a page's rows are the same read either way.
// `walk`: the page may be read off a working-time index (all occurrences', or an officer's),
// stopping at its end. One SOP step's occurrences are a few in a hundred of the first (and rarely
// near its top), so they are read off their own index and sorted (`+ 0` keeps the planner off
// the walk, which it would take for the rows it expects to find early).
const order = (sort: StepSort, t: "sv" | "x", walk = true) => {
  const key = sort === "working" ? "working_seconds" : sort === "share" ? "share_used" : "started_at";
  const column = `${sort === "newest" && t === "sv" ? "r" : t}.${key}`;
  return sql.raw(`${walk ? column : `(${column} + 0)`} desc nulls last, ${t}.step_record_id desc`);
};

/**
 * A page of the occurrences in order, and how many there are. Both read the narrow keys; only the
 * page's rows are then read whole, with the same scope, by their primary keys.
 */
export async function listSteps(db: Kysely<DB>, f: StepFilter): Promise<{ total: number; rows: ListedStep[] }> {
  const sort = f.sort ?? "working";
  const [total, page] = await Promise.all([
    countSteps(db, f),
    sql<{ step_record_id: number | string; permit_id: number | string }>`${scopedStepKeys(f, {
      select: sql`sv.step_record_id, sv.permit_id`,
      tail: sql`order by ${order(sort, "sv", sort !== "working" || f.sop === undefined)} limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`,
      started: sort === "newest",
    })}`.execute(db),
  ]);
  if (page.rows.length === 0) return { total, rows: [] };
  const list = (column: "step_record_id" | "permit_id") => sql`string_to_array(${page.rows.map((r) => r[column]).join(",")}::text, ',')::bigint[]`;
  const rows = await sql<ListedStep>`
    select x.step_record_id, x.permit_id, x.permit_number, x.permit_type, x.sop_slug, x.position, x.description,
           x.step_name, x.source_step_name, x.occurrence, x.owner, x.actor, x.started_at, x.ended_at, x.due_at, x.working_seconds,
           x.standard_seconds, x.share_used, x.status, x.reason, x.zone
    from (${scopedSteps(f)}) x
    where x.permit_id = any(${list("permit_id")}) and x.step_record_id = any(${list("step_record_id")})
    order by ${order(sort, "x")}`.execute(db);
  return { total, rows: rows.rows };
}

/**
 * How many occurrences a list holds. Finished ones over whole months (or with no period) are
 * summed from the rollup, which the figures linking here read too; only the unfinished are then
 * counted, off their partial index and the verdicts alone. A share range or a part of a month
 * counts the narrow keys.
 */
async function countSteps(db: Kysely<DB>, f: StepFilter): Promise<number> {
  const count = async (query: ReturnType<typeof sql>) => (await sql<{ n: number }>`${query}`.execute(db)).rows[0]?.n ?? 0;
  const plain = () => count(scopedStepKeys(f, { select: sql`count(*)::int as n` }));
  if (f.shareFrom !== undefined || f.shareTo !== undefined) return plain();
  const unbounded = f.from === undefined && f.to === undefined;
  const months = unbounded ? { from: "0000-00", to: "9999-99" } : wholeMonths(f);
  if (!months) return plain();
  const [finished, unfinished] = await Promise.all([
    rollupStepCount(db, f, months, f.statuses),
    // By finish, what has not finished belongs to no period.
    unbounded && f.basis !== "finished" ? count(unboundedStepCount(f, sql`sv.ended_at is null`)) : Promise.resolve(0),
  ]);
  return finished + unfinished;
}

/** A step filter without its page: what the list and its export share. */
export type StepQuery = Omit<StepFilter, "page" | "pageSize">;

/** Every step occurrence of the list, in its order, a slice at a time (an export; see inIdOrder). */
export async function* eachStep(db: Kysely<DB>, f: StepQuery): AsyncGenerator<ListedStep & { office_slug: string }> {
  // The verdicts' key is (permit, step record): each slice is looked up by both.
  const sort = f.sort ?? "working";
  const keys = (await sql<{ id: number | string; permit_id: number | string }>`${scopedStepKeys(f, {
    select: sql`sv.step_record_id as id, sv.permit_id`,
    tail: sql`order by ${order(sort, "sv", sort !== "working" || f.sop === undefined)}`,
    started: sort === "newest",
  })}`.execute(db)).rows.map((r) => ({ id: Number(r.id), permitId: Number(r.permit_id) }));
  yield* inIdOrder(keys, async (slice) => (await sql<ListedStep & { office_slug: string }>`
    select x.step_record_id, x.permit_id, x.permit_number, x.permit_type, x.sop_slug, x.position, x.description,
           x.step_name, x.source_step_name, x.occurrence, x.owner, x.actor, x.started_at, x.ended_at, x.due_at, x.working_seconds,
           x.standard_seconds, x.share_used, x.status, x.reason, x.zone, x.office_slug
    from (${scopedSteps({ ...f, only: { permitIds: slice.map((k) => k.permitId), stepIds: slice.map((k) => k.id) } })}) x`.execute(db)).rows, (r) => r.step_record_id);
}
