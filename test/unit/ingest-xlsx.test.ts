import { crc32, deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, readFileRowBatches } from "../../src/ingest/readers/index.ts";
import { isDateFormat } from "../../src/ingest/readers/xlsx-parts.ts";
import { readSheetRows } from "../../src/ingest/readers/xlsx-sheet.ts";
import type { XlsxArchive } from "../../src/ingest/readers/zip-guard.ts";
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
  data: Buffer | string;
  /** What the headers claim; default: the truth. */
  declaredSize?: number;
  /** What the headers claim; default: the truth. */
  declaredCrc?: number;
  /** Compressed bytes to write instead of the data deflated (a damaged entry). */
  packed?: Buffer;
}

/** A deflate ZIP, its entries in the order given, whose headers may lie (APPNOTE 4.3). */
function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const data = typeof e.data === "string" ? Buffer.from(e.data) : e.data;
    const packed = e.packed ?? deflateRawSync(data);
    const size = e.declaredSize ?? data.length;
    const crc = e.declaredCrc ?? crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
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

  it("takes formula results, rich text and hyperlinks as text, never evaluating; booleans and errors as Excel shows them", async () => {
    const when = new Date(Date.UTC(2026, 2, 3, 14, 0));
    const path = await workbook("cells.xlsx", {
      S: [
        ["formula", "rich", "link", "error", "flag", "sum", "due"],
        [
          { formula: 'HYPERLINK("http://x","klik")', result: "klik" },
          { richText: [{ text: "Verifikasi " }, { font: { bold: true }, text: "Berkas" }] },
          { text: "Budi", hyperlink: "mailto:b@x" },
          { error: "#N/A" },
          true,
          { formula: "1+1", result: 2 },
          { formula: "TODAY()", result: when },
        ],
      ],
    });
    expect(await rowsOf(path)).toEqual([
      { row: 2, fields: { formula: "klik", rich: "Verifikasi Berkas", link: "Budi", error: "#N/A", flag: "TRUE", sum: 2, due: when } },
    ]);
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
    // "would expand": refused from the headers, before a byte was inflated.
    await expect(rowsOf(await file("bomb.xlsx", bomb))).rejects.toMatchObject({ code: "too_large", message: expect.stringMatching(/sheet1\.xml would expand \d+ times \(3815 MiB\)/) });
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

  it("refuses a part whose headers pass but whose data expands past the ratio, as it inflates, after a few MiB of it", async () => {
    // 128 MiB of shared strings deflate to ~0.3 MB; padding the compressed size to 2 MiB makes the
    // headers claim a ratio of 64, under the limit: only counting the bytes as they inflate tells.
    const strings = Buffer.from(`<sst>${"<si><t>Verifikasi Berkas</t></si>".repeat((128 * 1024 * 1024) / 32)}</sst>`);
    const deflated = deflateRawSync(strings, { level: 9 });
    const padded = Buffer.concat([deflated, Buffer.alloc(2 * 1024 * 1024 - deflated.length)]);
    const bomb = zip([
      { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
      { name: "xl/workbook.xml", data: WORKBOOK },
      { name: "xl/sharedStrings.xml", data: strings, packed: padded },
    ]);
    const path = await file("padded.xlsx", bomb);
    const err = await rowsOf(path).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({
      code: "too_large",
      message: expect.stringMatching(/^padded\.xlsx: xl\/sharedStrings\.xml expands more than 100 times \(\d+ MiB from \d+ KiB so far\)/),
    });
    // Of the 128 MiB: the refusal came as it inflated, not after.
    expect(Number(/\((\d+) MiB from/.exec((err as Error).message)![1])).toBeLessThan(64);
  }, 30_000);
});

// Parts written by hand, in the order that made exceljs park sheets in temporary files: the
// worksheets first, the shared strings, styles and workbook last.
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

function handWorkbook(options: { sheets: { name: string; xml: string; chart?: boolean }[]; sharedStrings?: string[]; date1904?: boolean }): Buffer {
  const sheetParts = options.sheets.map((s, i) => ({ ...s, part: s.chart ? `xl/chartsheets/sheet${i + 1}.xml` : `xl/worksheets/data-${i + 1}.xml`, id: `rId${i + 1}` }));
  const workbookXml = `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${options.date1904 ? '<workbookPr date1904="1"/>' : ""}<sheets>${sheetParts
    .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="${s.id}"/>`)
    .join("")}</sheets></workbook>`;
  const relsXml = `<?xml version="1.0"?><Relationships xmlns="${RELS_NS}">${sheetParts
    .map((s) => `<Relationship Id="${s.id}" Type="${REL}/${s.chart ? "chartsheet" : "worksheet"}" Target="${s.part.replace(/^xl\//, "")}"/>`)
    .join("")}<Relationship Id="rS" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/><Relationship Id="rY" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
  // Cell formats: 0 general, 1 built-in date (14), 2 custom date-time, 3 custom number.
  const stylesXml = `<?xml version="1.0"?><styleSheet ${NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="DD/MM/YYYY\\ HH:MM"/><numFmt numFmtId="165" formatCode="#,##0.00 &quot;hari&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`;
  const sst = `<?xml version="1.0"?><sst ${NS} count="${options.sharedStrings?.length ?? 0}">${(options.sharedStrings ?? []).map((t) => `<si>${t}</si>`).join("")}</sst>`;
  return zip([
    { name: "[Content_Types].xml", data: "<Types/>" },
    ...sheetParts.map((s) => ({ name: s.part, data: s.xml })),
    { name: "xl/sharedStrings.xml", data: sst },
    { name: "xl/styles.xml", data: stylesXml },
    { name: "xl/_rels/workbook.xml.rels", data: relsXml },
    { name: "xl/workbook.xml", data: workbookXml },
  ]);
}

function sheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><dimension ref="A1"/><sheetData>${rows}</sheetData></worksheet>`;
}

describe("readXlsx on workbooks whose sheets come before their shared strings", () => {
  it("reads the sheet without parking it anywhere: shared strings, inline strings, numbers, booleans, errors, dates", async () => {
    const path = await file(
      "hand.xlsx",
      handWorkbook({
        sharedStrings: ["<t>No_Permohonan</t>", "<t xml:space=\"preserve\">Nama </t>", "<r><t>A/</t></r><r><rPr><b/></rPr><t>1</t></r><rPh sb=\"0\" eb=\"1\"><t>ignored</t></rPh>", "<t>baris_x000D_\ndua &amp; &lt;tiga&gt;</t>"],
        sheets: [
          {
            name: "Proses",
            xml: sheetXml(
              '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Mulai</t></is></c><c r="D1" t="inlineStr"><is><r><t>Sel</t></r><r><t>esai</t></r></is></c>' +
                '<c r="E1" t="inlineStr"><is><t>Ok</t></is></c><c r="F1" t="inlineStr"><is><t>Durasi</t></is></c><c r="G1" t="inlineStr"><is><t>Catatan</t></is></c><c r="H1" t="inlineStr"><is><t>Tgl</t></is></c></row>' +
                '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="inlineStr"><is><t>Budi &amp; Ani</t></is></c><c r="C3" s="2"><v>46034.3541666667</v></c><c r="D3" s="1"><v>46035</v></c>' +
                '<c r="E3" t="b"><v>0</v></c><c r="F3" s="3"><v>2.5</v></c><c r="G3" t="s"><v>3</v></c><c r="H3" t="d"><v>2026-01-12T08:30:00</v></c></row>' +
                '<row r="4"><c r="A4" t="s"><v>2</v></c><c r="B4"/><c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E4" t="str"><f>"x"</f><v>ya</v></c><c r="F4"><f>1+1</f><v>2</v></c></row>',
            ),
          },
        ],
      }),
    );
    expect(await rowsOf(path)).toEqual([
      {
        row: 3,
        fields: {
          no_permohonan: "A/1",
          nama: "Budi & Ani",
          mulai: new Date(Date.UTC(2026, 0, 12, 8, 30)),
          selesai: new Date(Date.UTC(2026, 0, 13)),
          ok: "FALSE",
          durasi: 2.5,
          catatan: "baris\r\ndua & <tiga>",
          tgl: new Date(Date.UTC(2026, 0, 12, 8, 30)),
        },
      },
      { row: 4, fields: { no_permohonan: "A/1", nama: null, mulai: "#DIV/0!", selesai: null, ok: "ya", durasi: 2, catatan: null, tgl: null } },
    ]);
  });

  it("reads a sheet by name past a chart sheet, dates counted from 1904, element names with a prefix", async () => {
    const prefixed = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>Tanggal</x:t></x:is></x:c></x:row><x:row r="5"><x:c r="B5" s="1"><x:v>0</x:v></x:c><x:c r="C5"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const path = await file(
      "named.xlsx",
      handWorkbook({
        date1904: true,
        sheets: [
          { name: "Grafik", xml: "<chartsheet/>", chart: true },
          { name: "Ringkasan", xml: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>') },
          { name: "Data Proses", xml: prefixed },
        ],
      }),
    );
    // The first worksheet, not the chart sheet, is the default.
    expect(await rowsOf(path)).toEqual([{ row: 2, fields: { x: 1 } }]);
    expect(await rowsOf(path, { sheet: "data proses" })).toEqual([
      { row: 5, fields: { column_1: null, tanggal: new Date(Date.UTC(1904, 0, 1)) }, problem: "has values beyond the 2 columns of the header" },
    ]);
    await expect(rowsOf(path, { sheet: "Grafik" })).rejects.toMatchObject({ code: "no_sheet", message: expect.stringMatching(/\(sheets: Ringkasan, Data Proses\)/) });
  });

  it("reads the order exceljs writes (sheets first) as well", async () => {
    const path = await workbook("exceljs-order.xlsx", { S: [["id", "nama"], [1, "satu"], [2, "dua"]] });
    const bytes = (await import("node:fs")).readFileSync(path);
    expect(bytes.indexOf("xl/worksheets/sheet1.xml")).toBeLessThan(bytes.indexOf("xl/sharedStrings.xml"));
    // Several at once: the temporary-file race showed under load.
    const all = await Promise.all(Array.from({ length: 8 }, () => rowsOf(path)));
    for (const rows of all) expect(rows).toEqual([{ row: 2, fields: { id: 1, nama: "satu" } }, { row: 3, fields: { id: 2, nama: "dua" } }]);
  });

  it("streams a sheet of many megabytes, written before the shared strings, in batches", async () => {
    const count = 200_000;
    const rows: string[] = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'];
    for (let r = 2; r <= count + 1; r++) {
      rows.push(`<row r="${r}"><c r="A${r}"><v>${r - 1}</v></c><c r="B${r}" t="s"><v>${3 + (r % 3)}</v></c><c r="C${r}" s="2"><v>${46000 + r / 1000}</v></c></row>`);
    }
    const xml = sheetXml(rows.join(""));
    expect(xml.length).toBeGreaterThan(20 * 1024 * 1024);
    const path = await file(
      "large.xlsx",
      handWorkbook({ sharedStrings: ["<t>id</t>", "<t>status</t>", "<t>start_date</t>", "<t>Selesai</t>", "<t>Proses</t>", "<t>Ditolak</t>"], sheets: [{ name: "S", xml }] }),
    );
    let seen = 0;
    let batches = 0;
    let last: unknown = null;
    for await (const batch of readFileRowBatches(path)) {
      batches++;
      seen += batch.length;
      last = batch.at(-1);
    }
    expect(seen).toBe(count);
    expect(batches).toBeGreaterThan(count / 2000);
    expect(last).toEqual({ row: count + 1, fields: { id: count, status: "Selesai", start_date: new Date(Math.round((46000 + (count + 1) / 1000 - 25569) * 86_400_000)) } });
  });

  it("hands rows on as the sheet's bytes come, not after the whole sheet", async () => {
    // An archive whose one part is a 30 MB sheet made on demand, 64 KiB at a time.
    let made = 0;
    const rows = 300_000;
    async function* sheetBytes(): AsyncGenerator<Buffer> {
      let pending = `<worksheet ${NS}><sheetData>`;
      for (let r = 1; r <= rows; r++) {
        pending += `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>baris ${r}</t></is></c></row>`;
        if (pending.length >= 64 * 1024) {
          made++;
          yield Buffer.from(pending);
          pending = "";
        }
      }
      made++;
      yield Buffer.from(`${pending}</sheetData></worksheet>`);
    }
    const archive: XlsxArchive = { parts: new Map(), read: () => sheetBytes(), close: () => {} };
    const ctx = { path: "-", name: "lazy.xlsx", limits: DEFAULT_LIMITS };
    const reading = readSheetRows(archive, "xl/worksheets/sheet1.xml", ctx, { sharedStrings: [], dateStyles: [], date1904: false });
    const first = await reading.next();
    expect(first.value).toContainEqual({ number: 1, cells: [1, "baris 1"] });
    expect(made).toBeLessThanOrEqual(2);
    let count = first.done ? 0 : first.value.length;
    let most = count;
    for await (const batch of reading) {
      count += batch.length;
      most = Math.max(most, batch.length);
    }
    expect(count).toBe(rows);
    expect(made).toBeGreaterThan(400);
    // Never more rows at once than one chunk holds.
    expect(most).toBeLessThan(2000);
  });

  it("refuses a sheet that inflates past its declared size, or fails its CRC, or is damaged, naming the part", async () => {
    const sheet = sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>');
    const parts = (entry: Partial<Entry>) =>
      zip([
        { name: "xl/worksheets/sheet1.xml", data: sheet, ...entry },
        { name: "xl/_rels/workbook.xml.rels", data: `<Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
        { name: "xl/workbook.xml", data: `<workbook ${NS}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>` },
      ]);
    expect(await rowsOf(await file("ok.xlsx", parts({})))).toEqual([{ row: 2, fields: { a: 1 } }]);
    await expect(rowsOf(await file("long.xlsx", parts({ declaredSize: 50 })))).rejects.toMatchObject({
      code: "too_large",
      message: expect.stringMatching(/sheet1\.xml expands beyond the 50 bytes its header declares/),
    });
    await expect(rowsOf(await file("crc.xlsx", parts({ declaredCrc: 12345 })))).rejects.toMatchObject({ code: "corrupt", message: expect.stringMatching(/sheet1\.xml fails its CRC-32 check/) });
    const packed = deflateRawSync(Buffer.from(sheet));
    await expect(rowsOf(await file("cut-entry.xlsx", parts({ packed: packed.subarray(0, packed.length - 20) })))).rejects.toMatchObject({
      code: "corrupt",
      message: expect.stringMatching(/sheet1\.xml .*truncated or damaged/),
    });
  });

  it("names the row where a sheet's XML breaks, and refuses a row longer than the record limit", async () => {
    const broken = handWorkbook({ sheets: [{ name: "S", xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row><row r="7"><c r="A7"><v>2</v></x></row>') }] });
    await expect(rowsOf(await file("broken.xlsx", broken))).rejects.toMatchObject({ code: "corrupt", row: 7, message: expect.stringMatching(/^broken\.xlsx \(row 7\): not a readable XLSX workbook \(xl\/worksheets\/data-1\.xml: /) });
    const long = handWorkbook({ sheets: [{ name: "S", xml: sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>${"x".repeat(5000)}</t></is></c></row>`) }] });
    await expect(rowsOf(await file("long-row.xlsx", long), { limits: { maxRecordBytes: 1000 } })).rejects.toMatchObject({ code: "record_too_large", row: 2 });
  });

  it("tells date formats from number formats", () => {
    expect(["DD/MM/YYYY HH:MM", "yyyy-mm-dd", "[$-421]d mmmm yyyy", "h:mm AM/PM", "mm:ss"].every(isDateFormat)).toBe(true);
    expect(["General", "0.00", '#,##0 "hari"', "[Red]0.00", "0.00E+00", "@", "\\d0"].some(isDateFormat)).toBe(false);
  });
});
