import { type Kysely, sql } from "kysely";

// What ingestion needs beyond the first schema: where each step record came from, its order in the
// permit, and natural keys that make re-importing an overlapping export idempotent: the export's own
// row id where it has one, else permit + step + occurrence.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("step_record")
    .addColumn("sequence", "integer")
    .addColumn("source_step_name", "text")
    .addColumn("source_file", "text")
    .addColumn("source_row", "integer")
    .execute();
  await db.schema.alterTable("step_record").dropConstraint("step_record_natural_key").execute();
  await sql`create unique index step_record_source_key on step_record (permit_id, source_record_id) where source_record_id is not null`.execute(db);
  await sql`create unique index step_record_occurrence_key on step_record (permit_id, step_name, occurrence) where source_record_id is null`.execute(db);
  await db.schema.createIndex("step_record_batch_idx").on("step_record").column("import_batch_id").execute();

  await db.schema.alterTable("permit").addColumn("import_batch_id", "bigint", (c) => c.references("import_batch.id").onDelete("set null")).execute();
  await db.schema.createIndex("permit_sop_idx").on("permit").column("sop_id").execute();

  await db.schema
    .alterTable("import_batch")
    .addColumn("duplicates", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unmapped_step_names", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("unknown_permit_types", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("import_batch").dropColumn("duplicates").dropColumn("unmapped_step_names").dropColumn("unknown_permit_types").execute();
  await db.schema.dropIndex("permit_sop_idx").execute();
  await db.schema.alterTable("permit").dropColumn("import_batch_id").execute();
  await db.schema.dropIndex("step_record_batch_idx").execute();
  await sql`drop index step_record_occurrence_key`.execute(db);
  await sql`drop index step_record_source_key`.execute(db);
  await db.schema.alterTable("step_record").addUniqueConstraint("step_record_natural_key", ["permit_id", "step_name", "occurrence"]).execute();
  await db.schema.alterTable("step_record").dropColumn("sequence").dropColumn("source_step_name").dropColumn("source_file").dropColumn("source_row").execute();
}
