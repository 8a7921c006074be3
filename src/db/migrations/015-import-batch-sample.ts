import { type Kysely, sql } from "kysely";

// Sample data loaded from the dashboard ("Muat data contoh") is marked, so that an office that tried
// the demo can remove it, and everything it made, from the import page (issue 16).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_batch add column sample boolean not null default false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_batch drop column sample`.execute(db);
}
