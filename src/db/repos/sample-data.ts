import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import { rebuildDirtyMonths } from "./rollup.ts";

// The sample data loaded from the dashboard ("Muat data contoh"), and its removal: the sample
// batches and everything they made, so an office that tried the demo need not wipe its data folder.
// A permit that an import of the office's own also touched is kept (its own data came in too).

export interface SampleData {
  batches: number;
  /** Permits only sample batches touched: those removed. */
  permits: number;
  steps: number;
  /** Permits both a sample and an own import touched: kept. */
  shared: number;
}

const SAMPLE_ONLY = sql`
  select bp.permit_id from import_batch_permit bp join import_batch b on b.id = bp.import_batch_id
  group by bp.permit_id having bool_and(b.sample)`;

export async function sampleData(db: Kysely<DB>): Promise<SampleData> {
  const { rows } = await sql<{ batches: number; permits: number; steps: number; shared: number }>`
    with sample_only as (${SAMPLE_ONLY})
    select (select count(*)::int from import_batch where sample) as batches,
           (select count(*)::int from sample_only) as permits,
           (select count(*)::int from step_record r where r.permit_id in (select permit_id from sample_only)) as steps,
           (select count(distinct bp.permit_id)::int from import_batch_permit bp join import_batch b on b.id = bp.import_batch_id
              where b.sample and bp.permit_id not in (select permit_id from sample_only)) as shared`.execute(db);
  return rows[0] ?? { batches: 0, permits: 0, steps: 0, shared: 0 };
}

/** Removes the sample batches and the permits, steps, verdicts and rejects only they made, in one transaction. */
export async function removeSampleData(db: Kysely<DB>): Promise<SampleData> {
  const before = await sampleData(db);
  await db.transaction().execute(async (trx) => {
    await sql`create temp table sample_only on commit drop as ${SAMPLE_ONLY}`.execute(trx);
    // Step records have no foreign key (migration 007); verdicts go with their permit.
    await sql`delete from step_record where permit_id in (select permit_id from sample_only)`.execute(trx);
    await sql`delete from permit where id in (select permit_id from sample_only)`.execute(trx);
    await sql`delete from import_batch_permit where import_batch_id in (select id from import_batch where sample)`.execute(trx);
    // Kept permits and steps last touched by a sample batch keep their rows, without the batch.
    await sql`update permit set import_batch_id = null where import_batch_id in (select id from import_batch where sample)`.execute(trx);
    await sql`update step_record set import_batch_id = null where import_batch_id in (select id from import_batch where sample)`.execute(trx);
    await sql`delete from import_batch where sample`.execute(trx);
  });
  // The months the removed verdicts counted in are counted again now.
  await rebuildDirtyMonths(db);
  return before;
}
