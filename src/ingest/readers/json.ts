import { createReadStream } from "node:fs";
import { Tokenizer, TokenParser, TokenType } from "@streamparser/json";
import type { ParsedTokenInfo } from "@streamparser/json";
import { IngestError } from "../errors.ts";
import type { FieldValue, ReaderContext, SourceRow } from "./types.ts";
import { utf8Chunks } from "./utf8.ts";

// Rows of a JSON export, streamed: a SiCantik "Template Data" response keeps them under data.data
// (or data.items); plain arrays and { data: [...] } are read too. A small path tracker watches the
// tokens until the first array at one of those places opens; from there a TokenParser builds one
// row at a time and lets go of it (keepStack: false), so memory stays flat whatever the file size.

const ROW_PATHS = new Set(["", "data", "data.data", "data.items", "items"]);
const WHERE = "an array of rows at the top level or under data, data.data, data.items or items";

interface Frame {
  object: boolean;
  path: string;
  key: string | null;
  expectKey: boolean;
}

function fieldValue(v: unknown): FieldValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  return JSON.stringify(v);
}

function toRow(value: unknown, index: number): SourceRow {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { row: index, fields: {}, problem: "is not an object with named fields" };
  }
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(value)) fields[k.trim().toLowerCase()] = fieldValue(v);
  return { row: index, fields };
}

/** Rows of a JSON export, in batches. */
export async function* readJson(ctx: ReaderContext): AsyncGenerator<SourceRow[]> {
  const max = ctx.limits.maxRecordBytes;
  const frames: Frame[] = [];
  // In an object: the token callbacks change it, which TypeScript's narrowing cannot see.
  const state: { mode: "seek" | "rows" | "after" } = { mode: "seek" };
  let rowsParser: TokenParser | null = null;
  let depth = 0; // nesting inside the rows array, the array itself being 1
  let rowStart = 0;
  let lastToken = 0;
  let count = 0;
  let batch: SourceRow[] = [];

  const tooLarge = (offset: number) =>
    new IngestError({ code: "record_too_large", file: ctx.name, row: count + 1, message: `a value or row longer than ${max} bytes starts at byte ${offset}` });

  // Before the rows: find them. After them: only follow the nesting, to notice a truncated file.
  const seek = (t: ParsedTokenInfo) => {
    const top = frames.at(-1);
    // Path of a container opening here; array elements never lead to rows.
    const path = top === undefined ? "" : top.object && top.key !== null ? (top.path === "" ? top.key : `${top.path}.${top.key}`) : "#";
    switch (t.token) {
      case TokenType.LEFT_BRACKET:
        if (state.mode === "seek" && ROW_PATHS.has(path)) {
          state.mode = "rows";
          rowsParser = new TokenParser({ paths: ["$.*"], keepStack: false });
          rowsParser.onValue = ({ value }) => batch.push(toRow(value, ++count));
          rowsParser.write(t);
          depth = 1;
          return;
        }
        frames.push({ object: false, path, key: null, expectKey: false });
        return;
      case TokenType.LEFT_BRACE:
        frames.push({ object: true, path, key: null, expectKey: true });
        return;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        frames.pop();
        return;
      case TokenType.STRING:
        if (top?.object && top.expectKey && typeof t.value === "string") {
          top.key = t.value;
          top.expectKey = false;
        }
        return;
      case TokenType.COMMA:
        if (top?.object) top.expectKey = true;
        return;
      default:
        return;
    }
  };

  // Arrays and objects open now. Past the limit the file is refused before anything that deep is
  // built: 100,000 nested arrays overflowed the stack, 200,000 gave a row of gibberish.
  let nesting = 0;
  const tooDeep = (offset: number) =>
    new IngestError({
      code: "too_deep",
      file: ctx.name,
      ...(state.mode === "rows" ? { row: count + 1 } : {}),
      message: `arrays or objects nested deeper than ${ctx.limits.maxJsonDepth} levels (at byte ${offset}); an export's rows are never nested so deep`,
    });

  const tokenizer = new Tokenizer();
  tokenizer.onToken = (t) => {
    lastToken = t.offset;
    if (t.token === TokenType.LEFT_BRACE || t.token === TokenType.LEFT_BRACKET) {
      if (++nesting > ctx.limits.maxJsonDepth) throw tooDeep(t.offset);
    } else if (t.token === TokenType.RIGHT_BRACE || t.token === TokenType.RIGHT_BRACKET) {
      nesting--;
    }
    if (state.mode !== "rows" || rowsParser === null) return seek(t);
    rowsParser.write(t);
    if (t.token === TokenType.LEFT_BRACE || t.token === TokenType.LEFT_BRACKET) {
      if (++depth === 2) rowStart = t.offset;
    } else if (t.token === TokenType.RIGHT_BRACE || t.token === TokenType.RIGHT_BRACKET) {
      if (--depth === 0) state.mode = "after";
    }
    if (depth >= 2 && t.offset - rowStart > max) throw tooLarge(rowStart);
  };

  const stream = createReadStream(ctx.path, { highWaterMark: 64 * 1024 });
  let written = 0;
  try {
    for await (const chunk of utf8Chunks(stream, ctx.name)) {
      tokenizer.write(chunk);
      written += chunk.length;
      if (written - lastToken > max) throw tooLarge(lastToken);
      if (batch.length > 0) yield batch;
      batch = [];
    }
    tokenizer.end();
    if (state.mode === "rows" || frames.length > 0) throw new Error("the file ends before the JSON does: truncated?");
    if (batch.length > 0) yield batch;
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new IngestError({ code: "syntax", file: ctx.name, row: count + 1, message: `not valid JSON (${err instanceof Error ? err.message : String(err)})` }, { cause: err });
  } finally {
    stream.destroy();
  }
  if (state.mode === "seek") throw new IngestError({ code: "no_rows", file: ctx.name, message: `no rows found: expected ${WHERE}` });
  if (count === 0) throw new IngestError({ code: "no_rows", file: ctx.name, message: "the rows array is empty" });
}
