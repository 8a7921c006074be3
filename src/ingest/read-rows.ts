import { parse } from "csv-parse/sync";

// Small tabular files (a calendar export, a few hundred rows) read whole. Large exports go through
// the streaming readers of the ingestion pipeline instead.

export type Row = Record<string, string>;

export class RowsError extends Error {}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Rows of a CSV (comma, semicolon or tab; with or without BOM) or a JSON export (an array, or rows under data.data / data.items / data). */
export function readRows(text: string, fileName: string): Row[] {
  const body = text.replace(/^\uFEFF/, "");
  const trimmed = body.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return jsonRows(trimmed, fileName);
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ",");
  try {
    return parse(body, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), delimiter, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new RowsError(`${fileName}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function jsonRows(text: string, fileName: string): Row[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new RowsError(`${fileName}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const pick = (v: unknown): unknown => {
    if (Array.isArray(v)) return v;
    if (v && typeof v === "object" && "data" in v) return pick(v.data);
    if (v && typeof v === "object" && "items" in v) return pick(v.items);
    return null;
  };
  const rows = pick(data);
  if (!Array.isArray(rows)) throw new RowsError(`${fileName}: no rows found (expected an array, or rows under data.data or data.items)`);
  return rows.map((r, i) => {
    if (!r || typeof r !== "object" || Array.isArray(r)) throw new RowsError(`${fileName}: row ${i + 1} is not an object`);
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k.trim().toLowerCase(), cell(v)]));
  });
}
