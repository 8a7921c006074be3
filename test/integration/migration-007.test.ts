import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { migrateTo, migrateToLatest } from "../../src/db/migrate.ts";
import type { DB } from "../../src/db/schema.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { applySeeds } from "../../src/seed/apply-seeds.ts";
import { readSeeds } from "../../src/seed/read-seeds.ts";
import { TEST_NOW } from "../support/app.ts";
import { BACKENDS, openTestDatabase } from "../support/test-db.ts";

// An office that ran an earlier version has step records keyed by the two indexes of migration
// 003 and verdicts keyed by step record. Migration 007 replaces both keys: what was stored must
// stay as it was, and the next import of an overlapping export must find it under the new key.

const fixture = fileURLToPath(new URL("../fixtures/imports/kampar-2026-03a.csv", import.meta.url));

describe.each(BACKENDS)("migration 007 on a database holding data, %s", (kind) => {
  let database: Database;
  let db: Kysely<DB>;
  let permitId: number;

  beforeAll(async () => {
    database = await openTestDatabase(kind, "empty");
    db = database.db;
    await migrateTo(db, "006-verdict-rollup");
    await applySeeds(db, await readSeeds());

    // What the import of version 006 stored for the first permit of the fixture: three rows with
    // the export's row id, and one step entered by hand without one.
    const office = await db.selectFrom("office").select("id").where("slug", "=", "kampar").executeTakeFirstOrThrow();
    const batch = await db.insertInto("import_batch").values({ office_id: office.id, profile: "sicantik", files: ["old.csv"], status: "succeeded" }).returning("id").executeTakeFirstOrThrow();
    const permit = await db
      .insertInto("permit")
      .values({ office_id: office.id, permit_number: "503/KMP/2026/0001", permit_type: "Izin Kerja Teknisi Gigi", submitted_at: new Date("2026-03-02T01:00:00Z"), status: "Proses", import_batch_id: batch.id, sop_id: null, finished_at: null, source_record_id: null, updated_at: new Date(TEST_NOW) })
      .returning("id")
      .executeTakeFirstOrThrow();
    permitId = permit.id;
    const step = (sequence: number, name: string, source: string | null, status: string, started: string | null, ended: string | null, actor: string | null) => ({
      permit_id: permitId, step_name: name, source_step_name: name, occurrence: 1, sequence, status, actor, source_record_id: source,
      started_at: started ? new Date(started) : null, ended_at: ended ? new Date(ended) : null, import_batch_id: batch.id,
    });
    const records = await db
      .insertInto("step_record")
      .values([
        step(1, "Pendaftaran", "101", "finished", "2026-03-02T01:00:00Z", "2026-03-02T01:10:00Z", "Siti"),
        step(2, "Verifikasi Berkas", "102", "finished", "2026-03-02T01:10:00Z", "2026-03-02T01:30:00Z", "Andi"),
        step(3, "Verifikasi Kasi", "103", "in_progress", "2026-03-02T01:30:00Z", null, "Budi"),
        step(9, "Catatan Manual", null, "finished", "2026-03-02T02:00:00Z", "2026-03-02T02:05:00Z", "Admin"),
      ])
      .returning("id")
      .execute();
    // Raw SQL: the schema of 006 lacks columns that later migrations add to the table's type.
    await sql`insert into permit_verdict (permit_id, status, evaluated_at) values (${permitId}, 'open', ${new Date(TEST_NOW)})`.execute(db);
    await db.insertInto("step_verdict").values(records.map((r) => ({ step_record_id: r.id, permit_id: permitId, status: "on_time" }))).execute();

    // 007 and whatever came after it, as an upgrade runs them.
    const ran = await migrateToLatest(db);
    expect(ran.map((r) => r.migrationName)).toContain("007-bulk-storage");
  });
  afterAll(async () => {
    await database?.close();
  });

  const stepCount = async () => Number((await db.selectFrom("step_record").select((eb) => eb.fn.countAll<number>().as("n")).where("permit_id", "=", permitId).executeTakeFirstOrThrow()).n);

  it("keeps every step record and verdict", async () => {
    expect(await stepCount()).toBe(4);
    expect((await db.selectFrom("step_verdict").select("step_record_id").where("permit_id", "=", permitId).execute()).length).toBe(4);
  });

  it("refuses a second row for a step under either kind of key", async () => {
    const again = (source: string | null, name: string) =>
      sql`insert into step_record (permit_id, step_name, occurrence, source_record_id) values (${permitId}, ${name}, 1, ${source})`.execute(db);
    await expect(again("101", "Anything")).rejects.toThrow(/step_record_natural_key/);
    await expect(again(null, "Catatan Manual")).rejects.toThrow(/step_record_natural_key/);
    // An export row id that looks like an occurrence and a name is still a row id of its own.
    await again("1:Catatan Manual", "Catatan Manual");
    await sql`delete from step_record where source_record_id = '1:Catatan Manual'`.execute(db);
  });

  it("finds the stored steps when an overlapping export comes again", async () => {
    const s = await runImport(db, fixedClock(TEST_NOW), { office: "kampar", files: [{ name: "kampar-2026-03a.csv", path: fixture }] });
    // Rows 101–103 are stored already as the export has them; 104 is new.
    expect(s).toMatchObject({ inserted: 1, updated: 0, unchanged: 3 });
    expect(await stepCount()).toBe(5);
    const verdicts = await db.selectFrom("step_verdict").select("step_record_id").where("permit_id", "=", permitId).execute();
    expect(verdicts.length).toBe(5);
  });
});
