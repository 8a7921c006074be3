import { crc32, deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cellValue } from "../../src/ingest/readers/xlsx.ts";
import { rowsOf, scratch } from "./ingest-helpers.ts";

const file = scratch();

async function workbook(name: string, sheets: Record<string, unknown[][]>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [sheetName, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(sheetName);
    for (const r of rows) ws.addRow(r);
  }
  const path = await file(name);
  await wb.xlsx.writeFile(path);
  return path;
}

interface Entry {
  name: string;
  data: Buffer;
  /** What the headers claim; default: the truth. */
  declaredSize?: number;
}

/** A deflate ZIP whose headers may lie about sizes (APPNOTE 4.3). */
function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const WORKBOOK = Buffer.from('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1"/></sheets></workbook>');

describe("readXlsx", () => {
  it("reads the first sheet: header lower-cased, sheet row numbers, date cells as wall-time Dates, numbers", async () => {
    const when = new Date(Date.UTC(2026, 0, 12, 8, 30));
    const path = await workbook("steps.xlsx", {
      Proses: [[], ["ID", "No_Permohonan", "Start_Date", "Nilai"], [1, "A/1", when, 2.5], [], [2, "A/2", null, null]],
      Lain: [["x"], ["y"]],
    });
    const rows = await rowsOf(path);
    expect(rows).toEqual([
      { row: 3, fields: { id: 1, no_permohonan: "A/1", start_date: when, nilai: 2.5 } },
      { row: 5, fields: { id: 2, no_permohonan: "A/2", start_date: null, nilai: null } },
    ]);
  });

  it("reads a sheet by name, and names the sheets when it has none of that name", async () => {
    const path = await workbook("two.xlsx", { Satu: [["a"], ["1"]], Dua: [["b"], ["2"]] });
    expect(await rowsOf(path, { sheet: "dua" })).toEqual([{ row: 2, fields: { b: "2" } }]);
    await expect(rowsOf(path, { sheet: "Tiga" })).rejects.toMatchObject({ code: "no_sheet", message: expect.stringMatching(/no sheet named "Tiga" \(sheets: Satu, Dua\)/) });
  });

  it("refuses an empty sheet and one with only a header", async () => {
    await expect(rowsOf(await workbook("empty.xlsx", { S: [] }))).rejects.toMatchObject({ code: "empty" });
    await expect(rowsOf(await workbook("header.xlsx", { S: [["id", "no_permohonan"]] }))).rejects.toMatchObject({ code: "no_rows" });
  });

  it("takes formula results, rich text and hyperlinks as text, never evaluating", () => {
    expect(cellValue({ formula: 'HYPERLINK("http://x","klik")', result: "klik" })).toBe("klik");
    expect(cellValue({ richText: [{ text: "Verifikasi " }, { text: "Berkas" }] })).toBe("Verifikasi Berkas");
    expect(cellValue({ text: "Budi", hyperlink: "mailto:b@x" })).toBe("Budi");
    expect(cellValue({ error: "#N/A" })).toBe("#N/A");
    expect(cellValue(true)).toBe("TRUE");
  });

  it("refuses a truncated workbook", async () => {
    const whole = await workbook("whole.xlsx", { S: [["a"], ["1"]] });
    const bytes = (await import("node:fs")).readFileSync(whole);
    const path = await file("cut.xlsx", bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(rowsOf(path)).rejects.toMatchObject({ code: "corrupt", file: "cut.xlsx", message: expect.stringMatching(/truncated or damaged/) });
  });

  it("refuses an .xlsx that is CSV text, and a ZIP that is no workbook", async () => {
    await expect(rowsOf(await file("csv.xlsx", "id,no_permohonan\n1,A\n"))).rejects.toMatchObject({
      code: "format_mismatch",
      message: expect.stringMatching(/named \.xlsx but its content is plain text/),
    });
    const plainZip = zip([{ name: "readme.txt", data: Buffer.from("hello") }]);
    await expect(rowsOf(await file("docs.xlsx", plainZip))).rejects.toMatchObject({ code: "format_mismatch", message: expect.stringMatching(/not an XLSX workbook/) });
  });

  it("refuses a zip bomb from its headers before inflating anything", async () => {
    // 4 MB of one byte deflates to ~4 KB; the headers claim 4,000,000,000 bytes.
    const bomb = zip([
      { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
      { name: "xl/workbook.xml", data: WORKBOOK },
      { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(4 * 1024 * 1024, 0x20), declaredSize: 4_000_000_000 },
    ]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const started = performance.now();
    await expect(rowsOf(await file("bomb.xlsx", bomb))).rejects.toMatchObject({ code: "too_large", message: expect.stringMatching(/sheet1\.xml would expand \d+ times \(3815 MiB\)/) });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("refuses a workbook over the size limit, and a part that inflates past its declared size", async () => {
    const path = await workbook("big.xlsx", { S: [["a"], ["1"]] });
    await expect(rowsOf(path, { limits: { maxUncompressedBytes: 1000 } })).rejects.toMatchObject({ code: "too_large", message: expect.stringMatching(/more than the limit/) });
    const liar = zip([
      { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
      { name: "xl/workbook.xml", data: WORKBOOK },
      { name: "xl/sharedStrings.xml", data: Buffer.alloc(2 * 1024 * 1024, 0x20), declaredSize: 100 },
    ]);
    await expect(rowsOf(await file("liar.xlsx", liar))).rejects.toMatchObject({ code: "too_large", message: expect.stringMatching(/sharedStrings\.xml expands beyond the 100 bytes its header declares/) });
  });
});
