import { type Kysely, sql } from "kysely";

// A batch counts as succeeded only once the SLA evaluation of what it changed has ended; until then
// it is "evaluating" (src/evaluation/batch-evaluation.ts). Batches stored as succeeded whose
// evaluation never ended (their process stopped) become evaluating, and are finished by the next
// catch-up.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_batch drop constraint import_batch_status_check`.execute(db);
  await sql`alter table import_batch add constraint import_batch_status_check check (status in ('running', 'evaluating', 'succeeded', 'failed'))`.execute(db);
  await sql`update import_batch set status = 'evaluating' where status = 'succeeded' and evaluated_at is null`.execute(db);
  await sql`create index import_batch_evaluating_idx on import_batch (id) where status = 'evaluating'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index import_batch_evaluating_idx`.execute(db);
  await sql`update import_batch set status = 'succeeded' where status = 'evaluating'`.execute(db);
  await sql`alter table import_batch drop constraint import_batch_status_check`.execute(db);
  await sql`alter table import_batch add constraint import_batch_status_check check (status in ('running', 'succeeded', 'failed'))`.execute(db);
}
