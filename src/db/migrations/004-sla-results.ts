import type { Kysely } from "kysely";

// SLA results stored beside what they judge, so pages only aggregate. Each records the SOP version
// and the calendar version it was computed with, and when (open permits age with the clock).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("permit_verdict")
    .addColumn("permit_id", "bigint", (c) => c.primaryKey().references("permit.id").onDelete("cascade"))
    .addColumn("sop_version_id", "integer", (c) => c.references("sop_version.id").onDelete("set null"))
    .addColumn("calendar_version", "integer")
    .addColumn("received_at", "timestamptz")
    .addColumn("due_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .addColumn("total_standard_kind", "text")
    .addColumn("total_standard", "text")
    .addColumn("working_seconds", "double precision")
    .addColumn("calendar_seconds", "double precision")
    .addColumn("applicant_pause_seconds", "double precision")
    .addColumn("standard_seconds", "double precision")
    .addColumn("share_used", "double precision")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("evaluated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("permit_verdict_status_idx").on("permit_verdict").column("status").execute();

  await db.schema
    .createTable("step_verdict")
    .addColumn("step_record_id", "bigint", (c) => c.primaryKey().references("step_record.id").onDelete("cascade"))
    .addColumn("permit_id", "bigint", (c) => c.notNull().references("permit.id").onDelete("cascade"))
    .addColumn("position", "integer")
    .addColumn("owner", "text")
    .addColumn("standard_value", "double precision")
    .addColumn("standard_unit", "text")
    .addColumn("due_at", "timestamptz")
    .addColumn("working_seconds", "double precision")
    .addColumn("calendar_seconds", "double precision")
    .addColumn("standard_seconds", "double precision")
    .addColumn("share_used", "double precision")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .execute();
  await db.schema.createIndex("step_verdict_permit_idx").on("step_verdict").column("permit_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("step_verdict").execute();
  await db.schema.dropTable("permit_verdict").execute();
}
