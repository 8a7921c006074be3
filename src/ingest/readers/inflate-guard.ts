import type { Readable } from "node:stream";
import type { Gunzip, InflateRaw } from "node:zlib";
import { IngestError } from "../errors.ts";
import type { ReadLimits } from "./types.ts";

// Compressed input (a .gz, an XLSX's parts) is held to the limits as it inflates: the bytes zlib
// gives are counted against the compressed bytes it has consumed, and the stream is stopped as
// soon as the expansion passes the ratio or the inflated size passes the cap, whichever comes
// first. Inflating everything and measuring afterwards let a 4.4 MB .xes.gz (1.1 GB inflated)
// run for 98 s of CPU before it was refused.

/** Output below this is not held to the ratio: a file's first stretch (headers, blank XML) may compress very well. */
export const RATIO_FLOOR = 2 * 1024 * 1024;

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** A refusal for an expansion past the ratio (`what`: "the file", "xl/worksheets/sheet1.xml"). */
export function ratioExceeded(file: string, what: string, inflated: number, consumed: number, limits: ReadLimits): IngestError {
  return new IngestError({
    code: "too_large",
    file,
    message: `${what} expands more than ${limits.maxCompressionRatio} times (${mib(inflated)} from ${Math.ceil(consumed / 1024)} KiB so far), past the limit of ${limits.maxCompressionRatio}: a compression bomb?`,
  });
}

/** A refusal for inflated bytes past the cap. */
export function sizeExceeded(file: string, what: string, limits: ReadLimits): IngestError {
  return new IngestError({
    code: "too_large",
    file,
    message: `${what} expands to more than the limit of ${mib(limits.maxUncompressedBytes)} uncompressed; export fewer rows per file`,
  });
}

/**
 * The inflated chunks of `source` through `inflater`; `onChunk` is told each chunk's length and
 * the compressed bytes consumed so far before the chunk is handed on, and throws to stop. The
 * streams are destroyed however the reading ends.
 */
export async function* inflateCounted(source: Readable, inflater: Gunzip | InflateRaw, onChunk: (length: number, consumed: number) => void): AsyncGenerator<Buffer> {
  source.on("error", (err) => inflater.destroy(err));
  source.pipe(inflater);
  try {
    for await (const chunk of inflater) {
      const buf = chunk as Buffer;
      // bytesWritten: the compressed bytes zlib has consumed, not merely been given.
      onChunk(buf.length, inflater.bytesWritten);
      yield buf;
    }
  } finally {
    source.unpipe(inflater);
    source.destroy();
    inflater.destroy();
  }
}

/** Counts one compressed stream's expansion (a .gz, or one part of an XLSX) and a file's total. */
export class ExpansionGuard {
  /** Inflated bytes of every stream read so far. */
  total = 0;

  constructor(
    private readonly file: string,
    private readonly limits: ReadLimits,
  ) {}

  /** The refusal past the cap; an XLSX words it for the workbook. */
  overTotal: (what: string) => IngestError = (what) => sizeExceeded(this.file, what, this.limits);

  /** A check for one stream, named `what` in refusals. */
  stream(what: string): (length: number, consumed: number) => void {
    let inflated = 0;
    return (length, consumed) => {
      inflated += length;
      this.total += length;
      if (inflated > RATIO_FLOOR && inflated > consumed * this.limits.maxCompressionRatio) throw ratioExceeded(this.file, what, inflated, consumed, this.limits);
      if (this.total > this.limits.maxUncompressedBytes) throw this.overTotal(what);
    };
  }
}
