import { type Kysely, sql } from "kysely";

// The step list (/langkah) reads its page in order of working time off an index, stopping at the
// page's end, instead of sorting every occurrence; an officer's list reads the same order within
// that officer's occurrences; and the unfinished occurrences (which the monthly rollup does not
// hold) are counted off a partial index of the few that are. (A SOP step's list reads the index
// of migration 006.)

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index step_verdict_working_idx on step_verdict (working_seconds desc nulls last, step_record_id desc)`.execute(db);
  await sql`create index step_verdict_officer_idx on step_verdict (actor, working_seconds desc nulls last, step_record_id desc)`.execute(db);
  await sql`create index step_verdict_unfinished_idx on step_verdict (office_id) where ended_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index step_verdict_unfinished_idx`.execute(db);
  await sql`drop index step_verdict_officer_idx`.execute(db);
  await sql`drop index step_verdict_working_idx`.execute(db);
}
