import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { csvPieces, xlsxFile } from "../../src/reports/list-file.ts";
import type { Column } from "../../src/reports/table-sheet.ts";

// The two file writers of the list exports, on rows a spreadsheet user would check by eye.

interface Row {
  name: string;
  n: number | null;
  share: number | null;
  at: Date | null;
}

const columns: Column<Row>[] = [
  { header: "Nama", kind: "text", value: (r) => r.name },
  { header: "Jumlah", kind: "decimal", value: (r) => r.n },
  { header: "% terpakai", kind: "percent", value: (r) => r.share },
  { header: "Mulai", kind: "datetime", value: (r) => r.at },
];

const rows: Row[] = [
  { name: 'Siti, "Ani"\nBaru', n: 1.23456, share: 0.8751, at: new Date("2026-11-23T10:15:00Z") },
  { name: "=1+1", n: null, share: null, at: null },
  { name: "-12", n: 3, share: 1.5, at: null },
];

async function text(pieces: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of pieces) parts.push(p);
  return Buffer.concat(parts);
}

describe("csvPieces", () => {
  it("writes RFC 4180 CSV with a BOM, CRLF, plain numbers and dates, and formula-like text neutralised", async () => {
    const bytes = await text(csvPieces(columns, rows));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toBe(
      'Nama,Jumlah,% terpakai,Mulai\r\n"Siti, ""Ani""\nBaru",1.23,87.5,2026-11-23 10:15\r\n\'=1+1,,,\r\n-12,3,150,\r\n',
    );
  });

  it("reads its rows as they come, in pieces", async () => {
    async function* many() {
      for (let i = 0; i < 2_500; i++) yield { name: `p${i}`, n: i, share: null, at: null } satisfies Row;
    }
    const pieces: Buffer[] = [];
    for await (const p of csvPieces(columns, many())) pieces.push(p);
    expect(pieces.length).toBe(4);
    expect(Buffer.concat(pieces).toString("utf8").split("\r\n").length - 2).toBe(2_500);
  });
});

describe("xlsxFile", () => {
  const heading = { title: "Daftar", lines: ["Kantor: Kampar"], pageLeft: "Kampar", pageRight: "2026", pageFooter: "Halaman {page} dari {pages}" };

  async function read(stream: AsyncIterable<Buffer>) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await text(stream)) as unknown as ExcelJS.Buffer);
    return wb.worksheets[0]!;
  }

  it("writes a frozen header with a filter, real numbers and dates, and formula-like text as text", async () => {
    const { stream, rows: n, bytes } = await xlsxFile({ sheetName: "Daftar", heading, columns, rows, cutNote: "terpotong" });
    expect(n).toBe(3);
    expect(bytes).toBeGreaterThan(1_000);
    const sheet = await read(stream);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 4 });
    expect(sheet.getRow(4).getCell(1).value).toBe("Nama");
    expect(sheet.getRow(5).getCell(2).value).toBe(1.23456);
    expect(sheet.getRow(5).getCell(3).numFmt).toBe("0.0%");
    expect(sheet.getRow(5).getCell(4).value).toEqual(new Date("2026-11-23T10:15:00Z"));
    const formula = sheet.getRow(6).getCell(1);
    expect(formula.type).toBe(ExcelJS.ValueType.String);
    expect(formula.value).toBe("=1+1");
    expect(sheet.rowCount).toBe(7);
  });

  it("stops short of the sheet's last row and says the rest is in the CSV", async () => {
    const long = Array.from({ length: 40 }, (_, i) => ({ name: `p${i}`, n: i, share: null, at: null }));
    const { stream, rows: n } = await xlsxFile({ sheetName: "Daftar", heading, columns, rows: long, cutNote: "Unduh CSV untuk semua baris." }, 30);
    expect(n).toBe(30 - 4 - 3);
    const sheet = await read(stream);
    const texts: string[] = [];
    sheet.eachRow((r) => texts.push(String(r.getCell(1).value)));
    expect(texts).toContain("Unduh CSV untuk semua baris.");
    expect(sheet.rowCount).toBeLessThanOrEqual(30);
  });
});
