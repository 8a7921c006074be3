import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { ImportError, runImport } from "../../src/imports/run-import.ts";
import { testApp, TEST_NOW, visibleText } from "../support/app.ts";
import { BACKENDS, openTestDatabase } from "../support/test-db.ts";

const fixture = (name: string) => ({ name, path: fileURLToPath(new URL(`../fixtures/imports/${name}`, import.meta.url)) });
const clock = fixedClock(TEST_NOW);

describe.each(BACKENDS)("importing exports on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  /** Folders of files written by the tests below. */
  const written: string[] = [];
  afterAll(async () => {
    await database?.close();
    const { rm } = await import("node:fs/promises");
    for (const dir of written) await rm(dir, { recursive: true, force: true });
  });

  const count = async (table: "permit" | "step_record" | "import_batch" | "import_reject") =>
    (await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;

  /** The permits a batch lists as inserted or changed (those its evaluation took up), and when that evaluation ended. */
  const listed = async (batchId: number) => ({
    permits: (
      await database.db
        .selectFrom("import_batch_permit")
        .innerJoin("permit", "permit.id", "import_batch_permit.permit_id")
        .select("permit.permit_number")
        .where("import_batch_permit.import_batch_id", "=", batchId)
        .orderBy("permit.permit_number")
        .execute()
    ).map((r) => r.permit_number),
    evaluatedAt: (await database.db.selectFrom("import_batch").select("evaluated_at").where("id", "=", batchId).executeTakeFirstOrThrow()).evaluated_at,
  });

  it("stores a SiCantik export, accounting for every row", async () => {
    const s = await runImport(database.db, clock, { office: "kampar", files: [fixture("kampar-2026-03a.csv")] });
    expect(s).toMatchObject({ office: "kampar", profile: "sicantik", rowsRead: 6, inserted: 4, updated: 0, unchanged: 0, rejected: 2, permits: 1, evaluated: 1 });
    expect(await listed(s.batchId)).toEqual({ permits: ["503/KMP/2026/0001"], evaluatedAt: clock.now() });
    expect(s.rowsRead).toBe(s.inserted + s.updated + s.unchanged + s.duplicates + s.superseded + s.older + s.rejected);
    const steps = await database.db
      .selectFrom("step_record")
      .select(["step_name", "source_step_name", "sequence", "status", "started_at", "ended_at", "actor"])
      .orderBy("sequence")
      .execute();
    expect(steps.map((r) => [r.sequence, r.step_name, r.status])).toEqual([
      [1, "Pendaftaran", "finished"],
      [2, "Verifikasi Berkas", "finished"],
      [3, "Verifikasi Kasi", "in_progress"],
      [4, "Penandatanganan Izin", "waiting"],
    ]);
    // A missing start falls back to the application date; wall time is WIB.
    expect(steps[0]?.started_at).toEqual(new Date("2026-03-02T01:00:00Z"));
    expect(steps[0]?.ended_at).toEqual(new Date("2026-03-02T01:10:00Z"));
    const rejects = await database.db.selectFrom("import_reject").select(["row_number", "field", "reason"]).orderBy("row_number").execute();
    expect(rejects.map((r) => [r.row_number, r.field])).toEqual([
      [6, "end_date"],
      [7, "end_date"],
    ]);
  });

  it("brings the SLA results of the imported permits up to date", async () => {
    const verdicts = await database.db
      .selectFrom("step_verdict")
      .innerJoin("step_record", "step_record.id", "step_verdict.step_record_id")
      .select(["step_record.step_name", "step_verdict.position", "step_verdict.status", "step_verdict.working_seconds", "step_verdict.reason"])
      .orderBy("step_record.sequence")
      .execute();
    // 2 March 2026 is a Monday in Ramadan 1447 (08:00–12:00 in the morning); "now" is 23 Nov 2026.
    expect(verdicts.map((v) => [v.step_name, v.position, v.status, v.working_seconds])).toEqual([
      ["Pendaftaran", 2, "on_time", 600], // 08:00 (application date) → 08:10 against 15 Menit
      ["Verifikasi Berkas", 2, "late", 1200], // 08:10 → 08:30 against 15 Menit
      ["Verifikasi Kasi", 3, "open_late", expect.any(Number)], // open since 08:30 against 1 Jam
      ["Penandatanganan Izin", 4, "not_measurable", null], // not started
    ]);
    const permit = await database.db.selectFrom("permit_verdict").select(["status", "total_standard_kind", "calendar_version"]).executeTakeFirstOrThrow();
    expect(permit).toEqual({ status: "open_late", total_standard_kind: "sum", calendar_version: 1 });
  });

  it("changes nothing when the same export comes again", async () => {
    const before = { permits: await count("permit"), steps: await count("step_record") };
    const s = await runImport(database.db, clock, { office: "kampar", files: [fixture("kampar-2026-03a.csv")] });
    expect(s).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, rejected: 2, evaluated: 0 });
    expect({ permits: await count("permit"), steps: await count("step_record") }).toEqual(before);
    expect(await listed(s.batchId)).toEqual({ permits: [], evaluatedAt: clock.now() });
  });

  it("updates steps that have since finished from an overlapping later export, and lists names no SOP step has", async () => {
    const s = await runImport(database.db, clock, { office: "kampar", files: [fixture("kampar-2026-03b.csv")] });
    expect(s).toMatchObject({ rowsRead: 4, inserted: 2, updated: 2, unchanged: 0, rejected: 0, permits: 2, evaluated: 2 });
    expect(s.unmappedStepNames).toEqual(["Serah Terima Berkas"]);
    expect((await listed(s.batchId)).permits).toEqual(["503/KMP/2026/0001", "503/KMP/2026/0004"]);
    const step = await database.db
      .selectFrom("step_record")
      .select(["status", "ended_at"])
      .where("source_record_id", "=", "103")
      .executeTakeFirstOrThrow();
    expect(step).toEqual({ status: "finished", ended_at: new Date("2026-03-02T03:00:00Z") });
    expect(await count("step_record")).toBe(6);
  });

  /** A newer and an older SiCantik export of one row each, written to a directory of their own. */
  async function newerAndOlder(newerRow: string, olderRow: string) {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const dir = await mkdtemp(join(tmpdir(), "mutubaku-order-"));
    written.push(dir);
    const header = "id,no_permohonan,jenis_izin,nama_proses,status,start_date,end_date,tgl_pengajuan,tgl_selesai";
    const files = { newer: { name: "newer.csv", path: join(dir, "newer.csv") }, older: { name: "older.csv", path: join(dir, "older.csv") } };
    await writeFile(files.newer.path, `${header}\n${newerRow}\n`);
    await writeFile(files.older.path, `${header}\n${olderRow}\n`);
    return files;
  }

  it("keeps a finished permit finished when an older export comes after a newer one", async () => {
    const { newer, older } = await newerAndOlder(
      "901,503/KMP/2026/0009,Izin Kerja Teknisi Gigi,Pendaftaran,Selesai,2026-03-09 08:00:00,2026-03-09 08:10:00,2026-03-09 08:00:00,2026-03-10 10:00:00",
      "901,503/KMP/2026/0009,,Pendaftaran,Proses,2026-03-09 08:00:00,0001-01-01 00:00:00,2026-03-09 08:00:00,0001-01-01 00:00:00",
    );
    await runImport(database.db, clock, { office: "kampar", files: [newer] });
    const stale = await runImport(database.db, clock, { office: "kampar", files: [older] });
    // The older file's row is kept out and counted as such, not as unchanged: the operator sees the file was stale.
    expect(stale).toMatchObject({ rowsRead: 1, older: 1, unchanged: 0, updated: 0, inserted: 0 });
    const batch = visibleText(await (await testApp(database).request(`/impor/${stale.batchId}`)).text());
    expect(batch).toMatch(/Lebih lama dari data tersimpan \(tidak diterapkan\)\s*1/);
    const permit = await database.db.selectFrom("permit").select(["permit_type", "finished_at"]).where("permit_number", "=", "503/KMP/2026/0009").executeTakeFirstOrThrow();
    expect(permit).toEqual({ permit_type: "Izin Kerja Teknisi Gigi", finished_at: new Date("2026-03-10T03:00:00Z") });
    const step = await database.db.selectFrom("step_record").select(["status", "ended_at"]).where("source_record_id", "=", "901").executeTakeFirstOrThrow();
    expect(step).toEqual({ status: "finished", ended_at: new Date("2026-03-09T01:10:00Z") });
  });

  it("shows on the batch page how the rows read add up, and when rows became several step occurrences", async () => {
    const rows = await runImport(database.db, clock, { office: "kampar", files: [{ name: "sicantik-steps.csv", path: fileURLToPath(new URL("../fixtures/ingest/sicantik-steps.csv", import.meta.url)) }] });
    const text = async (id: number) => visibleText(await (await testApp(database).request(`/impor/${id}`)).text());
    const sum = rows.inserted + rows.updated + rows.unchanged + rows.duplicates + rows.superseded + rows.older + rows.rejected;
    expect(sum).toBe(rows.rowsRead);
    expect(await text(rows.batchId)).toContain(
      `${rows.rowsRead} baris = ${rows.inserted} ditambahkan + ${rows.updated} diperbarui + ${rows.unchanged} tidak berubah + ${rows.duplicates} duplikat + ${rows.superseded} digantikan baris lebih baru + ${rows.older} lebih lama + ${rows.rejected} ditolak`,
    );
    // SIMPLE's recap: one row per permit, a column per stage.
    const wide = await runImport(database.db, clock, { office: "pekanbaru", files: [{ name: "simple-rekap.tsv", path: fileURLToPath(new URL("../fixtures/ingest/simple-rekap.tsv", import.meta.url)) }] });
    expect(wide.occurrences).toBeGreaterThan(wide.rowsRead);
    expect(wide.inserted + wide.updated + wide.unchanged + wide.duplicates + wide.superseded + wide.older).toBe(wide.occurrences);
    expect(await text(wide.batchId)).toContain(`${wide.rowsRead} baris menjadi ${wide.occurrences} kejadian langkah`);
  });

  it("counts exact repeats and rows superseded by a later row apart, in a file and across files", async () => {
    // sicantik-steps.csv repeats one row exactly and replaces another by a later row of its id.
    const one = await runImport(database.db, clock, { office: "kampar", files: [{ name: "sicantik-steps.csv", path: fileURLToPath(new URL("../fixtures/ingest/sicantik-steps.csv", import.meta.url)) }] });
    expect(one).toMatchObject({ rowsRead: 13, duplicates: 1, superseded: 1, rejected: 0 });
    expect(one.rowsRead).toBe(one.inserted + one.updated + one.unchanged + one.duplicates + one.superseded + one.older + one.rejected);
    const { newer, older } = await newerAndOlder(
      "921,503/KMP/2026/0029,Izin Kerja Teknisi Gigi,Pendaftaran,Selesai,2026-03-09 08:00:00,2026-03-09 08:10:00,2026-03-09 08:00:00,2026-03-10 10:00:00",
      "921,503/KMP/2026/0029,Izin Kerja Teknisi Gigi,Pendaftaran,Selesai,2026-03-09 08:00:00,2026-03-09 08:10:00,2026-03-09 08:00:00,2026-03-10 10:00:00",
    );
    // The same row in two files of one import: a duplicate.
    const two = await runImport(database.db, clock, { office: "kampar", files: [newer, older] });
    expect(two).toMatchObject({ rowsRead: 2, inserted: 1, duplicates: 1, superseded: 0 });
    const stored = await database.db.selectFrom("import_batch").select(["duplicates", "superseded"]).where("id", "in", [one.batchId, two.batchId]).orderBy("id").execute();
    expect(stored).toEqual([{ duplicates: 1, superseded: 1 }, { duplicates: 1, superseded: 0 }]);
  });

  it("keeps what an earlier file of the same import knew of a permit when a later file repeats its steps", async () => {
    const { newer, older } = await newerAndOlder(
      "911,503/KMP/2026/0019,Izin Kerja Teknisi Gigi,Pendaftaran,Selesai,2026-03-09 08:00:00,2026-03-09 08:10:00,2026-03-09 08:00:00,2026-03-10 10:00:00",
      "911,503/KMP/2026/0019,,Pendaftaran,Proses,0001-01-01 00:00:00,0001-01-01 00:00:00,0001-01-01 00:00:00,0001-01-01 00:00:00",
    );
    // One import, the older export listed last: its row is the one kept for the step, but the
    // permit keeps the type, SOP and dates that only the newer export has.
    const s = await runImport(database.db, clock, { office: "kampar", files: [newer, older] });
    // The later file's row says something else of the step: superseded, not a duplicate.
    expect(s).toMatchObject({ rowsRead: 2, inserted: 1, duplicates: 0, superseded: 1, unknownPermitTypes: [] });
    const permit = await database.db
      .selectFrom("permit")
      .select(["permit_type", "sop_id", "submitted_at", "finished_at"])
      .where("permit_number", "=", "503/KMP/2026/0019")
      .executeTakeFirstOrThrow();
    expect(permit).toMatchObject({ permit_type: "Izin Kerja Teknisi Gigi", submitted_at: new Date("2026-03-09T01:00:00Z"), finished_at: new Date("2026-03-10T03:00:00Z") });
    expect(permit.sop_id).not.toBeNull();
  });

  it("stores nothing from a file it cannot read, and records the failed attempt", async () => {
    const before = { permits: await count("permit"), steps: await count("step_record"), rejects: await count("import_reject") };
    const attempt = runImport(database.db, clock, {
      office: "kampar",
      files: [fixture("kampar-2026-03b.csv"), { name: "laporan.xlsx", path: fileURLToPath(new URL("../fixtures/imports/kampar-2026-03a.csv", import.meta.url)) }],
    });
    await expect(attempt).rejects.toThrow(ImportError);
    await expect(attempt).rejects.toThrow(/laporan\.xlsx/);
    expect({ permits: await count("permit"), steps: await count("step_record"), rejects: await count("import_reject") }).toEqual(before);
    const failed = await database.db.selectFrom("import_batch").select(["status", "error"]).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/laporan\.xlsx/);
  });

  it("names an unknown office or profile before reading anything", async () => {
    const batches = await count("import_batch");
    await expect(runImport(database.db, clock, { office: "dumai", files: [fixture("kampar-2026-03a.csv")] })).rejects.toThrow(
      'unknown office "dumai" (known: kampar, pekanbaru, rokan-hilir)',
    );
    await expect(runImport(database.db, clock, { office: "kampar", profile: "simbada", files: [fixture("kampar-2026-03a.csv")] })).rejects.toThrow(
      /profile .*no such profile \(known: generic, sicantik, silastri, simple, xes\)/,
    );
    expect(await count("import_batch")).toBe(batches);
  });

  it("takes imports through the API, as a file or as JSON rows, and shows them on the pages", async () => {
    const app = testApp(database);
    const body = new FormData();
    body.set("office", "kampar");
    body.set("file", new File([await (await import("node:fs/promises")).readFile(fixture("kampar-2026-03a.csv").path)], "ekspor.csv"));
    const res = await app.request("/api/v1/imports", { method: "POST", body });
    expect(res.status).toBe(201);
    const summary = (await res.json()) as { batchId: number; unchanged: number; older: number; rejected: number };
    // 03b, imported above, has two of these steps further on: this older file is kept out for them.
    expect(summary).toMatchObject({ unchanged: 2, older: 2, rejected: 2 });

    const json = await app.request("/api/v1/imports", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        office: "kampar",
        rows: [
          { id: 501, no_permohonan: "503/KMP/2026/0005", jenis_izin: "Izin Kerja Teknisi Gigi", nama_proses: "Pendaftaran", status: "Selesai", start_date: "2026-03-05 08:00:00", end_date: "2026-03-05 08:05:00", tgl_pengajuan: "2026-03-05 08:00:00" },
        ],
      }),
    });
    expect(json.status).toBe(201);
    expect(await json.json()).toMatchObject({ inserted: 1, rejected: 0, files: ["api-rows.json"] });

    const bad = await app.request("/api/v1/imports", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ office: "kampar", rows: [] }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringContaining("rows") });

    const history = visibleText(await (await app.request("/impor")).text());
    expect(history).toContain("ekspor.csv");
    expect(history).toContain("api-rows.json");
    const batch = visibleText(await (await app.request(`/impor/${summary.batchId}`)).text());
    expect(batch).toContain("Baris ditolak (2)");
    expect(batch).toMatch(/ekspor\.csv 7 end_date/);
    const csv = await (await app.request(`/impor/${summary.batchId}/ditolak.csv`)).text();
    expect(csv.split("\r\n")[0] ?? csv.split("\n")[0]).toContain("file,row,field,reason,raw");
    expect(csv).toContain("ekspor.csv,6,end_date");
    // The formula in the export's text comes back inside text, never as a cell a spreadsheet would run.
    expect(csv).toContain("HYPERLINK");
    const cells = (parse(csv.replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
  });

  it("answers a file it cannot read with a 422 naming it, and keeps serving", async () => {
    const app = testApp(database);
    const body = new FormData();
    body.set("office", "kampar");
    body.set("file", new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00])], "rekap.xlsx"));
    const res = await app.request("/api/v1/imports", { method: "POST", body });
    expect(res.status).toBe(422);
    const answer = (await res.json()) as { error: string; file: string; batchId: number };
    expect(answer.file).toBe("rekap.xlsx");
    expect(answer.error).toMatch(/^rekap\.xlsx/);
    expect((await app.request("/healthz")).status).toBe(200);
    expect(visibleText(await (await app.request(`/impor/${answer.batchId}`)).text())).toContain("Impor ini gagal dan tidak menyimpan apa pun");
  });

  it("takes an upload from the import page without JavaScript, and shows the batch", async () => {
    const app = testApp(database);
    const body = new FormData();
    body.set("office", "kampar");
    body.set("profile", "");
    body.set("file", new File([await (await import("node:fs/promises")).readFile(fixture("kampar-2026-03b.csv").path)], "maret.csv"));
    const res = await app.request("/impor", { method: "POST", body, headers: { origin: "http://localhost" } });
    expect(res.status).toBe(303);
    const page = visibleText(await (await app.request(res.headers.get("location") ?? "")).text());
    expect(page).toContain("maret.csv");
    expect(page).toMatch(/Baris dibaca 4 Ditambahkan 0 Diperbarui 0 Tidak berubah 4/);

    const empty = new FormData();
    empty.set("office", "kampar");
    const refused = await app.request("/impor", { method: "POST", body: empty, headers: { origin: "http://localhost" } });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("file: pilih berkas untuk diunggah");
  });
});
