import type { Kysely } from "kysely";

// The natural-key indexes of step records are partial (with or without an export row id), so a
// look-up by permit alone could use neither: evaluation and the permit detail read steps by permit.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("step_record_permit_idx").on("step_record").column("permit_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("step_record_permit_idx").execute();
}
