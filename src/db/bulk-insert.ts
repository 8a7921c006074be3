import { type Kysely, sql } from "kysely";
import type { DB } from "./schema.ts";

// Many rows in one statement. Two ways, both cheap to plan with either driver:
// - insertJsonRows: the rows travel as one JSON text that the server turns into records (one bind
//   parameter, columns matched by name; Dates sent as ISO instants).
// - CopyText: the rows as COPY's text format, for `copyInto` (src/db/connect.ts); the server parses
//   it several times faster than the JSON (≈ 30 ms against ≈ 100 ms for 5,000 staged rows).

export async function insertJsonRows(db: Kysely<DB>, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).map((c) => sql.id(c));
  await sql`
    insert into ${sql.table(table)} (${sql.join(columns)})
    select ${sql.join(columns)} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::text::json)`.execute(db);
}

/** A value for one column: objects go to json/jsonb columns, Dates to timestamptz. */
export type CopyValue = string | number | boolean | Date | object | null;

const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPED: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const escape = (c: string) => ESCAPED[c]!;

/** Text as COPY reads it: backslash, tab and line breaks escaped. One pass over the characters: few values have any. */
function copyString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 92) continue;
    if (c === 0 || ((c === 92 || c === 10 || c === 13 || c === 9) && s.includes("\0", i))) {
      throw new RangeError("a NUL character cannot be stored in PostgreSQL text");
    }
    if (c === 92 || c === 10 || c === 13 || c === 9) return s.replace(SPECIAL_ALL, escape);
  }
  return s;
}

function copyField(v: CopyValue): string {
  if (v === null) return "\\N";
  switch (typeof v) {
    case "string":
      return copyString(v);
    case "number":
      // As JSON has it (and so insertJsonRows): no number that is not finite.
      return Number.isFinite(v) ? String(v) : "\\N";
    case "boolean":
      return v ? "t" : "f";
    default: {
      if (v instanceof Date) return v.toISOString();
      const json = JSON.stringify(v);
      // JSON text holds no control character unescaped: without a backslash there is nothing to
      // escape for COPY and no escaped NUL, which json and jsonb refuse as well.
      if (json.indexOf("\\") === -1) return json;
      if (json.includes("\\u0000")) throw new RangeError("a NUL character cannot be stored in PostgreSQL json");
      return copyString(json);
    }
  }
}

/** Past this many characters the text so far is encoded into bytes (see CopyText). */
const PART_CHARS = 64 * 1024;

/**
 * Rows in COPY's text format (tab-separated, `\N` for null), built up row by row into UTF-8
 * bytes. The text goes to bytes in small parts: one string of several MB would sit in V8's heap as
 * a large object until a full collection, and chunks of an import make hundreds of them.
 */
export class CopyText {
  private text = "";
  private parts: Buffer[] = [];
  private count = 0;

  get rows(): number {
    return this.count;
  }

  add(values: readonly CopyValue[]): void {
    let line = copyField(values[0] ?? null);
    for (let i = 1; i < values.length; i++) line += "\t" + copyField(values[i] ?? null);
    this.text += line + "\n";
    this.count++;
    if (this.text.length >= PART_CHARS) {
      this.parts.push(Buffer.from(this.text));
      this.text = "";
    }
  }

  /** The rows so far as UTF-8 (an ArrayBuffer of its own, so it can be transferred), and a fresh start. */
  take(): Uint8Array {
    if (this.text.length > 0) this.parts.push(Buffer.from(this.text));
    const length = this.parts.reduce((n, p) => n + p.length, 0);
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const p of this.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    this.text = "";
    this.parts = [];
    this.count = 0;
    return bytes;
  }
}
