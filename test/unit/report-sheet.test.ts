import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import yauzl from "yauzl";
import { afterAll, describe, expect, it } from "vitest";
import { columnLetters, tableSheet, wallDate } from "../../src/reports/table-sheet.ts";
import { withDrawingElement } from "../../src/reports/xlsx-pictures.ts";

// The report's sheets as Excel reads them: text that looks like a formula stays text, dates are
// the office's wall clock, and a picture's drawing sits where the worksheet schema wants it.

const dir = mkdtempSync(join(tmpdir(), "mutubaku-sheet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function entry(path: string, name: string): Promise<string> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on("entry", (e: yauzl.Entry) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          s.on("data", (c: Buffer) => chunks.push(c));
          s.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        });
      });
      zip.on("end", () => reject(new Error(`${name} not in ${path}`)));
      zip.readEntry();
    }),
  );
}

describe("a report sheet", () => {
  it("writes formula-like text as text, never as a formula", async () => {
    const file = join(dir, "formula.xlsx");
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
    const heading = { title: "T", lines: [], pageLeft: "A & B", pageRight: "Oktober 2026", pageFooter: "Halaman {page} dari {pages}" };
    const s = tableSheet<string>(wb, "Data", heading, [{ header: "Petugas", kind: "text", value: (v) => v }]);
    for (const v of ["=cmd|' /C calc'!A0", "+1+2", "@SUM(A1:A2)", "-2+3"]) s.add(v);
    await s.commit();
    await wb.commit();
    const xml = await entry(file, "xl/worksheets/sheet1.xml");
    expect(xml).not.toContain("<f>");
    expect(xml).toContain("=cmd|&apos; /C calc&apos;!A0");
    // The page header's ampersand is written as a literal one; the footer's codes stay codes.
    expect(xml).toContain("&amp;LA &amp;&amp; B");
    expect(xml).toContain("Halaman &amp;P dari &amp;N");
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    expect(back.getWorksheet("Data")!.getCell("A4").value).toBe("=cmd|' /C calc'!A0");
  });

  it("gives dates the office's wall clock", () => {
    expect(wallDate(new Date("2026-10-01T01:00:00Z"), "Asia/Jakarta").toISOString()).toBe("2026-10-01T08:00:00.000Z");
    expect(wallDate(new Date("2026-10-01T01:00:00Z"), "Asia/Jayapura").toISOString()).toBe("2026-10-01T10:00:00.000Z");
  });

  it("names columns past Z", () => {
    expect([1, 26, 27, 52, 703].map(columnLetters)).toEqual(["A", "Z", "AA", "AZ", "AAA"]);
  });

  it("puts a drawing before the parts the schema orders after it", () => {
    const sheet = '<worksheet xmlns="x" xmlns:r="y"><sheetData/><pageSetup/><headerFooter/><tableParts count="0"/></worksheet>';
    expect(withDrawingElement(sheet)).toBe('<worksheet xmlns="x" xmlns:r="y"><sheetData/><pageSetup/><headerFooter/><drawing r:id="rIdMutuBakuDrawing"/><tableParts count="0"/></worksheet>');
    expect(withDrawingElement('<worksheet xmlns="x"><sheetData/></worksheet>')).toContain('<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns="x"><sheetData/><drawing r:id="rIdMutuBakuDrawing"/></worksheet>');
  });
});
