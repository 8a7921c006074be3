import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Cron } from "croner";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { evaluatePermits } from "../../src/evaluation/evaluate-permits.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { evaluateImportBatch, finishEvaluations } from "../../src/evaluation/batch-evaluation.ts";
import { FINISH_EVALUATIONS_SCHEDULE, scheduleFinishEvaluations } from "../../src/jobs/finish-evaluations.ts";
import { REFRESH_SCHEDULE, refreshOpenVerdicts } from "../../src/jobs/refresh-open-verdicts.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { Reevaluations } from "../../src/web/reevaluate.ts";
import { settleBackground, testApp, visibleText } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// Stored working times of open permits age with the clock; the refresh job brings them up to date,
// and background recomputations report their progress to every page.

const fixture = (name: string) => ({ name, path: fileURLToPath(new URL(`../fixtures/imports/${name}`, import.meta.url)) });

describe.each(BACKENDS)("open permits as time passes on %s", (kind) => {
  const t = useTestDatabase(kind);

  it("the refresh brings an open permit's working time and share up to date; its status was already read live", async () => {
    // 08:40 WIB on the day: Verifikasi Kasi has run ten minutes of its hour.
    const morning = fixedClock("2026-03-02T01:40:00Z");
    await runImport(t.database.db, morning, { office: "kampar", files: [fixture("kampar-2026-03a.csv")] });
    const later = "2026-03-03T03:00:00Z";
    const permit = async () =>
      ((await (await testApp(t.database, later).request("/api/v1/permits?q=0001")).json()) as { permits: { status: string; workingSeconds: number }[] }).permits[0];
    const before = await permit();
    // Past the step's due a day later, with nothing imported and nothing re-evaluated: late already.
    expect(before?.status).toBe("open_late");
    const refreshed = await refreshOpenVerdicts({ db: t.database.db, clock: fixedClock(later), logger: silentLogger });
    expect(refreshed).toBeGreaterThanOrEqual(1);
    const after = await permit();
    expect(after?.status).toBe("open_late");
    expect(after!.workingSeconds).toBeGreaterThan(before!.workingSeconds);
    const page = visibleText(await (await testApp(t.database, later).request("/permohonan?office=kampar&status=open_late")).text());
    expect(page).toContain("503/KMP/2026/0001");
  });

  it("evaluates, when the server starts, permits an import stored but did not get to evaluate", async () => {
    const db = t.database.db;
    const clock = fixedClock("2026-03-03T03:00:00Z");
    await runImport(db, clock, { office: "kampar", files: [fixture("kampar-2026-03b.csv")] });
    const ids = (await db.selectFrom("permit").select("id").execute()).map((p) => p.id);
    expect(ids.length).toBeGreaterThan(0);
    // As if the process had stopped after the import committed and before its evaluation.
    await db.deleteFrom("step_verdict").where("permit_id", "in", ids).execute();
    await db.deleteFrom("permit_verdict").where("permit_id", "in", ids).execute();
    const judged = async () => (await db.selectFrom("permit_verdict").select("permit_id").where("permit_id", "in", ids).execute()).length;
    expect(await judged()).toBe(0);
    // The open-permit refresh alone does not see them: they have no verdict to be open.
    await refreshOpenVerdicts({ db, clock, logger: silentLogger });
    expect(await judged()).toBe(0);

    const job = scheduleFinishEvaluations({ db, clock, logger: silentLogger });
    try {
      await expect.poll(judged, { timeout: 20_000, interval: 100 }).toBe(ids.length);
    } finally {
      // The run goes on to refresh the open permits: let it end before the database does.
      await expect.poll(() => job.isBusy(), { timeout: 20_000, interval: 50 }).toBe(false);
      job.stop();
    }
    const steps = await db.selectFrom("step_verdict").select("permit_id").where("permit_id", "in", ids).execute();
    expect(steps.length).toBeGreaterThan(0);
  });

  it("finishes, when the server starts, the evaluation of an import that stopped before it, changed permits included", async () => {
    const db = t.database.db;
    const clock = fixedClock("2026-03-03T03:00:00Z");
    // A later export: the signing step of 0001 (imported above) has finished since.
    const dir = await mkdtemp(join(tmpdir(), "mutubaku-later-"));
    const later = { name: "later.csv", path: join(dir, "later.csv") };
    await writeFile(
      later.path,
      "id,permohonan_izin_id,no_permohonan,jenis_izin,nama_proses,status,start_date,end_date,diproses_oleh,tgl_pengajuan,tgl_selesai\n" +
        "104,1,503/KMP/2026/0001,Izin Kerja Teknisi Gigi,TTE Kepala Dinas,Selesai,2026-03-02 10:00:00,2026-03-02 11:00:00,Kadis,2026-03-02 08:00:00,2026-03-02 11:00:00\n",
    );
    const s = await runImport(db, clock, { office: "kampar", files: [later] });
    await rm(dir, { recursive: true, force: true });
    expect(s).toMatchObject({ updated: 1, evaluated: 1 });
    const listed = (await db.selectFrom("import_batch_permit").select("permit_id").where("import_batch_id", "=", s.batchId).execute()).map((r) => r.permit_id);
    expect(listed.length).toBe(s.evaluated);
    // As if the process had stopped after the import committed and before its evaluation: the
    // verdicts are those from before the import, and the batch has not recorded its evaluation.
    await sql`update permit_verdict set reason = 'from before the import' where permit_id = any(${listed}::bigint[])`.execute(db);
    await db.updateTable("import_batch").set({ evaluated_at: null, status: "evaluating" }).where("id", "=", s.batchId).execute();
    const stale = async () =>
      (await db.selectFrom("permit_verdict").select("permit_id").where("permit_id", "in", listed).where("reason", "=", "from before the import").execute()).length;
    expect(await stale()).toBe(listed.length);

    const job = scheduleFinishEvaluations({ db, clock, logger: silentLogger });
    try {
      await expect.poll(stale, { timeout: 20_000, interval: 100 }).toBe(0);
      await expect
        .poll(async () => (await db.selectFrom("import_batch").select("evaluated_at").where("id", "=", s.batchId).executeTakeFirstOrThrow()).evaluated_at, {
          timeout: 20_000,
          interval: 100,
        })
        .toEqual(clock.now());
    } finally {
      await expect.poll(() => job.isBusy(), { timeout: 20_000, interval: 50 }).toBe(false);
      job.stop();
    }
  });

  it("shows a batch whose evaluation stopped as interrupted, and the next import finishes it", async () => {
    const db = t.database.db;
    const clock = fixedClock("2026-03-03T03:00:00Z");
    const s = await runImport(db, clock, { office: "kampar", files: [fixture("kampar-2026-03c.csv")] });
    const batch = async () => (await (await testApp(t.database).request(`/api/v1/imports/${s.batchId}`)).json()) as { status: string; evaluation_held: boolean };
    expect(await batch()).toMatchObject({ status: "succeeded" });
    // As if its process had been killed during the evaluation.
    await db.updateTable("import_batch").set({ evaluated_at: null, status: "evaluating" }).where("id", "=", s.batchId).execute();
    expect(await batch()).toMatchObject({ status: "evaluating", evaluation_held: false });
    const page = visibleText(await (await testApp(t.database).request("/impor")).text());
    expect(page).toContain("terputus, dilanjutkan");
    // Another import, of anything, finishes it.
    await runImport(db, clock, { office: "kampar", files: [fixture("kampar-2026-03a.csv")] });
    expect(await batch()).toMatchObject({ status: "succeeded", evaluation_held: false });
  });

  it("evaluates a batch once when two catch-ups race for it", async () => {
    const db = t.database.db;
    const clock = fixedClock("2026-03-03T03:00:00Z");
    const s = await runImport(db, clock, { office: "kampar", files: [fixture("kampar-2026-03b.csv")] });
    await db.updateTable("import_batch").set({ evaluated_at: null, status: "evaluating" }).where("id", "=", s.batchId).execute();
    const [one, two] = await Promise.all([evaluateImportBatch(db, clock, s.batchId), evaluateImportBatch(db, clock, s.batchId)]);
    // One took the lock and evaluated; the other found it held (or, if it came after, done).
    expect([one, two].filter((r) => r !== null)).toHaveLength(1);
    expect(await finishEvaluations(db, clock)).toEqual({ batches: [], outdated: 0 });
  });

  it("an evaluation does not replace a verdict made of data read after its own", async () => {
    const db = t.database.db;
    const clock = fixedClock("2026-03-03T03:00:00Z");
    const permit = await db.selectFrom("permit").select("id").where("permit_number", "=", "503/KMP/2026/0001").executeTakeFirstOrThrow();
    const verdict = () => db.selectFrom("permit_verdict").select(["reason", "evaluated_at"]).where("permit_id", "=", permit.id).executeTakeFirstOrThrow();
    // As if another evaluation had read the permit after this one will (it stores last, though).
    await sql`update permit_verdict set reason = 'read later', read_at = now() + interval '1 hour' where permit_id = ${permit.id}`.execute(db);
    const others = await db.selectFrom("permit_verdict").select("permit_id").where("permit_id", "<>", permit.id).execute();
    const { permits } = await evaluatePermits(db, fixedClock("2026-03-04T03:00:00Z"), { all: true });
    expect(permits).toBe(others.length + 1);
    expect((await verdict()).reason).toBe("read later");
    // The others were replaced; and once the stored one was read earlier, it is replaced too.
    const replaced = await db.selectFrom("permit_verdict").select("evaluated_at").where("permit_id", "<>", permit.id).execute();
    expect(replaced.every((r) => r.evaluated_at.toISOString() === "2026-03-04T03:00:00.000Z")).toBe(true);
    await sql`update permit_verdict set read_at = now() - interval '1 hour' where permit_id = ${permit.id}`.execute(db);
    await evaluatePermits(db, clock, { all: true });
    expect((await verdict()).reason).not.toBe("read later");
  });

  it("finishes interrupted evaluations every minute", () => {
    const [a, b] = new Cron(FINISH_EVALUATIONS_SCHEDULE, { paused: true }).nextRuns(2, new Date("2026-11-23T03:01:30Z"));
    expect(a?.toISOString()).toBe("2026-11-23T03:02:00.000Z");
    expect(b?.toISOString()).toBe("2026-11-23T03:03:00.000Z");
  });

  it("runs every half hour", () => {
    const [a, b] = new Cron(REFRESH_SCHEDULE, { paused: true }).nextRuns(2, new Date("2026-11-23T03:01:00Z"));
    expect(a?.toISOString()).toBe("2026-11-23T03:30:00.000Z");
    expect(b?.toISOString()).toBe("2026-11-23T04:00:00.000Z");
  });

  it("a background recomputation is listed, with its progress, until it ends", async () => {
    const r = new Reevaluations();
    const deps = { db: t.database.db, clock: fixedClock("2026-03-03T03:00:00Z"), logger: silentLogger, background: () => {} };
    r.start(deps, { all: true }, "test");
    const [entry] = r.current(EVERY_OFFICE);
    expect(entry).toBeDefined();
    // Shown only to those who see every office it recomputes.
    expect(r.current({ offices: [1] })).toEqual([]);
    r.start(deps, { officeId: 2 }, "one office");
    expect(r.current({ offices: [2] }).map((e) => e.why)).toEqual(["one office"]);
    expect(r.current({ offices: [3] })).toEqual([]);
    await new Promise<void>((resolve) => {
      const wait = () => (r.current(EVERY_OFFICE).length === 0 ? resolve() : setTimeout(wait, 20));
      wait();
    });
    expect(entry!.total).toBeGreaterThanOrEqual(1);
    expect(entry!.done).toBe(entry!.total);
    await settleBackground(t.database);
  });
});
