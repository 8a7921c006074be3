import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import { inIdOrder } from "./in-id-order.ts";
import { scopedSteps, statusIn, type StepScope } from "./scope.ts";

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
  step_name: string;
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

const ORDER: Record<StepSort, ReturnType<typeof sql>> = {
  working: sql`x.working_seconds desc nulls last, x.step_record_id desc`,
  share: sql`x.share_used desc nulls last, x.step_record_id desc`,
  newest: sql`x.started_at desc nulls last, x.step_record_id desc`,
};

export async function listSteps(db: Kysely<DB>, f: StepFilter): Promise<{ total: number; rows: ListedStep[] }> {
  const matching = sql`select * from (${scopedSteps(f)}) x where ${statusIn(sql`x.status`, f.statuses)}`;
  const [count, page] = await Promise.all([
    sql<{ total: number }>`select count(*)::int as total from (${matching}) m`.execute(db),
    sql<ListedStep>`
      select x.step_record_id, x.permit_id, x.permit_number, x.permit_type, x.sop_slug, x.position, x.description,
             x.step_name, x.occurrence, x.owner, x.actor, x.started_at, x.ended_at, x.due_at, x.working_seconds,
             x.standard_seconds, x.share_used, x.status, x.reason, x.zone
      from (${matching}) x
      order by ${ORDER[f.sort ?? "working"]}
      limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db),
  ]);
  return { total: count.rows[0]?.total ?? 0, rows: page.rows };
}

/** A step filter without its page: what the list and its export share. */
export type StepQuery = Omit<StepFilter, "page" | "pageSize">;

/** Every step occurrence of the list, in its order, a slice at a time (an export; see inIdOrder). */
export async function* eachStep(db: Kysely<DB>, f: StepQuery): AsyncGenerator<ListedStep & { office_slug: string }> {
  // The verdicts' key is (permit, step record): each slice is looked up by both.
  const keys = (await sql<{ id: number; permit_id: number }>`
    select x.step_record_id as id, x.permit_id from (${scopedSteps(f)}) x where ${statusIn(sql`x.status`, f.statuses)}
    order by ${ORDER[f.sort ?? "working"]}`.execute(db)).rows.map((r) => ({ id: Number(r.id), permitId: Number(r.permit_id) }));
  yield* inIdOrder(keys, async (slice) => (await sql<ListedStep & { office_slug: string }>`
    select x.step_record_id, x.permit_id, x.permit_number, x.permit_type, x.sop_slug, x.position, x.description,
           x.step_name, x.occurrence, x.owner, x.actor, x.started_at, x.ended_at, x.due_at, x.working_seconds,
           x.standard_seconds, x.share_used, x.status, x.reason, x.zone, x.office_slug
    from (${scopedSteps({ ...f, only: { permitIds: slice.map((k) => k.permitId), stepIds: slice.map((k) => k.id) } })}) x`.execute(db)).rows, (r) => r.step_record_id);
}
