import { type Kysely, sql } from "kysely";

// The permits each import inserted or changed are listed in the database, not held by the
// importing process (a list in memory grows with the export), and the evaluation pages through
// that list. A batch also records when its evaluation ended: a process stopped between storing
// and evaluating leaves a batch without it, which the server evaluates when it starts (the stored
// verdicts of the permits it changed would otherwise stay as they were before the import).

export async function up(db: Kysely<unknown>): Promise<void> {
  // No foreign keys, as for step records (migration 007): only the import writes it, and nothing
  // deletes batches or permits.
  await sql`
    create table import_batch_permit (
      import_batch_id bigint not null,
      permit_id bigint not null,
      primary key (import_batch_id, permit_id)
    )`.execute(db);
  await sql`alter table import_batch add column evaluated_at timestamptz`.execute(db);
  // Batches imported before this column do not list their permits. Those whose import stopped
  // before evaluating left new permits without a verdict, which the start-up's evaluation of such
  // permits catches; the permits they changed keep the verdicts from before (`mutubaku evaluate`
  // redoes those).
  await sql`update import_batch set evaluated_at = finished_at where status = 'succeeded'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_batch drop column evaluated_at`.execute(db);
  await sql`drop table import_batch_permit`.execute(db);
}
