import { type Kysely, sql } from "kysely";

// An import counts rows replaced by a later row of the same step (`superseded`) apart from exact
// repeats (`duplicates`), as docs/profiles.md does. Batches stored before counted both as
// duplicates; they keep that sum, with 0 superseded.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_batch add column superseded integer not null default 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_batch drop column superseded`.execute(db);
}
