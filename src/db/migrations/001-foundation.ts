import { type Kysely, sql } from "kysely";

// The first schema: offices, calendars, versioned SOPs, permits, step records and import batches.
// Migrations take Kysely<unknown> on purpose: they must not follow later changes to the DB types.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("calendar")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("calendar_version")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("calendar_id", "integer", (c) => c.notNull().references("calendar.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("valid_from", "date")
    .addColumn("definition", "jsonb", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("calendar_version_calendar_version_key", ["calendar_id", "version"])
    .execute();

  await db.schema
    .createTable("office")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("region", "text", (c) => c.notNull())
    .addColumn("province", "text", (c) => c.notNull())
    .addColumn("source_system", "text", (c) =>
      c.notNull().check(sql`source_system in ('sicantik', 'silastri', 'simple')`),
    )
    .addColumn("calendar_id", "integer", (c) => c.notNull().references("calendar.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("sop")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("office_id", "integer", (c) => c.notNull().references("office.id"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("permit_type", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("sop_office_permit_type_idx").on("sop").columns(["office_id", "permit_type"]).execute();

  await db.schema
    .createTable("sop_version")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("sop_id", "integer", (c) => c.notNull().references("sop.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("number", "text")
    .addColumn("affairs", "text")
    .addColumn("made_on", "date")
    .addColumn("revised_on", "date")
    .addColumn("effective_from", "date")
    .addColumn("approved_by", "text")
    .addColumn("legal_basis", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("stated_total_waktu", "text")
    .addColumn("stated_total_value", "double precision")
    .addColumn("stated_total_unit", "text", (c) => c.check(sql`stated_total_unit in ('minute', 'hour', 'day')`))
    .addColumn("source_document", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("sop_version_sop_version_key", ["sop_id", "version"])
    .execute();

  await db.schema
    .createTable("sop_step")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("sop_version_id", "integer", (c) => c.notNull().references("sop_version.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("actor", "text")
    .addColumn("owner", "text", (c) => c.check(sql`owner in ('office', 'sector_agency', 'applicant')`))
    .addColumn("waktu", "text")
    .addColumn("standard_value", "double precision", (c) => c.check(sql`standard_value > 0`))
    .addColumn("standard_unit", "text", (c) => c.check(sql`standard_unit in ('minute', 'hour', 'day')`))
    .addColumn("kelengkapan", "text")
    .addColumn("output", "text")
    .addUniqueConstraint("sop_step_version_position_key", ["sop_version_id", "position"])
    .addCheckConstraint("sop_step_standard_complete", sql`(standard_value is null) = (standard_unit is null)`)
    .execute();

  await db.schema
    .createTable("sop_step_alias")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("sop_step_id", "integer", (c) => c.notNull().references("sop_step.id").onDelete("cascade"))
    .addColumn("alias", "text", (c) => c.notNull())
    .addUniqueConstraint("sop_step_alias_step_alias_key", ["sop_step_id", "alias"])
    .execute();

  await db.schema
    .createTable("permit")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("office_id", "integer", (c) => c.notNull().references("office.id"))
    .addColumn("permit_number", "text", (c) => c.notNull())
    .addColumn("permit_type", "text", (c) => c.notNull())
    .addColumn("sop_id", "integer", (c) => c.references("sop.id"))
    .addColumn("submitted_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .addColumn("status", "text")
    .addColumn("source_record_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("permit_office_number_key", ["office_id", "permit_number"])
    .execute();

  await db.schema
    .createTable("import_batch")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("office_id", "integer", (c) => c.notNull().references("office.id"))
    .addColumn("profile", "text", (c) => c.notNull())
    .addColumn("files", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('running', 'succeeded', 'failed')`))
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addColumn("rows_read", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("inserted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unchanged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rejected", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .execute();

  await db.schema
    .createTable("import_reject")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("import_batch_id", "bigint", (c) => c.notNull().references("import_batch.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("row_number", "integer")
    .addColumn("field", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("raw", "text")
    .execute();
  await db.schema.createIndex("import_reject_batch_idx").on("import_reject").column("import_batch_id").execute();

  await db.schema
    .createTable("step_record")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("permit_id", "bigint", (c) => c.notNull().references("permit.id").onDelete("cascade"))
    .addColumn("step_name", "text", (c) => c.notNull())
    .addColumn("occurrence", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("started_at", "timestamptz")
    .addColumn("ended_at", "timestamptz")
    .addColumn("actor", "text")
    .addColumn("status", "text")
    .addColumn("source_record_id", "text")
    .addColumn("import_batch_id", "bigint", (c) => c.references("import_batch.id").onDelete("set null"))
    .addColumn("raw", "jsonb")
    .addUniqueConstraint("step_record_natural_key", ["permit_id", "step_name", "occurrence"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "step_record",
    "import_reject",
    "import_batch",
    "permit",
    "sop_step_alias",
    "sop_step",
    "sop_version",
    "sop",
    "office",
    "calendar_version",
    "calendar",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
