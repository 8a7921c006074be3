import { IngestError } from "../errors.ts";
import type { FieldValue, ReaderContext } from "./types.ts";
import { unescapeXstring } from "./xlsx-parts.ts";
import { parseXmlPart } from "./xlsx-xml.ts";
import type { XlsxArchive } from "./zip-guard.ts";

// The rows of one worksheet part, streamed (ECMA-376 part 1, 18.3.1: <sheetData>, <row r>, <c r t s>
// with <v>, <f> or <is>). A cell becomes text, a number, a Date or empty:
//   t="s"          the shared string it points to
//   t="inlineStr"  the text of its <is> (runs joined)
//   t="str"        a formula's text result
//   t="b"          TRUE or FALSE
//   t="e"          the error as Excel shows it (#N/A)
//   t="d"          an ISO 8601 date, as a wall-clock Date
//   a number       a Date when its format shows a date (serial days since 1899-12-30, or 1904-01-01),
//                  else the number
// A formula is never evaluated: its cached result (<v>) is what Excel showed, read by its type.

/** Excel's last column, XFD. */
const MAX_COLUMNS = 16384;

export interface SheetRow {
  /** The sheet's row number (1-based). */
  number: number;
  /** From column A, up to the last cell that has a value. */
  cells: FieldValue[];
}

export interface CellContext {
  sharedStrings: readonly string[];
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/** An Excel serial date as the wall-clock time it shows, written as if UTC. */
export function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?/;

function isoToDate(text: string): Date | null {
  const m = ISO_DATE.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), Number((ms ?? "0").padEnd(3, "0"))));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A cell's value from its type, style and text (<v>, or the text of <is>); null when it has none. */
export function cellValue(type: string, style: number, text: string | null, ctx: CellContext): FieldValue {
  if (text === null) return null;
  switch (type) {
    case "s":
      return ctx.sharedStrings[Number(text)] ?? null;
    case "inlineStr":
    case "str":
      return unescapeXstring(text);
    case "b":
      return Number(text) !== 0 ? "TRUE" : "FALSE";
    case "e":
      return text;
    case "d":
      return isoToDate(text) ?? text;
    default: {
      const trimmed = text.trim();
      if (trimmed === "") return null;
      const n = Number(trimmed);
      if (Number.isNaN(n)) return trimmed;
      return ctx.dateStyles[style] === true ? excelToDate(n, ctx.date1904) : n;
    }
  }
}

/** Column number (A = 1) of a cell reference such as "AB12"; 0 when it has no letters. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~0x20; // upper case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    if (col > MAX_COLUMNS) return col;
  }
  return col;
}

/** The rows of the sheet in `part`, in batches as they come out of the archive. */
export async function* readSheetRows(archive: XlsxArchive, part: string, ctx: ReaderContext, cells: CellContext): AsyncGenerator<SheetRow[]> {
  const max = ctx.limits.maxRecordBytes;
  let pending: SheetRow[] = [];
  let inSheetData = false;
  // The row being read.
  let rowNumber = 0;
  let inRow = false;
  let values: [number, FieldValue][] = [];
  let lastCol = 0;
  let rowChars = 0;
  // The cell being read.
  let inCell = false;
  let type = "n";
  let style = 0;
  let text: string | null = null;
  let collecting = false; // inside the <v>, or a <t> of the <is>, of the cell
  let inInline = false;
  let skip = 0; // depth inside <rPh>

  const handlers = {
    open(name: string, attrs: Readonly<Record<string, string>>) {
      if (!inSheetData) {
        if (name === "sheetData") inSheetData = true;
        return;
      }
      switch (name) {
        case "row": {
          const r = attrs.r === undefined ? NaN : Number(attrs.r);
          rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
          inRow = true;
          values = [];
          lastCol = 0;
          rowChars = 0;
          break;
        }
        case "c": {
          if (!inRow) return;
          const col = attrs.r === undefined ? 0 : columnOf(attrs.r);
          lastCol = col > 0 ? col : lastCol + 1;
          if (lastCol > MAX_COLUMNS) {
            throw new IngestError({ code: "corrupt", file: ctx.name, row: rowNumber, message: `not a readable XLSX workbook (a cell lies beyond column XFD: ${attrs.r ?? "?"})` });
          }
          inCell = true;
          type = attrs.t ?? "n";
          style = attrs.s === undefined ? 0 : Number(attrs.s);
          text = null;
          inInline = false;
          skip = 0;
          break;
        }
        case "v":
          if (inCell && !inInline) {
            collecting = true;
            text = "";
          }
          break;
        case "is":
          if (inCell) {
            inInline = true;
            text = "";
          }
          break;
        case "rPh":
          if (inInline) skip++;
          break;
        case "t":
          if (inInline && skip === 0) collecting = true;
          break;
      }
    },
    close(name: string) {
      if (!inSheetData) return;
      switch (name) {
        case "v":
        case "t":
          collecting = false;
          break;
        case "rPh":
          if (inInline) skip--;
          break;
        case "is":
          inInline = false;
          break;
        case "c":
          if (inCell) {
            const value = cellValue(type, style, text, cells);
            if (value !== null) values.push([lastCol, value]);
            inCell = false;
            collecting = false;
            text = null;
          }
          break;
        case "row":
          if (inRow) {
            const width = values.reduce((w, [col]) => Math.max(w, col), 0);
            const row: FieldValue[] = new Array<FieldValue>(width).fill(null);
            for (const [col, value] of values) row[col - 1] = value;
            pending.push({ number: rowNumber, cells: row });
            inRow = false;
            values = [];
          }
          break;
        case "sheetData":
          inSheetData = false;
          break;
      }
    },
    text(t: string) {
      if (!collecting) return;
      text = (text ?? "") + t;
      rowChars += t.length;
      if (rowChars > max) {
        throw new IngestError({ code: "record_too_large", file: ctx.name, row: rowNumber, message: `the row has more than ${max} characters` });
      }
    },
  };

  const drain = (): SheetRow[] | undefined => {
    if (pending.length === 0) return undefined;
    const out = pending;
    pending = [];
    return out;
  };
  yield* parseXmlPart(archive, part, ctx, handlers, drain, () => (inRow ? rowNumber : rowNumber + 1));
}
