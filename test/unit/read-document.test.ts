import { describe, it, expect } from "vitest";
import ExcelJS from "exceljs";
import { parseSopDocument, readSopDocument, SopDocumentError } from "../../src/sop/index.ts";
import { zip } from "../support/zip.ts";

// Each accepted format gives the tab-separated text the SOP parser reads. The .xlsx and .docx
// fixtures are built here: a small SOP with merged header cells, as offices lay them out.

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("readSopDocument: .txt", () => {
  it("reads UTF-8 text, dropping a byte-order mark", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("No\tUraian\n1\tPemohon mengajukan – 1 jam")]);
    expect(await readSopDocument(bytes, "sop.TXT")).toEqual({ text: "No\tUraian\n1\tPemohon mengajukan – 1 jam" });
  });

  it("refuses text that is not UTF-8, naming the file", async () => {
    await expect(readSopDocument(new Uint8Array([0x4e, 0x6f, 0xe9, 0x0a]), "lama.txt")).rejects.toThrow(
      new SopDocumentError("lama.txt is not UTF-8 text; save it as UTF-8 and try again"),
    );
  });

  it("refuses other formats, naming the file and the formats it reads", async () => {
    await expect(readSopDocument(utf8("%PDF-1.4"), "sop.pdf")).rejects.toThrow(/sop\.pdf: cannot read "\.pdf" files; give a \.txt/);
    await expect(readSopDocument(utf8(""), "README")).rejects.toThrow(/files without an extension/);
  });
});

async function sopWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("SOP");
  sheet.addRow(["Nama SOP", "Izin Praktik Perawat"]);
  sheet.addRow(["Tanggal Efektif", new Date(Date.UTC(2024, 6, 15))]);
  sheet.addRow([]);
  sheet.addRow(["No", "Uraian Prosedur", "Pelaksana", null, "Mutu Baku", null, null]);
  sheet.addRow([null, null, "Pemohon", "Back Office", "Kelengkapan", "Waktu", "Output"]);
  sheet.mergeCells("A4:A5");
  sheet.mergeCells("B4:B5");
  sheet.mergeCells("C4:D4");
  sheet.mergeCells("E4:G4");
  sheet.addRow([1, "Pemohon mengunggah\npersyaratan", null, null, "Formulir", "10 Menit", "Bukti unggah"]);
  sheet.addRow([2, "Back Office memeriksa berkas", null, null, "Berkas", "2 hari kerja", "Tanda terima"]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("readSopDocument: .xlsx", () => {
  it("turns the first sheet's rows into tab-separated lines, merged cells once", async () => {
    const { text } = await readSopDocument(await sopWorkbook(), "sop.xlsx");
    const lines = text.split("\n");
    expect(lines[1]).toBe("Tanggal Efektif\t2024-07-15");
    expect(lines[3]).toBe("No\tUraian Prosedur\tPelaksana\t\tMutu Baku\t\t");
    expect(lines[5]).toBe("1\tPemohon mengunggah persyaratan\t\t\tFormulir\t10 Menit\tBukti unggah");
  });

  it("gives text the SOP parser reads", async () => {
    const { sop, warnings } = parseSopDocument((await readSopDocument(await sopWorkbook(), "sop.xlsx")).text);
    expect(warnings).toEqual([]);
    expect(sop).toMatchObject({ name: "Izin Praktik Perawat", effectiveFrom: "2024-07-15" });
    expect(sop.steps.map((s) => [s.actor, s.kelengkapan, s.waktu, s.standard, s.output])).toEqual([
      ["Pemohon", "Formulir", "10 Menit", { value: 10, unit: "minute" }, "Bukti unggah"],
      ["Back Office", "Berkas", "2 hari kerja", { value: 2, unit: "day" }, "Tanda terima"],
    ]);
  });

  it("refuses a file that is no workbook, naming it", async () => {
    await expect(readSopDocument(utf8("not a zip"), "rusak.xlsx")).rejects.toThrow(/rusak\.xlsx is not a readable \.xlsx file/);
  });
});

// WordprocessingML for a paragraph and a table cell; `merge` spans columns (gridSpan) or continues
// the cell above (vMerge).
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const para = (text: string): string => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
const cell = (paragraphs: string[], merge: { span?: number; vMerge?: "restart" | "continue" } = {}): string => {
  const props = `${merge.span ? `<w:gridSpan w:val="${merge.span}"/>` : ""}${merge.vMerge ? `<w:vMerge w:val="${merge.vMerge}"/>` : ""}`;
  return `<w:tc><w:tcPr>${props}</w:tcPr>${(paragraphs.length > 0 ? paragraphs : [""]).map(para).join("")}</w:tc>`;
};
const row = (cells: string[]): string => `<w:tr>${cells.join("")}</w:tr>`;

function sopDocx(): Uint8Array {
  const table = [
    row([
      cell(["No"], { vMerge: "restart" }),
      cell(["Uraian Prosedur"], { vMerge: "restart" }),
      cell(["Pelaksana"], { span: 2 }),
      cell(["Mutu Baku"], { span: 3 }),
    ]),
    row([
      cell([], { vMerge: "continue" }),
      cell([], { vMerge: "continue" }),
      cell(["Pemohon"]),
      cell(["Back Office"]),
      cell(["Kelengkapan"]),
      cell(["Waktu"]),
      cell(["Output"]),
    ]),
    row([cell(["1"]), cell(["Pemohon mengisi formulir.", "Pemohon mengunggah KTP & ijazah."]), cell([]), cell([]), cell(["Formulir"]), cell(["15 Menit"]), cell(["Berkas"])]),
    row([cell(["2"]), cell(["Back Office menerbitkan izin"]), cell([]), cell([]), cell(["Berkas"]), cell(["1-2 hari"]), cell(["Izin"])]),
  ].join("");
  const body = `${para("STANDAR OPERASIONAL PROSEDUR")}${para("IZIN PRAKTIK BIDAN")}<w:tbl>${table}</w:tbl>`;
  return zip({
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels":
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`,
  });
}

describe("readSopDocument: .docx", () => {
  it("turns paragraphs into lines and table rows into tab-separated lines, keeping merged columns aligned", async () => {
    const lines = (await readSopDocument(sopDocx(), "sop.docx")).text.split("\n").filter((l) => l !== "");
    expect(lines.slice(0, 2)).toEqual(["STANDAR OPERASIONAL PROSEDUR", "IZIN PRAKTIK BIDAN"]);
    expect(lines[2]?.split("\t")).toHaveLength(7);
    expect(lines[3]?.split("\t").slice(0, 4)).toEqual(["", "", "<p>Pemohon</p>", "<p>Back Office</p>"]);
  });

  it("gives text the SOP parser reads", async () => {
    const { sop, warnings } = parseSopDocument((await readSopDocument(sopDocx(), "sop.docx")).text);
    expect(sop.permitType).toBe("Izin Praktik Bidan");
    expect(sop.steps.map((s) => [s.description, s.actor, s.kelengkapan, s.waktu, s.standard, s.waktuLower, s.output])).toEqual([
      ["Pemohon mengisi formulir. Pemohon mengunggah KTP & ijazah.", "Pemohon", "Formulir", "15 Menit", { value: 15, unit: "minute" }, null, "Berkas"],
      ["Back Office menerbitkan izin", "Back Office", "Berkas", "1-2 hari", { value: 2, unit: "day" }, { value: 1, unit: "day" }, "Izin"],
    ]);
    expect(warnings.map((w) => w.field)).toEqual(["effectiveFrom"]);
  });

  it("refuses a file that is no document, naming it", async () => {
    await expect(readSopDocument(utf8("not a zip"), "rusak.docx")).rejects.toThrow(/rusak\.docx is not a readable \.docx file/);
  });
});
