import ExcelJS from "exceljs";
import { IngestError } from "../errors.ts";
import { columnNames } from "./columns.ts";
import type { FieldValue, ReaderContext, SourceRow } from "./types.ts";
import { checkXlsxArchive, type ZipEntry } from "./zip-guard.ts";

// Rows of one sheet of an XLSX workbook, streamed by exceljs (shared strings cached, styles cached
// so that date cells come back as Date). The archive is checked first (zip-guard.ts).

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** A cell as text, number, Date or empty. Formulas are never evaluated: their cached result is what Excel showed. */
export function cellValue(v: unknown): FieldValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || v instanceof Date) return v;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (isObject(v)) {
    if (Array.isArray(v.richText)) return v.richText.map((r: unknown) => (isObject(r) && typeof r.text === "string" ? r.text : "")).join("");
    if ("formula" in v || "sharedFormula" in v) return cellValue(v.result);
    if ("hyperlink" in v) return cellValue(v.text);
    if ("error" in v) return String(v.error);
  }
  return String(v);
}

function sheetName(ws: unknown): string {
  return isObject(ws) && typeof ws.name === "string" ? ws.name : "?";
}

function isEmpty(v: FieldValue): boolean {
  return v === null || (typeof v === "string" && v.trim() === "");
}

const BATCH = 1000;

interface SheetRows {
  name: string;
  rows: AsyncIterable<{ values: unknown; number: number }> | Iterable<{ values: unknown; number: number }>;
}

// exceljs's streaming reader parks a worksheet in a temporary file when the sheet comes before the
// shared strings in the archive (as exceljs itself writes them), and deletes that file as soon as
// the sheet is handed over, sometimes before the file's read stream has opened it: an uncaught
// ENOENT that would take the server down. Such workbooks, when small, are read whole instead.
const READ_WHOLE_UNDER_BYTES = 64 * 1024 * 1024;

function parksSheets(entries: readonly ZipEntry[]): boolean {
  const index = (name: string) => entries.findIndex((e) => e.name === name);
  const firstSheet = entries.findIndex((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  const before = (name: string) => index(name) > firstSheet;
  return firstSheet >= 0 && (before("xl/sharedStrings.xml") || before("xl/_rels/workbook.xml.rels"));
}

async function* sheetsOf(path: string, entries: readonly ZipEntry[]): AsyncGenerator<SheetRows> {
  const unpacked = entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (parksSheets(entries) && unpacked <= READ_WHOLE_UNDER_BYTES) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    for (const ws of wb.worksheets) {
      const rows: { values: unknown; number: number }[] = [];
      ws.eachRow({ includeEmpty: false }, (row) => rows.push({ values: row.values, number: row.number }));
      yield { name: ws.name, rows };
    }
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  for await (const ws of reader) yield { name: sheetName(ws), rows: ws };
}

/** Rows of one sheet, in batches. */
export async function* readXlsx(ctx: ReaderContext & { sheet?: string }): AsyncGenerator<SourceRow[]> {
  const entries = await checkXlsxArchive(ctx.path, ctx.name, ctx.limits);
  const seen: string[] = [];
  let header: string[] | null = null;
  let rows = 0;
  let found = false;
  let batch: SourceRow[] = [];
  try {
    for await (const { name, rows: sheetRows } of sheetsOf(ctx.path, entries)) {
      seen.push(name);
      if (found || (ctx.sheet !== undefined && name.toLowerCase() !== ctx.sheet.toLowerCase())) continue;
      found = true;
      for await (const row of sheetRows) {
        const values = Array.isArray(row.values) ? row.values.map(cellValue) : [];
        // exceljs puts column A at index 1.
        const cells = values.slice(1);
        if (cells.every(isEmpty)) continue;
        if (header === null) {
          header = columnNames(cells);
          continue;
        }
        const fields: Record<string, FieldValue> = {};
        for (let i = 0; i < header.length; i++) fields[header[i]!] = cells[i] ?? null;
        rows++;
        const extra = cells.slice(header.length);
        batch.push(extra.every(isEmpty) ? { row: row.number, fields } : { row: row.number, fields, problem: `has values beyond the ${header.length} columns of the header` });
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new IngestError({ code: "corrupt", file: ctx.name, message: `not a readable XLSX workbook (${err instanceof Error ? err.message : String(err)})` }, { cause: err });
  }
  if (!found) {
    const message = ctx.sheet !== undefined ? `has no sheet named "${ctx.sheet}" (sheets: ${seen.join(", ") || "none"})` : "has no worksheet";
    throw new IngestError({ code: "no_sheet", file: ctx.name, message });
  }
  if (header === null) throw new IngestError({ code: "empty", file: ctx.name, message: "the sheet is empty" });
  if (rows === 0) throw new IngestError({ code: "no_rows", file: ctx.name, message: "the sheet has a header but no data rows" });
}
