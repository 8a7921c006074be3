import type { Readable } from "node:stream";
import { crc32, createInflateRaw } from "node:zlib";
import yauzl from "yauzl";
import { IngestError } from "../errors.ts";
import { ExpansionGuard, inflateCounted, mib } from "./inflate-guard.ts";
import type { ReadLimits } from "./types.ts";

// An XLSX's ZIP archive, opened by its central directory (yauzl: random access, no scanning for
// local headers, nothing written to disk) and refused unless it is a complete, plausible workbook
// within the limits: a truncated or damaged archive, a ZIP that is no workbook, an encrypted one,
// and a zip bomb, whether its headers say so (more declared bytes than the limit, a large entry
// compressed beyond any spreadsheet's ratio) or lie about it. Headers are not trusted for the
// last: every part is inflated as a stream whose bytes are counted as they come, and refused as
// soon as it gives more than it declared or the workbook more than the limit.

/** Entries smaller than this are not held to the ratio: a tiny mostly-blank XML part compresses very well. */
const RATIO_FLOOR = 1024 * 1024;

export interface ZipPart {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
}

export interface XlsxArchive {
  /** The archive's entries by name. */
  readonly parts: ReadonlyMap<string, ZipPart>;
  /** The inflated bytes of one part, streamed and counted (see above). */
  read(name: string): AsyncGenerator<Buffer>;
  /** Lets go of the file once the streams still open have ended. */
  close(): void;
}

class Damaged extends Error {}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function corrupt(file: string, message: string, cause?: unknown): IngestError {
  return new IngestError({ code: "corrupt", file, message: `not a readable XLSX workbook: ${message}` }, { cause });
}

/** Opens `path` as an XLSX archive, refusing it unless it is a complete, plausible workbook within the limits. */
export async function openXlsxArchive(path: string, file: string, limits: ReadLimits): Promise<XlsxArchive> {
  let zip: yauzl.ZipFile;
  try {
    // Sizes are checked here, with this project's messages, rather than by yauzl.
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: false });
  } catch (err) {
    throw corrupt(file, `the file is truncated or damaged (${messageOf(err)})`, err);
  }
  try {
    const entries = new Map<string, yauzl.Entry>();
    try {
      for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    } catch (err) {
      throw new Damaged(`its central directory is damaged (${messageOf(err)}): the file is truncated or damaged`);
    }
    if (!entries.has("xl/workbook.xml")) {
      throw new IngestError({ code: "format_mismatch", file, message: "is a ZIP archive but not an XLSX workbook (it has no xl/workbook.xml)" });
    }
    let declared = 0;
    for (const e of entries.values()) {
      if (e.isEncrypted()) throw new IngestError({ code: "unsupported_format", file, message: "the workbook is encrypted (password-protected); save an unprotected copy" });
      if (e.compressionMethod !== 0 && e.compressionMethod !== 8) {
        throw new IngestError({ code: "unsupported_format", file, message: `${e.fileName} uses ZIP compression method ${e.compressionMethod}; only stored and deflate are read` });
      }
      if (e.compressionMethod === 0 && e.compressedSize !== e.uncompressedSize) throw new Damaged(`the stored entry ${e.fileName} has two different sizes`);
      declared += e.uncompressedSize;
      const ratio = e.uncompressedSize / Math.max(e.compressedSize, 1);
      if (e.uncompressedSize > RATIO_FLOOR && ratio > limits.maxCompressionRatio) {
        throw new IngestError({
          code: "too_large",
          file,
          message: `${e.fileName} would expand ${Math.round(ratio)} times (${mib(e.uncompressedSize)}), more than the limit of ${limits.maxCompressionRatio}: a zip bomb?`,
        });
      }
    }
    if (declared > limits.maxUncompressedBytes) throw overLimit(file, declared, limits);
    return archive(zip, entries, file, limits);
  } catch (err) {
    zip.close();
    if (err instanceof Damaged) throw corrupt(file, err.message, err);
    throw err;
  }
}

function overLimit(file: string, bytes: number, limits: ReadLimits): IngestError {
  return new IngestError({
    code: "too_large",
    file,
    message: `the workbook would expand to ${mib(bytes)}, more than the limit of ${mib(limits.maxUncompressedBytes)}; export fewer rows per file, or as CSV`,
  });
}

function archive(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>, file: string, limits: ReadLimits): XlsxArchive {
  // Every part read so far counts toward the limit: the headers are not trusted for it.
  const guard = new ExpansionGuard(file, limits);
  guard.overTotal = () => overLimit(file, guard.total, limits);
  const parts = new Map<string, ZipPart>();
  for (const e of entries.values()) {
    parts.set(e.fileName, { name: e.fileName, method: e.compressionMethod, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize });
  }

  async function* read(name: string): AsyncGenerator<Buffer> {
    const entry = entries.get(name);
    if (entry === undefined) throw corrupt(file, `${name} is missing from the archive`);
    // Some writers store an empty part as zero bytes even when "deflated"; there is nothing to inflate.
    if (entry.compressedSize === 0 && entry.uncompressedSize === 0) return;
    let stream: Readable;
    try {
      // Inflated here rather than by yauzl, so that the ratio is measured as the bytes come.
      stream = await zip.openReadStreamPromise(entry, { decompress: false });
    } catch (err) {
      throw corrupt(file, `${name} cannot be read (${messageOf(err)}): the file is truncated or damaged`, err);
    }
    const check = guard.stream(name);
    const chunks = entry.compressionMethod === 8 ? inflateCounted(stream, createInflateRaw(), check) : stored(stream, check);
    let size = 0;
    let crc = 0;
    try {
      for await (const buf of chunks) {
        size += buf.length;
        if (size > entry.uncompressedSize) {
          throw new IngestError({
            code: "too_large",
            file,
            message: `${name} expands beyond the ${entry.uncompressedSize} bytes its header declares: a zip bomb or a damaged file`,
          });
        }
        crc = crc32(buf, crc);
        yield buf;
      }
    } catch (err) {
      if (err instanceof IngestError) throw err;
      throw corrupt(file, `${name} does not inflate (${messageOf(err)}): the file is truncated or damaged`, err);
    } finally {
      stream.destroy();
    }
    if (size < entry.uncompressedSize) throw corrupt(file, `${name} inflates to ${size} bytes, fewer than the ${entry.uncompressedSize} its header declares: the file is truncated or damaged`);
    if (crc >>> 0 !== entry.crc32 >>> 0) throw corrupt(file, `${name} fails its CRC-32 check: the file is damaged`);
  }

  return { parts, read, close: () => zip.close() };
}

/** A stored (uncompressed) part's bytes, counted like inflated ones. */
async function* stored(stream: Readable, check: (length: number, consumed: number) => void): AsyncGenerator<Buffer> {
  let consumed = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    consumed += buf.length;
    check(buf.length, consumed);
    yield buf;
  }
}
