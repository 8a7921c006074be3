import { type Access, visible } from "./access.ts";
import { type Kysely, sql, type Transaction } from "kysely";
import type { StepOccurrence } from "../../ingest/occurrence.ts";
import type { CopyValue } from "../bulk-insert.ts";
import type { CopyInto } from "../connect.ts";
import type { DB } from "../schema.ts";
import { BATCH_EVALUATION_LOCK } from "../locks.ts";

// Storing an import: rows go to a temporary staging table in chunks, then one merge upserts
// permits and step records on their natural keys. All of it runs in the caller's transaction, so a
// failed or killed import leaves nothing behind.

export interface StagedReject {
  file: string;
  row: number | null;
  field: string | null;
  reason: string;
  raw: string | null;
}

/** The same key as nameKey() in src/sop/similarity.ts. */
const NAME_KEY_SQL = (column: string) => sql.raw(`trim(regexp_replace(lower(${column}), '[^a-z0-9]+', ' ', 'g'))`);

/** A staged instant (epoch milliseconds) as timestamptz: exact, and ≈ 3× cheaper than to_timestamp(ms / 1000.0)'s numeric division. */
const FROM_MS = (ms: string) => sql.raw(`(timestamptz 'epoch' + ${ms} * interval '1 millisecond')`);

// Instants are staged as milliseconds since the epoch: cheaper to write out and to parse than ISO
// text (≈ 0.15 against ≈ 0.6 µs a value in JavaScript), and no instant can make COPY fail.
export async function createStaging(trx: Transaction<DB>): Promise<void> {
  await sql`
    create temp table import_stage (
      permit_number text not null, permit_type text, submitted_ms bigint, permit_finished_ms bigint,
      permit_status text, step_name text not null, source_step_name text, sequence integer, occurrence integer not null,
      started_ms bigint, ended_ms bigint, actor text, status text, source_record_id text,
      source_file text, file_index integer, source_row integer, raw jsonb
    ) on commit drop`.execute(trx);
}

/** The staging table's columns, in the order of stagedValues(). */
export const STAGE_COLUMNS = [
  "permit_number", "permit_type", "submitted_ms", "permit_finished_ms", "permit_status", "step_name", "source_step_name", "sequence",
  "occurrence", "started_ms", "ended_ms", "actor", "status", "source_record_id", "source_file", "file_index", "source_row", "raw",
] as const;

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

/** One staged row: a normalised step occurrence, the file it came from and its place there. */
export function stagedValues(o: StepOccurrence, fileIndex: number): CopyValue[] {
  return [
    o.permitNumber, o.permitType, ms(o.submittedAt), ms(o.permitFinishedAt), o.permitStatus, o.stepName, o.sourceStepName, o.sequence,
    o.occurrence, ms(o.startedAt), ms(o.endedAt), o.actor, o.status, o.sourceRecordId, o.source.file, fileIndex, o.source.row, o.raw,
  ];
}

/** Stores staged rows (COPY text of stagedValues()) in the staging table. */
export async function stageRows(copyInto: CopyInto, text: Uint8Array): Promise<void> {
  await copyInto("import_stage", STAGE_COLUMNS, text);
}

export async function insertRejects(trx: Transaction<DB>, batchId: number, rows: readonly StagedReject[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into import_reject (import_batch_id, file_name, row_number, field, reason, raw)
    select ${batchId}, * from unnest(${rows.map((r) => r.file)}::text[], ${rows.map((r) => r.row)}::int[],
      ${rows.map((r) => r.field)}::text[], ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.raw)}::text[])`.execute(trx);
}

export interface MergeCounts {
  permits: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /**
   * Staged rows that repeat a key already staged in this batch (the later row wins): `repeated`
   * agree with the winner on the step's data, `replaced` do not.
   */
  repeated: number;
  replaced: number;
  /** Staged rows behind what is stored of their step (finished there, open here): not applied. */
  older: number;
  unmappedStepNames: string[];
  unknownPermitTypes: string[];
}

const STEP_COLUMNS = sql.raw(
  "permit_id, step_name, occurrence, sequence, source_step_name, started_at, ended_at, actor, status, source_record_id, import_batch_id, source_file, source_row, raw",
);
// A step's natural key: the export's row id where it has one, else occurrence and step name.
// ON CONFLICT names it as the unique index of migration 007 has it, character for character.
const STEP_KEY = sql.raw("coalesce('#' || source_record_id, occurrence::text || ':' || step_name)");
/** What a step row says of its step, as one value (a row's text tells NULL from an empty string). */
const STEP_DATA = sql.raw("(step_name, source_step_name, sequence, started_ms, ended_ms, actor, status)::text");
const STEP_UPDATE = sql.raw(`step_name = excluded.step_name, occurrence = excluded.occurrence, sequence = excluded.sequence,
  source_step_name = excluded.source_step_name, started_at = excluded.started_at, ended_at = excluded.ended_at,
  actor = excluded.actor, status = excluded.status, import_batch_id = excluded.import_batch_id,
  source_file = excluded.source_file, source_row = excluded.source_row, raw = excluded.raw`);
// Provenance (batch, file, row, raw) alone is no change: re-importing the same export changes nothing.
// A step never goes back (finished to in progress, in progress to waiting): an older export
// imported after a newer one must not undo what the newer one recorded.
const STEP_PROGRESS = (t: string) => `case ${t}.status when 'waiting' then 0 when 'in_progress' then 1 else 2 end`;
const STEP_CHANGED = sql.raw(`(step_record.step_name, step_record.occurrence, step_record.sequence, step_record.started_at,
  step_record.ended_at, step_record.actor, step_record.status) is distinct from (excluded.step_name, excluded.occurrence,
  excluded.sequence, excluded.started_at, excluded.ended_at, excluded.actor, excluded.status)
  and ${STEP_PROGRESS("excluded")} >= ${STEP_PROGRESS("step_record")}`);

// What a permit becomes when an export mentions it again: a value the export lacks is kept, and a
// finished permit is not reopened by an older export that still shows it in progress.
const PERMIT_NEW = {
  type: sql.raw("coalesce(nullif(excluded.permit_type, ''), permit.permit_type)"),
  sop: sql.raw("coalesce(excluded.sop_id, permit.sop_id)"),
  submitted: sql.raw("coalesce(excluded.submitted_at, permit.submitted_at)"),
  finished: sql.raw("coalesce(excluded.finished_at, permit.finished_at)"),
  status: sql.raw("case when excluded.finished_at is null and permit.finished_at is not null then permit.status else excluded.status end"),
};

/** Upserts the staged rows into permits and step records. */
export async function mergeStaging(trx: Transaction<DB>, officeId: number, batchId: number): Promise<MergeCounts> {
  // The sorts and hashes below run over every staged row: with the default 4 MB a million-row
  // import spilled them to disk.
  await sql`set local work_mem = '64MB'`.execute(trx);
  // Temporary tables are never analysed on their own; without statistics the joins below would be
  // planned for an empty table.
  await sql`analyze import_stage`.execute(trx);

  const permits = await sql<{ n: number; changed: number }>`
      with st as materialized (
        select permit_number, max(permit_type) as permit_type, ${FROM_MS("min(submitted_ms)")} as submitted_at,
               ${FROM_MS("max(permit_finished_ms)")} as finished_at,
               (array_agg(permit_status order by file_index desc, source_row desc))[1] as status
        from import_stage group by permit_number
      ), up as (
      insert into permit (office_id, permit_number, permit_type, sop_id, submitted_at, finished_at, status, import_batch_id, updated_at)
      select ${officeId}, st.permit_number, coalesce(st.permit_type, ''), sop.id, st.submitted_at, st.finished_at, st.status, ${batchId}, now()
      from st left join (
        -- The office's SOP for each permit type, the first where two differ only in case.
        select distinct on (lower(permit_type)) lower(permit_type) as type_key, id from sop where office_id = ${officeId} order by lower(permit_type), id
      ) sop on sop.type_key = lower(st.permit_type)
      on conflict (office_id, permit_number) do update set
        permit_type = ${PERMIT_NEW.type}, sop_id = ${PERMIT_NEW.sop}, submitted_at = ${PERMIT_NEW.submitted},
        finished_at = ${PERMIT_NEW.finished}, status = ${PERMIT_NEW.status},
        import_batch_id = excluded.import_batch_id, updated_at = now()
      where (permit.permit_type, permit.sop_id, permit.submitted_at, permit.finished_at, permit.status)
        is distinct from (${PERMIT_NEW.type}, ${PERMIT_NEW.sop}, ${PERMIT_NEW.submitted}, ${PERMIT_NEW.finished}, ${PERMIT_NEW.status})
      returning id
      ), listed as (
        -- What the evaluation after the import takes up (with the permits whose steps change, below).
        insert into import_batch_permit (import_batch_id, permit_id) select ${batchId}, id from up
      )
      select (select count(*)::int from st) as n, (select count(*)::int from up) as changed`.execute(trx);
  // A big import changes the table's size by as much as it held: without fresh statistics the
  // joins below were planned for the table as it was (hashing a million staged rows, say).
  await analyzeIfGrown(trx, "permit", permits.rows[0]?.changed ?? 0);

  // The permits above are made of every staged row: an older file in the same import may be the
  // one that knows a permit's type or dates. Of staged rows repeating a step's key, the last one
  // read wins (the later file, then the later row); the others leave the staging table. Decided on
  // the keys and the rows' places (ctid) alone: sorting whole rows, raw records included, spilled
  // hundreds of MB to disk.
  const repeats = await sql<{ n: number; same: number }>`
    with ranked as (
      select ctid, same from (
        select ctid, row_number() over w as place, ${STEP_DATA} = first_value(${STEP_DATA}) over w as same
        from import_stage
        window w as (partition by permit_number, ${STEP_KEY} order by file_index desc, source_row desc)) r
      where place > 1
    ), gone as (
      delete from import_stage where ctid = any(array(select ctid from ranked)) returning 1)
    select (select count(*)::int from gone) as n, (select count(*)::int from ranked where same) as same`.execute(trx);
  const repeated = repeats.rows[0]?.same ?? 0;
  const replaced = (repeats.rows[0]?.n ?? 0) - repeated;

  // Rows of an older export: their step has progressed since (STEP_CHANGED leaves them unapplied).
  const behind = await sql<{ n: number }>`
    select count(*)::int as n
    from import_stage st
    join permit p on p.office_id = ${officeId} and p.permit_number = st.permit_number
    join step_record r on r.permit_id = p.id
      and coalesce('#' || r.source_record_id, r.occurrence::text || ':' || r.step_name) = coalesce('#' || st.source_record_id, st.occurrence::text || ':' || st.step_name)
    where ${sql.raw(STEP_PROGRESS("st"))} < ${sql.raw(STEP_PROGRESS("r"))}`.execute(trx);
  const older = behind.rows[0]?.n ?? 0;

  const merged = await sql<{ inserted: number; updated: number; distinct_rows: number }>`
    with up as (
      insert into step_record (${STEP_COLUMNS})
      select p.id, st.step_name, st.occurrence, st.sequence, st.source_step_name,
             ${FROM_MS("st.started_ms")}, ${FROM_MS("st.ended_ms")},
             st.actor, st.status, st.source_record_id, ${batchId}::bigint, st.source_file, st.source_row, st.raw
      from import_stage st join permit p on p.office_id = ${officeId} and p.permit_number = st.permit_number
      on conflict (permit_id, (${STEP_KEY})) do update set ${STEP_UPDATE}
      where ${STEP_CHANGED}
      returning permit_id, (xmax = 0) as inserted
    ), listed as (
      -- Permits whose steps changed, beside those listed above for changing themselves.
      insert into import_batch_permit (import_batch_id, permit_id) select distinct ${batchId}::bigint, permit_id from up
      on conflict do nothing
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated,
           (select count(*)::int from import_stage) as distinct_rows
    from up`.execute(trx);
  const m = merged.rows[0] ?? { inserted: 0, updated: 0, distinct_rows: 0 };
  await analyzeIfGrown(trx, "step_record", m.inserted);

  // Names are few and rows many: match each distinct (SOP, name) once.
  const unmapped = await sql<{ name: string }>`
    with names as (
      select distinct p.sop_id, st.step_name
      from import_stage st join permit p on p.office_id = ${officeId} and p.permit_number = st.permit_number
      where p.sop_id is not null
    )
    select distinct n.step_name as name from names n
    where not exists (
      select 1 from sop_version v
      join sop_step ss on ss.sop_version_id = v.id
      join sop_step_alias a on a.sop_step_id = ss.id
      where v.sop_id = n.sop_id and ${NAME_KEY_SQL("a.alias")} = ${NAME_KEY_SQL("n.step_name")}
    ) and not exists (
      -- mapStep (src/sla) also matches a step by its description.
      select 1 from sop_version v join sop_step ss on ss.sop_version_id = v.id
      where v.sop_id = n.sop_id and ${NAME_KEY_SQL("ss.description")} = ${NAME_KEY_SQL("n.step_name")}
    )
    order by name`.execute(trx);
  const unknownTypes = await sql<{ name: string }>`
    select distinct p.permit_type as name
    from (select distinct permit_number from import_stage) st
    join permit p on p.office_id = ${officeId} and p.permit_number = st.permit_number
    where p.sop_id is null order by name`.execute(trx);

  return {
    permits: permits.rows[0]?.n ?? 0,
    inserted: m.inserted,
    updated: m.updated,
    unchanged: m.distinct_rows - m.inserted - m.updated - older,
    repeated,
    replaced,
    older,
    unmappedStepNames: unmapped.rows.map((r) => r.name),
    unknownPermitTypes: unknownTypes.rows.map((r) => r.name),
  };
}

/**
 * Analyses a table an import has just grown by a tenth or more (and 1,000 rows), as autovacuum
 * would later: the merge and the evaluation read it right away, and planned on the old size they
 * hashed a million staged rows, or read a million step records whole for every page of permits.
 * Small imports into big tables skip it (≈ 0.5 s each).
 */
async function analyzeIfGrown(trx: Transaction<DB>, table: "permit" | "step_record", inserted: number): Promise<void> {
  const { rows } = await sql<{ n: number }>`select greatest(reltuples, 0)::float8 as n from pg_class where oid = ${table}::regclass`.execute(trx);
  if (inserted > 1_000 + 0.1 * (rows[0]?.n ?? 0)) await sql`analyze ${sql.table(table)}`.execute(trx);
}

export async function startBatch(trx: Kysely<DB>, officeId: number, profile: string, files: string[], sample = false): Promise<number> {
  const { id } = await trx.insertInto("import_batch").values({ office_id: officeId, profile, files, status: "running", sample }).returning("id").executeTakeFirstOrThrow();
  return id;
}

export async function finishBatch(
  trx: Kysely<DB>,
  batchId: number,
  s: { rowsRead: number; inserted: number; updated: number; unchanged: number; rejected: number; duplicates: number; superseded: number; older: number; occurrences: number; unmappedStepNames: string[]; unknownPermitTypes: string[] },
  at: Date,
): Promise<void> {
  await trx
    .updateTable("import_batch")
    .set({
      // Succeeded once the SLA evaluation of what it changed has ended (markBatchEvaluated).
      status: "evaluating",
      finished_at: at,
      rows_read: s.rowsRead,
      inserted: s.inserted,
      updated: s.updated,
      unchanged: s.unchanged,
      rejected: s.rejected,
      duplicates: s.duplicates,
      superseded: s.superseded,
      older: s.older,
      occurrences: s.occurrences,
      unmapped_step_names: s.unmappedStepNames,
      unknown_permit_types: s.unknownPermitTypes,
    })
    .where("id", "=", batchId)
    .execute();
}

/** The SLA evaluation of the permits a batch changed has ended: the batch has succeeded. */
export async function markBatchEvaluated(db: Kysely<DB>, batchId: number, at: Date): Promise<void> {
  await db.updateTable("import_batch").set({ status: "succeeded", evaluated_at: at }).where("id", "=", batchId).execute();
}

/** Batches stored whose evaluation has not ended (under way, or its process stopped), oldest first. */
export async function batchesAwaitingEvaluation(db: Kysely<DB>): Promise<number[]> {
  const rows = await db.selectFrom("import_batch").select("id").where("status", "=", "evaluating").orderBy("id").execute();
  return rows.map((r) => r.id);
}

/** Whether an office has stored anything (an import that did not fail). */
export async function hasImports(db: Kysely<DB>, officeId: number): Promise<boolean> {
  const row = await db.selectFrom("import_batch").select("id").where("office_id", "=", officeId).where("status", "in", ["succeeded", "evaluating"]).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** How many permits a batch listed as inserted or changed. */
export async function countBatchPermits(db: Kysely<DB>, batchId: number): Promise<number> {
  const row = await db.selectFrom("import_batch_permit").select((eb) => eb.fn.countAll<number>().as("n")).where("import_batch_id", "=", batchId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function batchIsAwaitingEvaluation(db: Kysely<DB>, batchId: number): Promise<boolean> {
  const row = await db.selectFrom("import_batch").select("id").where("id", "=", batchId).where("status", "=", "evaluating").executeTakeFirst();
  return row !== undefined;
}

/** A batch that failed as a whole: recorded on its own, after its transaction was rolled back. */
export async function recordFailedBatch(db: Kysely<DB>, v: { officeId: number; profile: string; files: string[]; error: string; at: Date }): Promise<number> {
  const { id } = await db
    .insertInto("import_batch")
    .values({ office_id: v.officeId, profile: v.profile, files: v.files, status: "failed", finished_at: v.at, error: v.error })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

function batchQuery(db: Kysely<DB>) {
  return db
    .selectFrom("import_batch")
    .innerJoin("office", "office.id", "import_batch.office_id")
    .selectAll("import_batch")
    .select([
      "office.slug as office_slug",
      "office.name as office_name",
      // An evaluating batch that no process is evaluating was interrupted (its next catch-up finishes it).
      sql<boolean>`exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.classid = ${BATCH_EVALUATION_LOCK} and l.objid = import_batch.id and l.objsubid = 2)`.as(
        "evaluation_held",
      ),
      // Times are shown in the office's own zone.
      sql<string>`(select cv.definition->>'timezone' from calendar_version cv where cv.calendar_id = office.calendar_id order by cv.version desc limit 1)`.as(
        "timezone",
      ),
    ]);
}

/** The newest batches the access may see, of one office when given. */
export async function listBatches(db: Kysely<DB>, access: Access, officeId?: number, limit = 50) {
  let q = batchQuery(db).where(visible("import_batch.office_id", access)).orderBy("import_batch.id", "desc").limit(limit);
  if (officeId !== undefined) q = q.where("import_batch.office_id", "=", officeId);
  return q.execute();
}

export type BatchListItem = Awaited<ReturnType<typeof listBatches>>[number];

export async function findBatch(db: Kysely<DB>, id: number, access: Access): Promise<BatchListItem | undefined> {
  return batchQuery(db).where("import_batch.id", "=", id).where(visible("import_batch.office_id", access)).executeTakeFirst();
}

export async function batchRejects(db: Kysely<DB>, batchId: number, limit?: number) {
  let q = db.selectFrom("import_reject").select(["file_name", "row_number", "field", "reason", "raw"]).where("import_batch_id", "=", batchId).orderBy("id");
  if (limit !== undefined) q = q.limit(limit);
  return q.execute();
}
