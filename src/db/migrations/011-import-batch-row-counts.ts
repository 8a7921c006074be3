import { type Kysely, sql } from "kysely";

// An import counts apart, as docs/profiles.md does: rows replaced by a later row of the same step
// (`superseded`, beside the exact repeats counted as duplicates), and rows of an export older than
// what is stored (`older`: a step the file still shows open that has finished since; kept, not
// applied). Batches stored before counted the first as duplicates and the second as unchanged;
// they keep those counts, with 0 here. `occurrences`: the step occurrences the rows made (a wide
// export makes several of one row, an event log one of two rows); 0 for batches from before.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_batch add column superseded integer not null default 0, add column older integer not null default 0, add column occurrences integer not null default 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_batch drop column superseded, drop column older, drop column occurrences`.execute(db);
}
