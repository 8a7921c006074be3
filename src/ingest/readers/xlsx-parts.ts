import { IngestError } from "../errors.ts";
import type { ReaderContext } from "./types.ts";
import { parseXmlPartWhole, prefixedAttribute } from "./xlsx-xml.ts";
import type { XlsxArchive } from "./zip-guard.ts";

// The small parts of an XLSX workbook a sheet needs to be read (ECMA-376 part 1, SpreadsheetML):
// the workbook (its sheets in order, and whether dates count from 1904), the workbook's
// relationships (where each sheet's part is), the styles (which cell formats are dates) and the
// shared strings (held in memory: sheet cells refer to them by index).

const WORKBOOK = "xl/workbook.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";

export interface SheetRef {
  name: string;
  /** Its part in the archive; null when the workbook does not say. */
  part: string | null;
}

export interface WorkbookInfo {
  /** The worksheets (not chart sheets) in the workbook's order. */
  sheets: SheetRef[];
  date1904: boolean;
  sharedStrings: string | null;
  styles: string | null;
}

/** A relationship's target as a part name: relative to xl/, or absolute from the package root. */
function resolveTarget(target: string, parts: ReadonlyMap<string, unknown>): string {
  const path = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "..") out.pop();
    else if (segment !== "." && segment !== "") out.push(segment);
  }
  const name = out.join("/");
  if (parts.has(name)) return name;
  // Part names are case-insensitive (OPC); ZIP names are not.
  const lower = name.toLowerCase();
  for (const key of parts.keys()) if (key.toLowerCase() === lower) return key;
  return name;
}

/** A part at its usual place, for a workbook whose relationships do not name it. */
function partOf(parts: ReadonlyMap<string, unknown>, name: string): string | null {
  const part = resolveTarget(`/${name}`, parts);
  return parts.has(part) ? part : null;
}

export async function readWorkbookInfo(archive: XlsxArchive, ctx: ReaderContext): Promise<WorkbookInfo> {
  const listed: { name: string; rId: string | undefined }[] = [];
  let date1904 = false;
  await parseXmlPartWhole(archive, WORKBOOK, ctx, {
    open(name, attrs) {
      if (name === "sheet" && attrs.name !== undefined) listed.push({ name: attrs.name, rId: prefixedAttribute(attrs, "id") });
      else if (name === "workbookPr") date1904 = attrs.date1904 === "1" || attrs.date1904 === "true";
    },
    close() {},
    text() {},
  });

  const rels = new Map<string, { type: string; target: string }>();
  if (archive.parts.has(WORKBOOK_RELS)) {
    await parseXmlPartWhole(archive, WORKBOOK_RELS, ctx, {
      open(name, attrs) {
        if (name === "Relationship" && attrs.Id !== undefined && attrs.Target !== undefined && attrs.TargetMode !== "External") {
          rels.set(attrs.Id, { type: attrs.Type ?? "", target: attrs.Target });
        }
      },
      close() {},
      text() {},
    });
  }
  const byType = (suffix: string): string | null => {
    for (const rel of rels.values()) if (rel.type.endsWith(suffix)) return resolveTarget(rel.target, archive.parts);
    return null;
  };

  const sheets: SheetRef[] = [];
  for (const s of listed) {
    const rel = s.rId === undefined ? undefined : rels.get(s.rId);
    // Chart sheets, dialog sheets and macro sheets have no rows.
    if (rel !== undefined && !rel.type.endsWith("/worksheet")) continue;
    sheets.push({ name: s.name, part: rel === undefined ? null : resolveTarget(rel.target, archive.parts) });
  }
  return {
    sheets,
    date1904,
    sharedStrings: byType("/sharedStrings") ?? partOf(archive.parts, "xl/sharedStrings.xml"),
    styles: byType("/styles") ?? partOf(archive.parts, "xl/styles.xml"),
  };
}

/** Excel's escape for characters XML cannot carry (ST_Xstring): _x000D_ is a carriage return. */
export function unescapeXstring(s: string): string {
  return s.includes("_x") ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

// Built-in number formats that show a date or a time (ECMA-376 18.8.30, with the East Asian and Thai ones).
const BUILT_IN_DATES: readonly [number, number][] = [
  [14, 22],
  [27, 36],
  [45, 47],
  [50, 58],
  [71, 81],
];

/** Whether a number format code shows a date or a time: a y, m, d, h, s (or Thai b) outside quotes, brackets and escapes. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*]/g, "")
    .replace(/"[^"]*"/g, "")
    .replace(/[\\_*]./g, "");
  return /[ymdhsb]/i.test(bare.replace(/General/gi, ""));
}

/** For each cell format (the s of a cell), whether it shows a date. */
export async function readDateStyles(archive: XlsxArchive, part: string | null, ctx: ReaderContext): Promise<boolean[]> {
  if (part === null || !archive.parts.has(part)) return [];
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  await parseXmlPartWhole(archive, part, ctx, {
    open(name, attrs) {
      if (name === "numFmt" && attrs.numFmtId !== undefined) custom.set(Number(attrs.numFmtId), attrs.formatCode ?? "");
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) xfs.push(Number(attrs.numFmtId ?? 0));
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
    text() {},
  });
  return xfs.map((id) => {
    const code = custom.get(id);
    if (code !== undefined) return isDateFormat(code);
    return BUILT_IN_DATES.some(([from, to]) => id >= from && id <= to);
  });
}

/**
 * The shared strings, in order: the text of each <si>, its runs joined, phonetic hints (<rPh>)
 * left out. Read before the sheet, whatever the order of the archive.
 */
export async function readSharedStrings(archive: XlsxArchive, part: string | null, ctx: ReaderContext): Promise<string[]> {
  if (part === null || !archive.parts.has(part)) return [];
  const strings: string[] = [];
  let text = "";
  let inItem = false;
  let inText = false;
  let skip = 0;
  await parseXmlPartWhole(archive, part, ctx, {
    open(name) {
      if (name === "si") {
        inItem = true;
        text = "";
      } else if (name === "rPh") skip++;
      else if (name === "t" && inItem && skip === 0) inText = true;
    },
    close(name) {
      if (name === "t") inText = false;
      else if (name === "rPh") skip--;
      else if (name === "si") {
        strings.push(unescapeXstring(text));
        inItem = false;
        text = "";
      }
    },
    text(t) {
      if (!inText) return;
      text += t;
      if (text.length > ctx.limits.maxRecordBytes) {
        throw new IngestError({ code: "record_too_large", file: ctx.name, message: `shared string ${strings.length + 1} is longer than ${ctx.limits.maxRecordBytes} characters` });
      }
    },
  });
  return strings;
}
