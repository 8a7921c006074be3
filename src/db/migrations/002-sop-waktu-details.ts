import { type Kysely, sql } from "kysely";

// A Waktu can be a range ("1-3 hari": the upper bound is the standard, the lower kept) or
// alternatives by condition ("7 hari dengan bupati; 2 hari dengan Kadin"), one of which is chosen.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("sop_step")
    .addColumn("waktu_lower_value", "double precision")
    .addColumn("waktu_lower_unit", "text", (c) => c.check(sql`waktu_lower_unit in ('minute', 'hour', 'day')`))
    .addColumn("alternatives", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("sop_step").dropColumn("waktu_lower_value").dropColumn("waktu_lower_unit").dropColumn("alternatives").execute();
}
