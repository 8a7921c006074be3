import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { SaxesParser } from "saxes";
import { IngestError } from "../errors.ts";
import { ExpansionGuard, inflateCounted } from "./inflate-guard.ts";
import type { ReaderContext, SourceRow } from "./types.ts";
import { utf8Chunks } from "./utf8.ts";

// Events of an XES event log (IEEE 1849-2016), plain or gzip-compressed, one row per <event>:
// its attributes by key (concept:name, time:timestamp, lifecycle:transition, org:resource, …) and
// its trace's attributes prefixed "case:" (case:concept:name is the permit number), as PM4Py names
// them. Values stay text; the normaliser reads the timestamps. Trace attributes are expected
// before the trace's events, as XES writers put them; <global> defaults are applied.

const ATTRIBUTES = new Set(["string", "date", "int", "float", "boolean", "id"]);

async function* gunzipped(path: string, ctx: ReaderContext): AsyncGenerator<Buffer> {
  const check = new ExpansionGuard(ctx.name, ctx.limits).stream("the file");
  try {
    yield* inflateCounted(createReadStream(path, { highWaterMark: 64 * 1024 }), createGunzip(), check);
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new IngestError({ code: "corrupt", file: ctx.name, message: `not readable gzip data (${err instanceof Error ? err.message : String(err)}): truncated or damaged?` });
  }
}

/** Events of an XES log, in batches. */
export async function* readXes(ctx: ReaderContext & { gzip: boolean }): AsyncGenerator<SourceRow[]> {
  const parser = new SaxesParser();
  const stack: string[] = [];
  const globals: Record<string, Record<string, string>> = { trace: {}, event: {} };
  let globalScope = "event";
  let trace: Record<string, string> | null = null;
  let event: Record<string, string> | null = null;
  let count = 0;
  let lastTag = 0;
  let batch: SourceRow[] = [];

  parser.on("opentag", (tag) => {
    lastTag = parser.position;
    const parent = stack.at(-1);
    stack.push(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    if (stack.length === 1 && tag.name !== "log") {
      throw new IngestError({ code: "format_mismatch", file: ctx.name, message: `is XML but not an XES event log (its root element is <${tag.name}>, not <log>)` });
    }
    if (tag.name === "trace" && parent === "log") trace = { ...globals.trace };
    else if (tag.name === "event" && parent === "trace") event = { ...globals.event };
    else if (tag.name === "global" && parent === "log") globalScope = attrs.scope === "trace" ? "trace" : "event";
    else if (ATTRIBUTES.has(tag.name) && attrs.key !== undefined && attrs.value !== undefined) {
      const key = attrs.key.trim().toLowerCase();
      if (parent === "event" && event) event[key] = attrs.value;
      else if (parent === "trace" && trace) trace[`case:${key}`] = attrs.value;
      else if (parent === "global") globals[globalScope]![globalScope === "trace" ? `case:${key}` : key] = attrs.value;
    }
  });
  parser.on("closetag", (tag) => {
    lastTag = parser.position;
    stack.pop();
    if (tag.name === "event" && event) {
      batch.push({ row: ++count, fields: { ...trace, ...event } });
      event = null;
    } else if (tag.name === "trace") {
      trace = null;
    }
  });

  const source = ctx.gzip ? gunzipped(ctx.path, ctx) : createReadStream(ctx.path, { highWaterMark: 64 * 1024 });
  let written = 0;
  try {
    for await (const chunk of utf8Chunks(source, ctx.name)) {
      const text = chunk.toString("utf8");
      parser.write(written === 0 ? text.replace(/^\uFEFF/, "") : text);
      written += text.length;
      if (written - lastTag > ctx.limits.maxRecordBytes) {
        throw new IngestError({ code: "record_too_large", file: ctx.name, row: count + 1, message: `more than ${ctx.limits.maxRecordBytes} characters without an element` });
      }
      if (batch.length > 0) yield batch;
      batch = [];
    }
    parser.close();
    if (batch.length > 0) yield batch;
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new IngestError({ code: "syntax", file: ctx.name, row: count + 1, message: `not well-formed XML (${err instanceof Error ? err.message : String(err)})` }, { cause: err });
  } finally {
    // Stops reading when the consumer stops early.
    if ("destroy" in source) source.destroy();
    else await source.return(undefined);
  }
  if (count === 0) throw new IngestError({ code: "no_rows", file: ctx.name, message: "the log has no events" });
}
