import { type Kysely, sql } from "kysely";

// Step records and verdicts are the tables an import writes a million rows into; every index and
// foreign key there is paid per row (measured on a million SiCantik rows, PostgreSQL 15: inserting
// the step records took 27.6 s with five indexes and two foreign keys, 7.7 s with the two indexes
// kept here, the batch index ≈ 2 s more; their verdicts 30.4 s against 6.0 s). So:
// - one natural key per step record, an expression over both kinds (the export's row id, else
//   occurrence and step name), which also serves look-ups by permit;
// - a step verdict is keyed by permit first, so deleting a page of permits' verdicts needs no
//   other index;
// - no foreign keys on these tables. Their rows are written only by the import's merge (which
//   takes each permit id from the permit row it joins) and by the evaluation (which takes its ids
//   from the step records it read), and nothing deletes permits, step records or batches, so the
//   keys could only ever have been checked, never broken.

/** The expression of the natural key (the import's ON CONFLICT in src/db/repos/imports.ts names it too). */
const STEP_RECORD_KEY = "coalesce('#' || source_record_id, occurrence::text || ':' || step_name)";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table step_record drop constraint step_record_permit_id_fkey, drop constraint step_record_import_batch_id_fkey`.execute(db);
  await sql.raw(`create unique index step_record_natural_key on step_record (permit_id, (${STEP_RECORD_KEY}))`).execute(db);
  await sql`drop index step_record_source_key`.execute(db);
  await sql`drop index step_record_occurrence_key`.execute(db);
  await sql`drop index step_record_permit_idx`.execute(db);
  // The import hands the evaluation the permits it changed; nothing else looks step records up by batch.
  await sql`drop index step_record_batch_idx`.execute(db);

  await sql`alter table step_verdict drop constraint step_verdict_permit_id_fkey, drop constraint step_verdict_step_record_id_fkey`.execute(db);
  await sql`alter table step_verdict drop constraint step_verdict_pkey`.execute(db);
  await sql`alter table step_verdict add constraint step_verdict_pkey primary key (permit_id, step_record_id)`.execute(db);
  await sql`drop index step_verdict_permit_idx`.execute(db);

  await sql`alter table permit_verdict drop constraint permit_verdict_permit_id_fkey, drop constraint permit_verdict_sop_version_id_fkey`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table permit_verdict add foreign key (permit_id) references permit(id) on delete cascade, add foreign key (sop_version_id) references sop_version(id) on delete set null`.execute(db);
  await sql`create index step_verdict_permit_idx on step_verdict (permit_id)`.execute(db);
  await sql`alter table step_verdict drop constraint step_verdict_pkey`.execute(db);
  await sql`alter table step_verdict add constraint step_verdict_pkey primary key (step_record_id)`.execute(db);
  await sql`alter table step_verdict add foreign key (permit_id) references permit(id) on delete cascade, add foreign key (step_record_id) references step_record(id) on delete cascade`.execute(db);
  await sql`create index step_record_permit_idx on step_record (permit_id)`.execute(db);
  await sql`create index step_record_batch_idx on step_record (import_batch_id)`.execute(db);
  await sql`create unique index step_record_occurrence_key on step_record (permit_id, step_name, occurrence) where source_record_id is null`.execute(db);
  await sql`create unique index step_record_source_key on step_record (permit_id, source_record_id) where source_record_id is not null`.execute(db);
  await sql`drop index step_record_natural_key`.execute(db);
  await sql`alter table step_record add foreign key (permit_id) references permit(id) on delete cascade, add foreign key (import_batch_id) references import_batch(id) on delete set null`.execute(db);
}
