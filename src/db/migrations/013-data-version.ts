import { type Kysely, sql } from "kysely";

// A version of what the dashboard reads, seen by every process: statement-level triggers bump a
// counter in the same transaction as the write, so the new version becomes visible exactly when
// the data does, and a CLI import in another process invalidates the server's page cache too
// (src/web/page-cache.ts). One row per source, so writers of different sources never wait on each
// other: verdict pages (already stored in turns under one advisory lock), the reference data
// (offices, calendars, SOPs, step names), and each office's permits and step records (an import's
// merge holds its office's row until it commits; imports of other offices do not wait for it).

/** Bin of a share of the standard, as src/db/repos/share-bins.ts has it. */
const BIN = "least(greatest(ceil(share_used / 0.25::float8) - 1, 0), 12::float8)::int";

/**
 * What a statement's rows add to the rollups (sign "-" for rows that went), as the monthly
 * rebuild counts them (src/db/repos/rollup.ts). Given "all", every verdict of the table.
 */
const ROLLUP_OF: Record<"permit_verdict" | "step_verdict", (rows: string, sign: "" | "-") => string> = {
  permit_verdict: (rows, sign) => `
    insert into verdict_month (kind, office_id, permit_type, sop_id, position, owner, actor, month, status, n, working_sum)
    select 'permit', office_id, permit_type, sop_id, null, null, null, month, status, ${sign}count(*), ${sign}coalesce(sum(working_seconds), 0)
    from ${rows === "all" ? "permit_verdict" : rows} where office_id is not null and month is not null
    group by office_id, permit_type, sop_id, month, status;`,
  step_verdict: (rows, sign) => `
    insert into verdict_month (kind, office_id, permit_type, sop_id, position, owner, actor, month, status, n, working_sum)
    select 'step', office_id, permit_type, sop_id, position, owner, actor, month, status, ${sign}count(*), ${sign}coalesce(sum(working_seconds), 0)
    from ${rows === "all" ? "step_verdict" : rows} where office_id is not null and month is not null
    group by office_id, permit_type, sop_id, position, owner, actor, month, status;
    insert into share_bin_month (office_id, sop_id, position, month, bin, n)
    select office_id, sop_id, position, month, ${BIN}, ${sign}count(*)
    from ${rows === "all" ? "step_verdict" : rows}
    where status in ('on_time', 'late') and share_used is not null
      and office_id is not null and sop_id is not null and position is not null and month is not null
    group by 1, 2, 3, 4, 5;`,
};

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
  // The rollup kept exact at every commit: the verdict tables' statement triggers add what each
  // statement changed to it (rows of counts, negative for what went), in the writer's transaction,
  // so no reader has to rebuild a month first (with an import's evaluation marking months every
  // page, readers rebuilt them again and again: seconds a page while an import ran). Rebuilding
  // marked months (src/db/repos/rollup.ts) now only folds these rows together. And one SOP's share
  // histograms over whole months get a rollup of their own, share_bin_month: a year of one SOP is
  // ~1,000 rows, not its 200,000 step verdicts. Bins as src/db/repos/share-bins.ts draws them (a
  // quarter of the standard wide, the last from three times it).
  await sql`
    create table share_bin_month (
      office_id integer not null,
      sop_id integer not null,
      position integer not null,
      month text not null,
      bin integer not null,
      n integer not null
    )`.execute(db);
  await sql`create index share_bin_month_idx on share_bin_month (sop_id, month, office_id)`.execute(db);
  for (const [table, counts] of Object.entries(ROLLUP_OF)) {
    for (const [rows, sign] of [["new_rows", ""], ["old_rows", "-"]] as const) {
      await sql.raw(`
        create function rollup_${table}_${rows}() returns trigger language plpgsql as $$
        begin
          ${counts(rows, sign)}
          return null;
        end $$`).execute(db);
    }
    await sql.raw(`create trigger ${table}_rollup_ins after insert on ${table} referencing new table as new_rows for each statement execute function rollup_${table}_new_rows()`).execute(db);
    await sql.raw(`create trigger ${table}_rollup_del after delete on ${table} referencing old table as old_rows for each statement execute function rollup_${table}_old_rows()`).execute(db);
    await sql.raw(`create trigger ${table}_rollup_upd_old after update on ${table} referencing old table as old_rows for each statement execute function rollup_${table}_old_rows()`).execute(db);
    await sql.raw(`create trigger ${table}_rollup_upd_new after update on ${table} referencing new table as new_rows for each statement execute function rollup_${table}_new_rows()`).execute(db);
  }
  // Everything counted afresh from the verdicts, so what is stored agrees with them from here on.
  await sql`delete from verdict_month`.execute(db);
  await sql`delete from verdict_month_dirty`.execute(db);
  for (const counts of Object.values(ROLLUP_OF)) {
    for (const statement of counts("all", "").split(";").filter((x) => x.trim() !== "")) await sql.raw(statement).execute(db);
  }

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
  for (const table of Object.keys(ROLLUP_OF)) {
    for (const t of ["ins", "del", "upd_old", "upd_new"]) await sql.raw(`drop trigger ${table}_rollup_${t} on ${table}`).execute(db);
    for (const rows of ["new_rows", "old_rows"]) await sql.raw(`drop function rollup_${table}_${rows}()`).execute(db);
  }
  await sql`drop table share_bin_month`.execute(db);
  // Months are rebuilt before they are read again.
  await sql`insert into verdict_month_dirty (office_id, month) select distinct office_id, month from verdict_month`.execute(db);
}
