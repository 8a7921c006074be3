import type ExcelJS from "exceljs";
import { offsetAt } from "../calendar/zoned-time.ts";
import { looksLikeFormula } from "../text/formula.ts";

// One table per sheet, as a reader who only opens Excel expects it: a title block, a frozen header
// row with filters, column widths that fit, real numbers, dates and durations with native formats,
// late rows highlighted by a conditional format, and print set up (A4 landscape, fit to width,
// the header row repeated, office and period in the page header). Rows are streamed: a sheet
// holds what was written, never the whole table in memory.

export type ColumnKind = "text" | "int" | "decimal" | "percent" | "datetime" | "date";

export interface Column<R> {
  header: string;
  kind: ColumnKind;
  /** Characters; the header's length (at least the kind's minimum) unless given. */
  width?: number;
  value: (row: R) => string | number | Date | null;
  /** A number format of the row's own, where rows of one column differ (a table of figures). */
  numFmt?: (row: R) => string;
}

export interface SheetHeading {
  title: string;
  /** Lines under the title (office, period, generated when). */
  lines: string[];
  /** Page header of every printed page: office on the left, period on the right. */
  pageLeft: string;
  pageRight: string;
  /** The page footer, with {page} and {pages} for the page number and count: "Halaman {page} dari {pages}". */
  pageFooter: string;
}

// "@" keeps a number-looking permit number as it was written.
const FORMATS: Record<ColumnKind, string | undefined> = {
  text: "@",
  int: "#,##0",
  decimal: "#,##0.00",
  percent: "0.0%",
  datetime: "dd/mm/yyyy hh:mm",
  date: "dd/mm/yyyy",
};

const MIN_WIDTH: Record<ColumnKind, number> = { text: 10, int: 9, decimal: 10, percent: 9, datetime: 17, date: 11 };

/** A Date whose UTC fields are the wall clock of `instant` in `zone`: Excel has no time zones. */
export function wallDate(instant: Date, zone: string): Date {
  return new Date(instant.getTime() + offsetAt(zone, instant.getTime()));
}

// Page header/footer codes start with "&": a literal ampersand is written "&&".
const headerText = (s: string) => s.replace(/&/g, "&&");

function writeHeader<R>(r: ExcelJS.Row, columns: readonly Column<R>[]): void {
  columns.forEach((c, i) => {
    const cell = r.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };
    cell.alignment = { wrapText: true, vertical: "top" };
    cell.numFmt = "@";
  });
  // Room for a header wrapped over two lines.
  r.height = 30;
  r.commit();
}

function writeRow<R>(r: ExcelJS.Row, columns: readonly Column<R>[], row: R): void {
  columns.forEach((c, i) => {
    const v = c.value(row);
    if (v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))) return;
    const cell = r.getCell(i + 1);
    // A string is written as a string cell, never as a formula: exceljs makes a formula only of a
    // { formula } value, so "=cmd|…" from an export stays text; formatted as text too, so Excel
    // keeps it text when a reader edits the cell.
    cell.value = v;
    const fmt = typeof v === "string" && looksLikeFormula(v) ? "@" : (c.numFmt?.(row) ?? FORMATS[c.kind]);
    cell.style = styleOf(fmt);
  });
  r.commit();
}

// One style object per number format, shared by every cell that has it: exceljs recognises a
// style object it has seen (a WeakMap), where each cell's own copy had to be looked up afresh
// (a fifth of the time of a 50,000-row report went to that). Never mutated after creation.
const STYLES = new Map<string, Partial<ExcelJS.Style>>();
const NO_STYLE: Partial<ExcelJS.Style> = Object.freeze({});
function styleOf(numFmt: string | undefined): Partial<ExcelJS.Style> {
  if (!numFmt) return NO_STYLE;
  let style = STYLES.get(numFmt);
  if (!style) STYLES.set(numFmt, (style = Object.freeze({ numFmt })));
  return style;
}

export interface TableSheet<R> {
  add(row: R): void;
  /**
   * A titled table of its own below the rows so far (Ringkasan's tables beside their charts);
   * returns the 1-based row of its header. The sheet's main rows end where the first section starts.
   */
  section<S>(title: string, columns: readonly Column<S>[], rows: readonly S[]): number;
  /** Rows written so far. */
  readonly rows: number;
  commit(): Promise<void>;
}

/** "A", …, "Z", "AA", …: the letters of a 1-based column. */
export function columnLetters(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * Adds a sheet and returns a writer for its rows. `late` marks the rows to highlight: Excel tests
 * the row's status cell, so the highlight stays right when a reader sorts or filters.
 */
export function tableSheet<R>(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  heading: SheetHeading,
  columns: readonly Column<R>[],
  options: { late?: { column: number; values: readonly string[] }; widths?: number[] } = {},
): TableSheet<R> {
  const headerRow = heading.lines.length + 3;
  const ws = wb.addWorksheet(name, {
    views: [{ state: "frozen", ySplit: headerRow, xSplit: 0, activeCell: `A${headerRow + 1}` }],
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L${headerText(heading.pageLeft)}&R${headerText(heading.pageRight)}`,
      oddFooter: `&C${headerText(heading.pageFooter).replace("{page}", "&P").replace("{pages}", "&N")}`,
    },
    autoFilter: { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } },
  } as Partial<ExcelJS.AddWorksheetOptions>);
  ws.columns = columns.map((c, i) => ({
    key: `c${i}`,
    width: options.widths?.[i] ?? c.width ?? Math.min(60, Math.max(MIN_WIDTH[c.kind], c.header.length + 2)),
    style: FORMATS[c.kind] ? { numFmt: FORMATS[c.kind]! } : {},
  }));
  const title = ws.getRow(1);
  title.getCell(1).value = heading.title;
  title.getCell(1).font = { bold: true, size: 14 };
  title.commit();
  heading.lines.forEach((line, i) => {
    const r = ws.getRow(i + 2);
    r.getCell(1).value = line;
    r.commit();
  });
  writeHeader(ws.getRow(headerRow), columns);

  let next = headerRow + 1;
  let written = 0;
  return {
    add(row: R) {
      writeRow(ws.getRow(next++), columns, row);
      written++;
    },
    section<S>(title: string, sectionColumns: readonly Column<S>[], rows: readonly S[]): number {
      next++;
      const t = ws.getRow(next++);
      t.getCell(1).value = title;
      t.getCell(1).font = { bold: true, size: 12 };
      t.commit();
      const header = next++;
      writeHeader(ws.getRow(header), sectionColumns);
      for (const row of rows) writeRow(ws.getRow(next++), sectionColumns, row);
      // Room for the chart beside the table when the table is shorter than the chart.
      next += Math.max(0, 16 - rows.length);
      return header;
    },
    get rows() {
      return written;
    },
    async commit() {
      if (options.late && written > 0) {
        const col = columnLetters(options.late.column);
        const last = columnLetters(columns.length);
        const first = headerRow + 1;
        const test = options.late.values.map((v) => `$${col}${first}="${v.replace(/"/g, '""')}"`).join(",");
        ws.addConditionalFormatting({
          ref: `A${first}:${last}${headerRow + written}`,
          rules: [
            {
              type: "expression",
              priority: 1,
              formulae: [options.late.values.length > 1 ? `OR(${test})` : test],
              style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: "FFFBE0DE" } }, font: { color: { argb: "FF8C1D18" } } },
            },
          ],
        });
      }
      ws.commit();
    },
  };
}
