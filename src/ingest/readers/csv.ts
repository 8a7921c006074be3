import { createReadStream } from "node:fs";
import { IngestError } from "../errors.ts";
import { columnNames } from "./columns.ts";
import { type CsvRecord, CsvSplitter } from "./csv-records.ts";
import { readHead } from "./sniff.ts";
import type { ReaderContext, SourceRow } from "./types.ts";
import { utf8Chunks } from "./utf8.ts";

const DELIMITERS = [",", ";", "\t"] as const;

/** The delimiter that splits the header line into the most fields (comma on a tie). */
export function detectDelimiter(head: string): string {
  const firstLine = head.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/, 1)[0] ?? "";
  let best: string = ",";
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function describe(fields: number, header: number): string {
  return `has ${fields} fields where the header has ${header}; a value holding the delimiter without quotes?`;
}

/** Rows of a CSV export (comma, semicolon or tab; UTF-8 with or without BOM), in batches. */
export async function* readCsv(ctx: ReaderContext): AsyncGenerator<SourceRow[]> {
  const head = await readHead(ctx.path, ctx.name, 64 * 1024);
  const splitter = new CsvSplitter(detectDelimiter(head.toString("utf8")), ctx.limits.maxRecordBytes, ctx.name);
  let header: string[] | null = null;
  let count = 0;
  const batch: CsvRecord[] = [];

  function toRows(records: CsvRecord[]): SourceRow[] {
    const out: SourceRow[] = [];
    for (const rec of records) {
      if (header === null) {
        header = columnNames(rec.fields);
        continue;
      }
      const fields: Record<string, string | null> = {};
      for (let i = 0; i < header.length; i++) fields[header[i]!] = rec.fields[i] ?? null;
      count++;
      // Trailing empty fields (a spreadsheet's stray delimiters) are harmless; anything else is not.
      if (rec.fields.length !== header.length && (rec.fields.length < header.length || rec.fields.slice(header.length).some((f) => f.trim() !== ""))) {
        out.push({ row: rec.line, fields, problem: describe(rec.fields.length, header.length) });
      } else {
        out.push({ row: rec.line, fields });
      }
    }
    return out;
  }

  const stream = createReadStream(ctx.path, { highWaterMark: 64 * 1024 });
  let first = true;
  try {
    for await (const chunk of utf8Chunks(stream, ctx.name)) {
      const text = chunk.toString("utf8");
      splitter.push(first ? text.replace(/^\uFEFF/, "") : text, batch);
      first = false;
      const rows = toRows(batch);
      batch.length = 0;
      if (rows.length > 0) yield rows;
    }
    splitter.end(batch);
    const rows = toRows(batch);
    if (rows.length > 0) yield rows;
  } finally {
    stream.destroy();
  }
  if (header === null) throw new IngestError({ code: "empty", file: ctx.name, message: "the file has no header and no rows" });
  if (count === 0) throw new IngestError({ code: "no_rows", file: ctx.name, message: "the file has a header but no data rows" });
}
