import { describe, expect, it } from "vitest";
import { fixture, ingest, scratch, wib } from "./ingest-helpers.ts";

const file = scratch();
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("step rows (sicantik)", () => {
  it("orders a permit's steps by row id, whatever the file order, and reads SiCantik's conventions", async () => {
    const { steps, rejects, summary } = await ingest(fixture("sicantik-steps.csv"), "sicantik");
    expect(rejects).toEqual([]);
    expect(summary).toEqual({ kind: "summary", rows: 13, steps: 11, rejects: 0, duplicates: 1, superseded: 1, permits: 2 });
    const a = steps.filter((s) => s.permitNumber === "IKTG/2026/01/00001");
    expect(a.map((s) => [s.sourceRecordId, s.sequence, s.stepName, s.occurrence, s.status])).toEqual([
      ["101", 1, "Pengajuan Permohonan", 1, "finished"],
      ["102", 2, "Pendaftaran", 1, "finished"],
      ["103", 3, "Verifikasi Kasi", 1, "finished"],
      ["104", 4, "Pengajuan Permohonan", 2, "finished"],
      // Spaces folded; "TTE Kepala Dinas" renamed by the profile's aliases.
      ["105", 5, "Verifikasi Kasi", 2, "finished"],
      ["106", 6, "Penandatanganan Izin", 1, "in_progress"],
      ["107", 7, "Cetak Izin", 1, "waiting"],
      ["108", 8, "Penyerahan Izin", 1, "skipped"],
    ]);
    expect(a[5]!.sourceStepName).toBe("TTE Kepala Dinas");
    expect(a[4]!.sourceStepName).toBe("Verifikasi Kasi");
    // 0001-01-01 means no date; a missing start falls back to the application date, then to the previous step's end.
    expect(a.map((s) => [iso(s.startedAt), iso(s.endedAt)])).toEqual([
      [wib("2026-01-12 08:00:00"), wib("2026-01-12 08:10:00")],
      [wib("2026-01-12 08:10:00"), wib("2026-01-12 08:30:00")],
      [wib("2026-01-12 08:30:00"), wib("2026-01-12 09:45:00")],
      [wib("2026-01-12 09:45:00"), wib("2026-01-13 10:00:00")],
      [wib("2026-01-13 10:00:00"), wib("2026-01-13 10:40:00")],
      [wib("2026-01-13 10:40:00"), null],
      [null, null],
      [null, null],
    ]);
    expect(a[0]).toMatchObject({
      permitType: "Izin Kerja Teknisi Gigi",
      office: null,
      submittedAt: new Date(wib("2026-01-12 08:00:00")),
      permitFinishedAt: null,
      actor: "Pemohon",
      source: { file: "sicantik-steps.csv", row: 3 },
      raw: expect.objectContaining({ id: "101", tgl_selesai: "0001-01-01 00:00:00" }),
    });
    // Row 202 twice: the later sync (finished) replaces the earlier (in progress).
    const b = steps.filter((s) => s.permitNumber === "IKTG/2026/01/00002");
    expect(b.map((s) => [s.sourceRecordId, s.status, iso(s.startedAt), iso(s.endedAt)])).toEqual([
      ["201", "finished", wib("2026-01-12 09:00:00"), wib("2026-01-12 09:05:00")],
      ["202", "finished", wib("2026-01-12 09:05:00"), wib("2026-01-12 09:30:00")],
      ["203", "in_progress", wib("2026-01-12 09:30:00"), null],
    ]);
  });

  it("rejects rows it cannot trust, naming the row and the field", async () => {
    const { steps, rejects } = await ingest(fixture("sicantik-bad-rows.csv"), "sicantik");
    expect(rejects.map((r) => [r.row, r.field, r.reason])).toEqual([
      [2, "end_date", expect.stringMatching(/"32\/13\/2026 10:00" is not a date in any of the profile's formats/)],
      [3, "end_date", expect.stringMatching(/ends \(2026-01-12T02:00:00.000Z\) before it starts \(2026-01-12T03:00:00.000Z\)/)],
      [4, "end_date", expect.stringMatching(/"2030-01-12 09:00:00" is in the future/)],
      [5, "nama_proses", expect.stringMatching(/step name "=HYPERLINK\(.*\)" looks like a spreadsheet formula; it is never evaluated/)],
      [6, "no_permohonan", "no permit number"],
      [7, "status", expect.stringMatching(/unknown status "Ditolak" \(the profile knows: selesai, proses, menunggu, drop\)/)],
      [8, "end_date", 'status "Selesai" means finished, but there is no end date'],
      [9, "diproses_oleh", expect.stringMatching(/officer name "@SUM\(A1:A9\)" looks like a spreadsheet formula/)],
      // A name cannot start as a formula does; a spreadsheet would open "- Rina" as =-Rina.
      [10, "diproses_oleh", expect.stringMatching(/officer name "- Rina" looks like a spreadsheet formula/)],
      [11, null, expect.stringMatching(/the row has 11 fields where the header has 10/)],
    ]);
    expect(rejects[3]!.raw).toContain("HYPERLINK");
    // "-" is the export's placeholder for no officer, not a formula.
    expect(steps.map((s) => [s.permitNumber, s.actor])).toEqual([["P-11", null]]);
  });

  it("refuses a file without a required column, and hints at a wrong delimiter", async () => {
    const noEnd = await file("no-end.csv", "id,no_permohonan,jenis_izin,nama_proses,start_date\n1,A,X,Y,2026-01-01\n");
    await expect(ingest(noEnd, "sicantik")).rejects.toMatchObject({
      code: "missing_column",
      field: "end_date",
      message: expect.stringMatching(/no column for the step end \(looked for "end_date" or "tgl_akhir"; the file has "id", "no_permohonan"/),
    });
    const pipes = await file("pipes.csv", "id|no_permohonan|nama_proses\n1|A|B\n");
    await expect(ingest(pipes, "sicantik")).rejects.toThrow(/read as a single column: is the file delimited by something other than a comma, semicolon or tab\?/);
  });

  it("groups rows of a permit spread through the file, continues a permit read in several groups, and rejects rows out of order beyond the window", async () => {
    const header = "id,no_permohonan,jenis_izin,nama_proses,status,start_date,end_date";
    const row = (id: number, permit: string, step: string, start: string, end: string) => `${id},${permit},T,${step},Selesai,2026-01-12 ${start},2026-01-12 ${end}`;
    const filler = Array.from({ length: 30 }, (_, i) => row(1000 + i, `F-${i}`, "Pendaftaran", "08:00", "08:05"));
    const lines = [
      header,
      row(2, "A", "Verifikasi Kasi", "09:00", "10:00"),
      row(1, "A", "Pendaftaran", "08:00", "09:00"),
      ...filler.slice(0, 15),
      row(3, "A", "Penandatanganan Izin", "10:00", "11:00"),
      ...filler.slice(15),
      row(0, "A", "Pengajuan Permohonan", "07:00", "08:00"),
    ];
    const { steps, rejects } = await ingest(await file("spread.csv", `${lines.join("\n")}\n`), "sicantik", { windowRows: 10, oneByOne: true });
    expect(steps.filter((s) => s.permitNumber === "A").map((s) => [s.sourceRecordId, s.sequence])).toEqual([
      ["1", 1],
      ["2", 2],
      ["3", 3],
    ]);
    expect(rejects).toEqual([expect.objectContaining({ row: 35, reason: expect.stringMatching(/row id 0 belongs before rows of permit A read more than 10 rows earlier; sort the export by permit or by id/) })]);
  });

  it("keeps memory bounded: a permit leaves the buffer once it is over the row bound", async () => {
    const header = "id,no_permohonan,jenis_izin,nama_proses,status,start_date,end_date";
    const lines = [header];
    for (let i = 0; i < 50; i++) lines.push(`${i},P-${i % 5},T,S${i},Selesai,2026-01-12 08:00,2026-01-12 09:00`);
    const { steps, rejects } = await ingest(await file("round-robin.csv", `${lines.join("\n")}\n`), "sicantik", { maxBufferedRows: 3, oneByOne: true });
    expect(rejects).toEqual([]);
    expect(steps.filter((s) => s.permitNumber === "P-0").map((s) => s.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("reads the same steps from a Template Data JSON response", async () => {
    const { steps, rejects } = await ingest(fixture("sicantik-template-data.json"), "sicantik");
    expect(rejects).toEqual([]);
    expect(steps.map((s) => [s.sourceRecordId, s.stepName, s.status, iso(s.startedAt)])).toEqual([
      ["11", "Pengajuan Permohonan", "finished", wib("2026-02-02 08:00:00")],
      ["12", "Pendaftaran", "finished", wib("2026-02-02 08:12:00")],
      ["13", "Verifikasi Kasi", "in_progress", wib("2026-02-02 08:40:00")],
    ]);
    expect(steps[1]!.raw).toMatchObject({ id: "12", tgl_selesai: "", meta: '{"loket":2}' });
  });
});

describe("step rows (generic)", () => {
  it("reads English columns in file order, statuses by word or by dates, any date format", async () => {
    const { steps, rejects } = await ingest(fixture("generic-steps.csv"), "generic");
    expect(rejects).toEqual([]);
    expect(steps.map((s) => [s.permitNumber, s.sequence, s.stepName, s.status, iso(s.startedAt), iso(s.endedAt), s.actor])).toEqual([
      ["G-1", 1, "Intake", "finished", wib("2026-03-02 08:00:00"), wib("2026-03-02 08:20:00"), "Ana"],
      ["G-1", 2, "Review", "finished", wib("2026-03-02 08:20:00"), wib("2026-03-03 09:00:00"), "Ben"],
      ["G-1", 3, "Sign", "in_progress", wib("2026-03-03 09:00:00"), null, "Cara"],
      ["G-2", 1, "Intake", "finished", wib("2026-03-03 10:00:00"), wib("2026-03-03 10:30:00"), "Ana"],
      ["G-2", 2, "Review", "waiting", null, null, "Ben"],
    ]);
    expect(steps[0]!.permitType).toBe("Izin Praktik Tukang Gigi");
  });
});
