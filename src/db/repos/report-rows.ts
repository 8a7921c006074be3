import { type Kysely, sql } from "kysely";
import { OPEN_STATUSES } from "../../sla/index.ts";
import type { DB } from "../schema.ts";
import type { ListedPermit } from "./permits.ts";
import { type OfficeSet, officeIn, type Scope, scopedPermits, scopedSteps, type StepScope } from "./scope.ts";
import type { ListedStep } from "./step-occurrences.ts";

// The rows a report lists in full (every step occurrence of a period, every late one, the permits
// open at its end), read through the same scope fragments as the pages and the API, a page at a
// time by key so that a province's year never sits in memory at once.

/** A step occurrence as the step list has it, with its standard and office. */
export type ReportStepRow = Omit<ListedStep, "permit_id" | "sop_slug"> & { standard_value: number | null; standard_unit: string | null; office_slug: string };

/** The lowest and highest step record ids of the scope: the range the pages below cover. */
export async function stepIdRange(db: Kysely<DB>, s: StepScope): Promise<{ lo: number; hi: number } | null> {
  const { rows } = await sql<{ lo: number | null; hi: number | null }>`select min(x.step_record_id) as lo, max(x.step_record_id) as hi from (${scopedSteps(s)}) x`.execute(db);
  const r = rows[0];
  return r?.lo == null || r.hi == null ? null : { lo: Number(r.lo), hi: Number(r.hi) };
}

/**
 * Step occurrences of the scope whose step record id is in (after, upTo], in id order; a status
 * filter optional. A page is a range of ids, not a count after a key: the range reaches the
 * verdicts' primary key, where "the next 5,000 of the scope" read the whole scope for every page
 * (1.2–1.7 s a page over a province's year, against 0.17 s for 20,000 ids).
 */
export async function stepRowsInRange(db: Kysely<DB>, s: StepScope, after: number, upTo: number, status?: string): Promise<ReportStepRow[]> {
  const { rows } = await sql<ReportStepRow>`
    select x.step_record_id, x.permit_number, x.permit_type, x.position, x.step_name, x.description, x.occurrence, x.owner,
           x.actor, x.started_at, x.ended_at, x.due_at, x.working_seconds, x.standard_seconds, x.share_used, x.status, x.reason,
           x.standard_value, x.standard_unit, x.zone, x.office_slug
    from (${scopedSteps(s)}) x
    where x.step_record_id > ${after} and x.step_record_id <= ${upTo} and (${status ?? null}::text is null or x.status = ${status ?? null}::text)
    order by x.step_record_id`.execute(db);
  return rows;
}

/** A permit as the permit list has it, in its office's zone. */
export type ReportPermitRow = Omit<ListedPermit, "submitted_at" | "timezone"> & { zone: string };

const PERMIT_COLUMNS = sql`x.id, x.permit_number, x.permit_type, x.received_at, x.due_at, x.finished_at, x.working_seconds,
  x.standard_seconds, x.share_used, x.status, x.zone, x.office_slug`;

/** Permits of the scope with a status, after `after` (a permit id), in id order. */
export async function permitRowsPage(db: Kysely<DB>, s: Scope, status: string, after: number, limit: number): Promise<ReportPermitRow[]> {
  const { rows } = await sql<ReportPermitRow>`
    select ${PERMIT_COLUMNS} from (${scopedPermits(s)}) x
    where x.status = ${status} and x.id > ${after} order by x.id limit ${limit}`.execute(db);
  return rows;
}

/**
 * Permits open at an instant: received before it and not finished by it (those finished since
 * included, and those still open now).
 */
export async function permitsOpenAt(db: Kysely<DB>, s: Pick<Scope, "officeId" | "permitType">, at: Date): Promise<ReportPermitRow[]> {
  const { rows } = await sql<ReportPermitRow>`
    select ${PERMIT_COLUMNS} from (${scopedPermits({ ...s, basis: "submitted" })}) x
    where x.received_at < ${at} and (x.finished_at is null or x.finished_at >= ${at})
      and (x.finished_at is not null or x.status in (${sql.join(OPEN_STATUSES)}))
    order by x.due_at nulls last, x.id`.execute(db);
  return rows;
}

export interface ReportBatchRow {
  id: number;
  office_slug: string;
  files: string[];
  finished_at: Date | null;
  rows_read: number;
  status: string;
}

/** The import batches that stored the offices' data (all offices' when none), newest first. */
export async function batchesOf(db: Kysely<DB>, offices: OfficeSet): Promise<ReportBatchRow[]> {
  return db
    .selectFrom("import_batch")
    .innerJoin("office", "office.id", "import_batch.office_id")
    .select(["import_batch.id", "office.slug as office_slug", "import_batch.files", "import_batch.finished_at", "import_batch.rows_read", "import_batch.status"])
    .where("import_batch.status", "in", ["succeeded", "evaluating"])
    .where(officeIn(sql`import_batch.office_id`, offices))
    .orderBy("import_batch.id", "desc")
    .execute();
}

/** The applicant's step occurrences of some permits, as spans: what pauses each permit's clock. */
export async function applicantSpans(db: Kysely<DB>, permitIds: readonly number[]): Promise<Map<number, Array<{ start: Date; end: Date | null }>>> {
  const out = new Map<number, Array<{ start: Date; end: Date | null }>>();
  if (permitIds.length === 0) return out;
  const { rows } = await sql<{ permit_id: number; started_at: Date; ended_at: Date | null }>`
    select sv.permit_id, r.started_at, r.ended_at from step_verdict sv join step_record r on r.id = sv.step_record_id
    where sv.permit_id = any(${[...permitIds]}::int[]) and sv.owner = 'applicant' and r.started_at is not null`.execute(db);
  for (const r of rows) out.set(r.permit_id, [...(out.get(r.permit_id) ?? []), { start: r.started_at, end: r.ended_at }]);
  return out;
}
