import { type Kysely, sql } from "kysely";

// A version of what the dashboard reads, seen by every process: statement-level triggers bump a
// counter in the same transaction as the write, so the new version becomes visible exactly when
// the data does, and a CLI import in another process invalidates the server's page cache too
// (src/web/page-cache.ts). One row per source, so writers of different sources never wait on each
// other: verdict pages (already stored in turns under one advisory lock), the reference data
// (offices, calendars, SOPs, step names), and each office's permits and step records (an import's
// merge holds its office's row until it commits; imports of other offices do not wait for it).

const REFERENCE_TABLES = ["office", "calendar", "calendar_version", "sop", "sop_version", "sop_step", "sop_step_alias"] as const;
const VERDICT_TABLES = ["permit_verdict", "step_verdict"] as const;
const OPS = ["insert", "update", "delete", "truncate"] as const;

/** The offices a statement's rows belong to: permits carry theirs, step records their batch's. */
const OFFICES_OF = {
  permit: (rows: string) => `select distinct office_id::text as office from ${rows}`,
  step_record: (rows: string) => `
    select distinct coalesce(b.office_id::text, 'none') as office
    from (select distinct import_batch_id from ${rows}) r left join import_batch b on b.id = r.import_batch_id`,
} as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Also: the per-step index carries what one SOP's step figures read (status, working time,
  // standard, share), so its percentiles and histogram are read off the index alone instead of
  // from the heap: a year of one SOP (200,000 step verdicts) went from 240 ms to 90 ms
  // (docs/performance.md). Same keys as before, so every query that used it still can.
  await sql`drop index step_verdict_step_idx`.execute(db);
  await sql`
    create index step_verdict_step_idx on step_verdict (sop_id, position, month)
    include (office_id, permit_type, status, working_seconds, standard_seconds, share_used)`.execute(db);

  await sql`create table data_version (source text primary key, version bigint not null)`.execute(db);
  await sql.raw(`
    create function bump_data_version() returns trigger language plpgsql as $$
    begin
      insert into data_version (source, version) values (tg_argv[0], 1)
      on conflict (source) do update set version = data_version.version + 1;
      return null;
    end $$`).execute(db);
  for (const table of [...REFERENCE_TABLES, ...VERDICT_TABLES]) {
    const source = table.endsWith("_verdict") ? "verdicts" : "reference";
    for (const op of OPS) {
      await sql.raw(`create trigger ${table}_version_${op} after ${op} on ${table} for each statement execute function bump_data_version('${source}')`).execute(db);
    }
  }
  for (const [table, officesOf] of Object.entries(OFFICES_OF)) {
    for (const rows of ["new_rows", "old_rows"]) {
      // Offices in a fixed order, so two statements never lock their rows crosswise.
      await sql.raw(`
        create function bump_${table}_version_${rows}() returns trigger language plpgsql as $$
        begin
          insert into data_version (source, version)
          select 'records:' || o.office, 1 from (${officesOf(rows)}) o order by 1
          on conflict (source) do update set version = data_version.version + 1;
          return null;
        end $$`).execute(db);
    }
    await sql.raw(`create trigger ${table}_version_ins after insert on ${table} referencing new table as new_rows for each statement execute function bump_${table}_version_new_rows()`).execute(db);
    await sql.raw(`create trigger ${table}_version_upd after update on ${table} referencing new table as new_rows for each statement execute function bump_${table}_version_new_rows()`).execute(db);
    await sql.raw(`create trigger ${table}_version_del after delete on ${table} referencing old table as old_rows for each statement execute function bump_${table}_version_old_rows()`).execute(db);
    await sql.raw(`create trigger ${table}_version_truncate after truncate on ${table} for each statement execute function bump_data_version('records:all')`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...REFERENCE_TABLES, ...VERDICT_TABLES]) {
    for (const op of OPS) await sql.raw(`drop trigger ${table}_version_${op} on ${table}`).execute(db);
  }
  for (const table of Object.keys(OFFICES_OF)) {
    for (const t of ["ins", "upd", "del", "truncate"]) await sql.raw(`drop trigger ${table}_version_${t} on ${table}`).execute(db);
    for (const rows of ["new_rows", "old_rows"]) await sql.raw(`drop function bump_${table}_version_${rows}()`).execute(db);
  }
  await sql`drop function bump_data_version()`.execute(db);
  await sql`drop table data_version`.execute(db);
  await sql`drop index step_verdict_step_idx`.execute(db);
  await sql`create index step_verdict_step_idx on step_verdict (sop_id, position, month)`.execute(db);
}
