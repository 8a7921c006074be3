import { describe, expect, it } from "vitest";
import { ingest, scratch } from "./ingest-helpers.ts";

// PostgreSQL text and jsonb cannot hold U+0000: such a row is rejected naming its column, and
// the rest of the file is read as usual.

const file = scratch();
const COLUMNS = "id,permohonan_izin_id,no_permohonan,jenis_izin,jenis_izin_id,jenis_proses_id,nama_proses,status,start_date,end_date,diproses_oleh,tgl_signed_report,tgl_pengajuan,tgl_selesai".split(",");
const row = (id: number, actor: string) => {
  const cells = [String(id), "1", "IKTG/2026/01/00001", "Izin Kerja Teknisi Gigi", "1", String(id), `Pendaftaran ${id}`, "Selesai", `2026-01-12 08:0${id}:00`, `2026-01-12 08:0${id + 1}:00`, actor, "0001-01-01 00:00:00", "2026-01-12 08:00:00", "0001-01-01 00:00:00"];
  return Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i]]));
};

describe("a NUL character in a cell", () => {
  it("rejects the row naming the column, and keeps the others", async () => {
    // A CSV holding NUL is refused as binary; a JSON export can carry one as \u0000.
    const path = await file("nul.json", JSON.stringify({ data: { data: [row(1, "Dedi"), row(2, "De\0di"), row(3, "Wulan")] } }));
    const { steps, rejects, summary } = await ingest(path, "sicantik");
    expect(rejects).toEqual([expect.objectContaining({ row: 2, field: "diproses_oleh", reason: expect.stringMatching(/NUL/) })]);
    expect(steps.map((s) => s.actor)).toEqual(["Dedi", "Wulan"]);
    expect(summary).toMatchObject({ rows: 3, steps: 2, rejects: 1 });
  });
});
