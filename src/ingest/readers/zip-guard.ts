import { createReadStream } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { createInflateRaw } from "node:zlib";
import { IngestError } from "../errors.ts";
import type { ReadLimits } from "./types.ts";

// Checks an XLSX's ZIP structure before anything is inflated (APPNOTE 6.3: end of central directory,
// central directory, local headers, ZIP64 extra fields). Refuses a truncated or damaged archive, a
// ZIP that is no workbook, and a zip bomb: more declared bytes than the limit, or a large entry
// compressed beyond any spreadsheet's ratio. The parts exceljs holds in memory (shared strings,
// styles, workbook) are also inflated once here with a cap, so an entry lying about its size is
// caught too; worksheets are read as streams, where a lie costs time but not memory.

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;
const MAX_DIRECTORY = 16 * 1024 * 1024;
/** Entries smaller than this are not held to the ratio: a tiny mostly-blank XML part compresses very well. */
const RATIO_FLOOR = 1024 * 1024;
const IN_MEMORY_PARTS = ["xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"];

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

class Damaged extends Error {}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  if (bytesRead < length) throw new Damaged(`expected ${length} bytes at offset ${position}, the file ends first`);
  return buf;
}

/** The 64-bit value a ZIP64 extra field gives for each 32-bit field set to 0xFFFFFFFF. */
function zip64Values(extra: Buffer, wanted: number): number[] {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = extra.readUInt16LE(p);
    const size = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let k = 0; k < wanted && 8 * (k + 1) <= size; k++) values.push(Number(extra.readBigUInt64LE(p + 4 + 8 * k)));
      if (values.length < wanted) throw new Damaged("a ZIP64 extra field is too short");
      return values;
    }
    p += 4 + size;
  }
  throw new Damaged("an entry needs a ZIP64 extra field and has none");
}

async function directory(handle: FileHandle, fileSize: number): Promise<{ entries: ZipEntry[]; start: number }> {
  const tailLength = Math.min(fileSize, 22 + MAX_COMMENT + 20);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let at = -1;
  for (let p = tail.length - 22; p >= 0; p--) {
    if (tail.readUInt32LE(p) === EOCD) {
      at = p;
      break;
    }
  }
  if (at < 0) throw new Damaged("the ZIP end record is missing: the file is truncated or damaged");
  let count = tail.readUInt16LE(at + 10);
  let size = tail.readUInt32LE(at + 12);
  let start = tail.readUInt32LE(at + 16);
  if (count === 0xffff || size === 0xffffffff || start === 0xffffffff) {
    if (at < 20 || tail.readUInt32LE(at - 20) !== ZIP64_LOCATOR) throw new Damaged("the ZIP64 end record locator is missing");
    const record = await readAt(handle, Number(tail.readBigUInt64LE(at - 20 + 8)), 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new Damaged("the ZIP64 end record is missing");
    count = Number(record.readBigUInt64LE(32));
    size = Number(record.readBigUInt64LE(40));
    start = Number(record.readBigUInt64LE(48));
  }
  if (size > MAX_DIRECTORY) throw new Damaged(`its central directory is ${size} bytes, more than any workbook needs`);
  if (start + size > fileSize) throw new Damaged("the central directory lies past the end of the file: the file is truncated");
  const dir = await readAt(handle, start, size);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw new Damaged(`central directory entry ${k + 1} is damaged`);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const extra = dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
    let uncompressedSize = dir.readUInt32LE(p + 24);
    let compressedSize = dir.readUInt32LE(p + 20);
    let localOffset = dir.readUInt32LE(p + 42);
    const wide = [uncompressedSize, compressedSize, localOffset].filter((v) => v === 0xffffffff).length;
    if (wide > 0) {
      const values = zip64Values(extra, wide);
      if (uncompressedSize === 0xffffffff) uncompressedSize = values.shift()!;
      if (compressedSize === 0xffffffff) compressedSize = values.shift()!;
      if (localOffset === 0xffffffff) localOffset = values.shift()!;
    }
    entries.push({
      name: dir.toString("utf8", p + 46, p + 46 + nameLength),
      method: dir.readUInt16LE(p + 10),
      flags: dir.readUInt16LE(p + 8),
      compressedSize,
      uncompressedSize,
      localOffset,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, start };
}

/** Offset of an entry's compressed data, after checking its local header lies where the directory says. */
async function dataOffset(handle: FileHandle, entry: ZipEntry, directoryStart: number): Promise<number> {
  const local = await readAt(handle, entry.localOffset, 30);
  if (local.readUInt32LE(0) !== LOCAL) throw new Damaged(`the local header of ${entry.name} is missing`);
  const data = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (data + entry.compressedSize > directoryStart) throw new Damaged(`${entry.name} runs past the start of the central directory: the file is truncated`);
  return data;
}

/** Inflates an entry into nothing, failing as soon as it gives more bytes than it declared. */
async function checkRealSize(path: string, entry: ZipEntry, offset: number, file: string): Promise<void> {
  if (entry.compressedSize === 0) return;
  const input = createReadStream(path, { start: offset, end: offset + entry.compressedSize - 1 });
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw new Damaged(`the stored entry ${entry.name} has two different sizes`);
    input.destroy();
    return;
  }
  const inflate = createInflateRaw();
  let total = 0;
  try {
    for await (const chunk of input.pipe(inflate)) {
      total += (chunk as Buffer).length;
      if (total > entry.uncompressedSize) {
        throw new IngestError({
          code: "too_large",
          file,
          message: `${entry.name} expands beyond the ${entry.uncompressedSize} bytes its header declares: a zip bomb or a damaged file`,
        });
      }
    }
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new Damaged(`${entry.name} does not inflate (${err instanceof Error ? err.message : String(err)}): the file is truncated or damaged`);
  } finally {
    input.destroy();
    inflate.destroy();
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** Refuses `path` unless it is a complete, plausible XLSX within the limits; returns its entries. */
export async function checkXlsxArchive(path: string, file: string, limits: ReadLimits): Promise<ZipEntry[]> {
  const handle = await open(path, "r");
  try {
    const { size: fileSize } = await handle.stat();
    const { entries, start } = await directory(handle, fileSize);
    if (!entries.some((e) => e.name === "xl/workbook.xml")) {
      throw new IngestError({ code: "format_mismatch", file, message: "is a ZIP archive but not an XLSX workbook (it has no xl/workbook.xml)" });
    }
    let total = 0;
    for (const e of entries) {
      if (e.flags & 1) throw new IngestError({ code: "unsupported_format", file, message: "the workbook is encrypted (password-protected); save an unprotected copy" });
      if (e.method !== 0 && e.method !== 8) throw new IngestError({ code: "unsupported_format", file, message: `${e.name} uses ZIP compression method ${e.method}; only stored and deflate are read` });
      total += e.uncompressedSize;
      if (e.uncompressedSize > RATIO_FLOOR && e.uncompressedSize / Math.max(e.compressedSize, 1) > limits.maxCompressionRatio) {
        throw new IngestError({
          code: "too_large",
          file,
          message: `${e.name} would expand ${Math.round(e.uncompressedSize / Math.max(e.compressedSize, 1))} times (${mib(e.uncompressedSize)}), more than the limit of ${limits.maxCompressionRatio}: a zip bomb?`,
        });
      }
    }
    if (total > limits.maxUncompressedBytes) {
      throw new IngestError({
        code: "too_large",
        file,
        message: `the workbook would expand to ${mib(total)}, more than the limit of ${mib(limits.maxUncompressedBytes)}; export fewer rows per file, or as CSV`,
      });
    }
    for (const e of entries) {
      const offset = await dataOffset(handle, e, start);
      if (IN_MEMORY_PARTS.includes(e.name)) await checkRealSize(path, e, offset, file);
    }
    return entries;
  } catch (err) {
    if (err instanceof Damaged) throw new IngestError({ code: "corrupt", file, message: `not a readable XLSX workbook: ${err.message}` });
    throw err;
  } finally {
    await handle.close();
  }
}
