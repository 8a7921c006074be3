import { type Kysely, sql } from "kysely";

// When the data behind a verdict was read (the database's clock): an evaluation that read a
// permit earlier than the one whose verdict is stored must not replace it, whichever stores last.
// Verdicts stored before this column have none and count as read before any other.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table permit_verdict add column read_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table permit_verdict drop column read_at`.execute(db);
}
