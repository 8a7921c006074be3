import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { migrateTo, migrateToLatest } from "../../src/db/migrate.ts";
import type { DB } from "../../src/db/schema.ts";
import { runFinishEvaluations } from "../../src/jobs/finish-evaluations.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { applySeeds } from "../../src/seed/apply-seeds.ts";
import { readSeeds } from "../../src/seed/read-seeds.ts";
import { RULES_VERSION } from "../../src/sla/index.ts";
import { BACKENDS, openTestDatabase } from "../support/test-db.ts";

// Verdicts stored before issue 17's rules were made by rules that waited for the applicant's
// collection. Migration 010 marks them as made by rules version 1; the server, when it starts,
// redoes them with the rules of today.

const wib = (t: string) => new Date(`${t.replace(" ", "T")}+07:00`);

describe.each(BACKENDS)("migration 010 on a database holding verdicts of the old rules, %s", (kind) => {
  let database: Database;
  let db: Kysely<DB>;
  let permitId: number;

  beforeAll(async () => {
    database = await openTestDatabase(kind, "empty");
    db = database.db;
    await migrateTo(db, "009-import-batch-permits");
    await applySeeds(db, await readSeeds());
    const office = await db.selectFrom("office").select("id").where("slug", "=", "kampar").executeTakeFirstOrThrow();
    const sop = await db.selectFrom("sop").select("id").where("office_id", "=", office.id).executeTakeFirstOrThrow();
    const batch = await db.insertInto("import_batch").values({ office_id: office.id, profile: "sicantik", files: ["old.csv"], status: "succeeded" }).returning("id").executeTakeFirstOrThrow();
    await sql`update import_batch set evaluated_at = now() where id = ${batch.id}`.execute(db);
    permitId = (
      await db
        .insertInto("permit")
        .values({ office_id: office.id, permit_number: "503/KMP/2025/0204", permit_type: "Izin Kerja Teknisi Gigi", submitted_at: wib("2025-02-04 09:00:00"), status: "Selesai", import_batch_id: batch.id, sop_id: sop.id, finished_at: null, source_record_id: null, updated_at: new Date() })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    // The first example: printed at its due 11:35:00, collected a week later at 06:28:52.
    const steps: Array<[string, string, string]> = [
      ["Pengajuan Permohonan", "2025-02-04 09:00:00", "2025-02-04 09:10:00"],
      ["Pendaftaran", "2025-02-04 09:10:00", "2025-02-04 09:25:00"],
      ["Verifikasi Kasi", "2025-02-04 09:25:00", "2025-02-04 10:25:00"],
      ["TTE", "2025-02-04 10:25:00", "2025-02-04 11:25:00"],
      ["Cetak Izin", "2025-02-04 11:25:00", "2025-02-04 11:35:00"],
      ["Penyerahan Dokumen Izin", "2025-02-04 11:35:00", "2025-02-12 06:28:52"],
    ];
    await db
      .insertInto("step_record")
      .values(steps.map(([name, start, end], i) => ({ permit_id: permitId, step_name: name, source_step_name: name, occurrence: 1, sequence: i + 1, status: "finished", actor: null, source_record_id: String(i + 1), started_at: wib(start), ended_at: wib(end), import_batch_id: batch.id })))
      .execute();
    // What the old rules stored: due pushed back by the collection, finished at the collection, late.
    await sql`insert into permit_verdict (permit_id, status, evaluated_at, received_at, due_at, finished_at, share_used, office_id, month)
      values (${permitId}, 'late', now(), ${wib("2025-02-04 09:10:00")}, ${wib("2025-02-11 16:00:00")}, ${wib("2025-02-12 06:28:52")}, 1, ${office.id}, '2025-02')`.execute(db);
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await database?.close();
  });

  const verdict = () => db.selectFrom("permit_verdict").selectAll().where("permit_id", "=", permitId).executeTakeFirstOrThrow();

  it("marks the stored verdicts as made by rules version 1", async () => {
    expect(RULES_VERSION).toBeGreaterThan(1);
    expect(await verdict()).toMatchObject({ rules_version: 1, status: "late" });
  });

  it("has them redone by today's rules when the server starts", async () => {
    const redone = await runFinishEvaluations({ db, clock: fixedClock("2026-12-03T03:00:00Z"), logger: silentLogger });
    expect(redone).toBe(1);
    const v = await verdict();
    expect(v).toMatchObject({ rules_version: RULES_VERSION, status: "on_time", share_used: 1, applicant_pause_seconds: 0 });
    expect(new Date(v.finished_at!).toISOString()).toBe(wib("2025-02-04 11:35:00").toISOString());
    expect(new Date(v.due_at!).toISOString()).toBe(wib("2025-02-04 11:35:00").toISOString());
    // A second start finds nothing left to redo.
    expect(await runFinishEvaluations({ db, clock: fixedClock("2026-12-03T03:05:00Z"), logger: silentLogger })).toBe(0);
  });
});
