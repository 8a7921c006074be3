import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { testApp, TEST_NOW } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// The DDE payload that opens a calculator when a spreadsheet runs the cell.
const DDE = "+cmd|' /C calc'!A0";
const HEADER = "id,permohonan_izin_id,no_permohonan,jenis_izin,nama_proses,status,start_date,end_date,diproses_oleh,tgl_pengajuan,tgl_selesai";
const row = (id: number, officer: string) =>
  `${id},9,503/KMP/2026/0900,Izin Kerja Teknisi Gigi,Pendaftaran,Selesai,2026-03-02 08:00:00,2026-03-02 08:10:00,"${officer.replace(/"/g, '""')}",2026-03-02 08:00:00,0001-01-01 00:00:00`;

describe.each(BACKENDS)("formula-like cells in an import on %s", (kind) => {
  const t = useTestDatabase(kind);
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mutubaku-formula-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("rejects a row whose officer is a DDE payload, naming the field, and the rejects CSV writes every such cell as text", async () => {
    const path = join(dir, "dde.csv");
    await writeFile(path, [HEADER, row(901, "Siti"), row(902, DDE), row(903, "+62 812-3456-7890 =1+1")].join("\n") + "\n");
    // The uploaded file's name is the user's too, and comes back in the rejects CSV.
    const fileName = `=cmd|' /C calc'!A0.csv`;
    const s = await runImport(t.database.db, fixedClock(TEST_NOW), { office: "kampar", files: [{ name: fileName, path }] });
    expect(s).toMatchObject({ rowsRead: 3, rejected: 2 });

    const rejects = await t.database.db
      .selectFrom("import_reject")
      .select(["row_number", "field", "reason"])
      .where("import_batch_id", "=", s.batchId)
      .orderBy("row_number")
      .execute();
    expect(rejects).toEqual([
      { row_number: 3, field: "diproses_oleh", reason: expect.stringContaining(`"${DDE}" looks like a spreadsheet formula`) },
      { row_number: 4, field: "diproses_oleh", reason: expect.stringContaining("looks like a spreadsheet formula") },
    ]);
    const actors = await t.database.db.selectFrom("step_record").select("actor").where("import_batch_id", "=", s.batchId).execute();
    expect(actors.map((a) => a.actor)).toEqual(["Siti"]);

    const res = await testApp(t.database).request(`/impor/${s.batchId}/ditolak.csv`);
    expect(res.status).toBe(200);
    const records = parse((await res.text()).replace(/^\uFEFF/, "")) as string[][];
    expect(records[0]).toEqual(["file", "row", "field", "reason", "raw"]);
    expect(records.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      [`'${fileName}`, "3", "diproses_oleh"],
      [`'${fileName}`, "4", "diproses_oleh"],
    ]);
    // The payload is still there to read, inside text no spreadsheet runs.
    expect(records[1]![3]).toContain(DDE);
    expect(records[1]![4]).toContain("calc");
    expect(records.flat().filter((c) => /^[\s]*[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});
