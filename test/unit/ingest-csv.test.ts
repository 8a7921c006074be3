import { createWriteStream } from "node:fs";
import { once } from "node:events";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { IngestError } from "../../src/ingest/errors.ts";
import { detectDelimiter } from "../../src/ingest/readers/csv.ts";
import { type CsvRecord, CsvSplitter } from "../../src/ingest/readers/csv-records.ts";
import { fixture, rowsOf, scratch } from "./ingest-helpers.ts";

const file = scratch();

function split(text: string, pieces: number[]): CsvRecord[] {
  const splitter = new CsvSplitter(",", 1 << 20, "t.csv");
  const out: CsvRecord[] = [];
  let at = 0;
  for (const p of pieces) {
    splitter.push(text.slice(at, at + p), out);
    at += p;
  }
  splitter.push(text.slice(at), out);
  splitter.end(out);
  return out;
}

describe("CsvSplitter", () => {
  it("reads quoted fields with doubled quotes and line breaks, CRLF, and numbers records by their first line", () => {
    const text = 'a,b\r\n1,"x ""y"""\r\n2,"two\nlines"\r\n\r\n3,z';
    expect(split(text, [])).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", 'x "y"'] },
      { line: 3, fields: ["2", "two\nlines"] },
      { line: 6, fields: ["3", "z"] },
    ]);
  });

  it("gives csv-parse's records for any text cut into any pieces", () => {
    const field = fc.oneof(fc.string({ unit: fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r\n", "é") }), fc.constant(""));
    const records = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(records, fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 12 }), fc.boolean(), (recs, pieces, crlf) => {
        const quote = (f: string) => (/[",\r\n]/.test(f) || f === "" ? `"${f.replaceAll('"', '""')}"` : f);
        const text = recs.map((r) => r.map(quote).join(",")).join(crlf ? "\r\n" : "\n");
        // Records whose fields are all empty are skipped by design.
        const expected = (parse(text, { relax_column_count: true }) as string[][]).filter((r) => r.some((f) => f !== ""));
        expect(split(text, pieces).map((r) => r.fields)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a quoted field that never closes, naming its line", () => {
    expect(() => split('a,b\n1,"open\n\n', [])).toThrow(/quoted field opened on line 2 is never closed/);
  });
});

describe("readCsv", () => {
  it("detects comma, semicolon and tab from the header", () => {
    expect(detectDelimiter("a,b,c\n1;2")).toBe(",");
    expect(detectDelimiter("\uFEFFa;b;c")).toBe(";");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter('"a;b",c,d')).toBe(",");
  });

  it("reads a UTF-8 file with BOM and semicolons, header lower-cased", async () => {
    const rows = await rowsOf(await file("bom.csv", "\uFEFFNo_Permohonan ; Nama Proses\r\nA/1;Verifikasi é\r\n"));
    expect(rows).toEqual([{ row: 2, fields: { no_permohonan: "A/1", "nama proses": "Verifikasi é" } }]);
  });

  it("reads a fixture with a tab delimiter", async () => {
    const rows = await rowsOf(fixture("simple-rekap.tsv"));
    expect(rows).toHaveLength(3);
    expect(rows[0]!.fields.tgl_tte_kadis).toBe("13 Januari 2026 10.00");
  });

  it("marks a row with too few fields, or values past the header", async () => {
    const rows = await rowsOf(await file("count.csv", "a,b,c\n1,2\n1,2,3,,\n1,2,3,4\n"));
    expect(rows.map((r) => r.problem ?? null)).toEqual([expect.stringMatching(/has 2 fields where the header has 3/), null, expect.stringMatching(/has 4 fields/)]);
  });

  it.each([
    ["empty.csv", "", "empty", /empty/],
    ["blank.csv", "\uFEFF\r\n\r\n", "empty", /empty/],
    ["header.csv", "id,no_permohonan\r\n", "no_rows", /header but no data rows/],
  ])("refuses %s", async (name, content, code, message) => {
    const err = await rowsOf(await file(name, content)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(err).toMatchObject({ code, file: name, message: expect.stringMatching(message) });
  });

  it("refuses text that is not UTF-8, naming the byte and the line", async () => {
    const latin1 = Buffer.concat([Buffer.from("id,nama\n1,Rina\n2,Andr"), Buffer.from([0xe9]), Buffer.from("\n")]);
    const err = await rowsOf(await file("latin1.csv", latin1)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "encoding", file: "latin1.csv", row: 3, message: expect.stringMatching(/not UTF-8 text: byte 21 \(line 3\) is 0xe9/) });
  });

  it("refuses a .csv that is an XLSX, an old .xls, UTF-16 or binary", async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ["zip.csv", Buffer.from("PK\u0003\u0004rest"), /named \.csv but its content is a ZIP archive/],
      ["old.csv", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /old Excel 97-2003 workbook/],
      ["utf16.csv", Buffer.from("\uFEFFid,nama\n", "utf16le"), /UTF-16 text; save it as CSV UTF-8/],
      ["bin.csv", Buffer.from([0x01, 0x00, 0x02, 0x03]), /binary data/],
    ];
    for (const [name, bytes, message] of cases) {
      await expect(rowsOf(await file(name, bytes))).rejects.toMatchObject({ file: name, message: expect.stringMatching(message) });
    }
  });

  it("refuses a 200 MB line with memory bounded", async () => {
    const path = await file("long-line.csv");
    const out = createWriteStream(path);
    const chunk = Buffer.alloc(1024 * 1024, "a");
    out.write("id,no_permohonan\n1,");
    for (let i = 0; i < 200; i++) if (!out.write(chunk)) await once(out, "drain");
    out.end();
    await once(out, "finish");
    const heapBefore = process.memoryUsage().heapUsed;
    const err = await rowsOf(path).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "record_too_large", file: "long-line.csv", row: 2 });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
