import { type Kysely, sql } from "kysely";

// An API token scoped to some of its user's offices (issue 14): a sync script of one office reads
// and imports that office alone, whatever its maker may see. Null: every office of its user.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_token add column office_ids integer[]`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_token drop column office_ids`.execute(db);
}
