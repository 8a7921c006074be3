import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReadStream } from "node:fs";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { neutralizeFormula } from "../text/formula.ts";
import { type Column, type SheetHeading, tableSheet } from "./table-sheet.ts";

// A list as a file a spreadsheet user opens: its columns (src/reports/table-sheet.ts's, so the
// Excel sheet is the report's kind of sheet) and its rows, read as they arrive, as CSV or XLSX.

export type ListRows<R> = AsyncIterable<R> | Iterable<R>;

/** Rows per CSV piece: a piece is one string handed to the response stream. */
const CSV_BATCH = 1_000;

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/**
 * A cell as CSV text. Numbers with a "." decimal point, shares in percent (the headers say %),
 * dates as "YYYY-MM-DD HH:MM" (the wall clock a Date from wallDate() carries), which every
 * spreadsheet reads as a date; text that a spreadsheet would run as a formula gets a leading '.
 */
function csvCell<R>(c: Column<R>, row: R): string {
  const v = c.value(row);
  if (v === null || (typeof v === "number" && !Number.isFinite(v))) return "";
  if (v instanceof Date) {
    const iso = v.toISOString();
    return c.kind === "date" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  if (typeof v === "number") return String(c.kind === "percent" ? round(v * 100, 1) : c.kind === "int" ? Math.round(v) : round(v, 2));
  return neutralizeFormula(v);
}

/**
 * The CSV's bytes in pieces, as the rows come: UTF-8 with a BOM (Excel on Windows then reads it as
 * UTF-8), comma separated, quoted and CRLF-terminated as RFC 4180 has it.
 */
export async function* csvPieces<R>(columns: readonly Column<R>[], rows: ListRows<R>): AsyncGenerator<Buffer> {
  const lines = (records: string[][]) => Buffer.from(stringify(records, { record_delimiter: "windows" }), "utf8");
  yield Buffer.concat([Buffer.from("\uFEFF", "utf8"), lines([columns.map((c) => neutralizeFormula(c.header))])]);
  let batch: string[][] = [];
  for await (const row of rows) {
    batch.push(columns.map((c) => csvCell(c, row)));
    if (batch.length === CSV_BATCH) {
      yield lines(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield lines(batch);
}

export interface XlsxList<R> {
  sheetName: string;
  heading: SheetHeading;
  columns: readonly Column<R>[];
  rows: ListRows<R>;
  /** The status column (1-based) and the status texts whose rows are highlighted. */
  late?: { column: number; values: readonly string[] };
  /** The line under the last row when the list is longer than a sheet holds. */
  cutNote: string;
}

/** Rows an Excel sheet holds (a test passes fewer). */
const SHEET_ROWS = 1_048_576;

/**
 * The list as an Excel workbook of one sheet, written by exceljs's streaming writer to a file of
 * its own (its commit() does not wait for a slow reader, so a response is never its stream), then
 * opened and unlinked at once: the returned stream is the file's last reference, and closing it
 * (read to the end or abandoned) frees the disk.
 */
export async function xlsxFile<R>(list: XlsxList<R>, sheetRows = SHEET_ROWS): Promise<{ stream: ReadStream; bytes: number; rows: number }> {
  const dir = await mkdtemp(join(tmpdir(), "mutubaku-list-"));
  try {
    const path = join(dir, "list.xlsx");
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
    wb.creator = "Mutu Baku";
    const sheet = tableSheet(wb, list.sheetName, list.heading, list.columns, list.late ? { late: list.late } : {});
    // Title block, header, and room for the note below the rows.
    const room = sheetRows - (list.heading.lines.length + 3) - 3;
    for await (const row of list.rows) {
      if (sheet.rows === room) {
        sheet.section(list.cutNote, [], []);
        break;
      }
      sheet.add(row);
      // exceljs holds written rows until its zip stream takes them: let it, now and then.
      if (sheet.rows % 2_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await sheet.commit();
    await wb.commit();
    const file = await open(path);
    const { size } = await file.stat();
    return { stream: file.createReadStream(), bytes: size, rows: sheet.rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
