import { type Kysely, sql } from "kysely";

// The share of permits an office aims to finish on time: Beranda's 12-month chart and the monthly
// report draw it as a target line (issue 16). Set by the office; 90 % until it does.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table office add column target_share double precision not null default 0.9 check (target_share > 0 and target_share <= 1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table office drop column target_share`.execute(db);
}
