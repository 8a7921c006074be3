import { basename } from "node:path";
import { readCsv } from "./csv.ts";
import { readJson } from "./json.ts";
import { detectFormat } from "./sniff.ts";
import { DEFAULT_LIMITS, type ReaderContext, type ReadOptions, type SourceRow } from "./types.ts";
import { readXes } from "./xes.ts";
import { readXlsx } from "./xlsx.ts";

export { detectFormat } from "./sniff.ts";
export { DEFAULT_LIMITS, type FieldValue, type ReadLimits, type ReadOptions, SOURCE_FORMATS, type SourceFormat, type SourceRow } from "./types.ts";

/**
 * The rows of an export file, read as a stream, in batches (one per chunk read: cheaper than a
 * promise per row). The format is taken from the content and the name, which must agree, or from
 * `options.format`. Throws IngestError for a file it cannot read.
 */
export async function* readFileRowBatches(path: string, options: ReadOptions = {}): AsyncGenerator<SourceRow[]> {
  const name = options.name ?? basename(path);
  const ctx: ReaderContext = { path, name, limits: { ...DEFAULT_LIMITS, ...options.limits } };
  const format = await detectFormat(path, name, options.format);
  switch (format) {
    case "csv":
      yield* readCsv(ctx);
      return;
    case "xlsx":
      yield* readXlsx(options.sheet === undefined ? ctx : { ...ctx, sheet: options.sheet });
      return;
    case "json":
      yield* readJson(ctx);
      return;
    case "xes":
    case "xes_gz":
      yield* readXes({ ...ctx, gzip: format === "xes_gz" });
      return;
  }
}

/** The rows of an export file one by one; see readFileRowBatches. */
export async function* readFileRows(path: string, options: ReadOptions = {}): AsyncGenerator<SourceRow> {
  for await (const batch of readFileRowBatches(path, options)) yield* batch;
}
