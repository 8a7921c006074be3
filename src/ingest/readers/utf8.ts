import { isUtf8 } from "node:buffer";
import { IngestError } from "../errors.ts";

// Passes a byte stream on in chunks cut at character boundaries, refusing the first byte that is
// not UTF-8 with its offset and line. Exports saved as Windows-1252 or Latin-1 would otherwise turn
// names into mojibake without a word.

const LF = 0x0a;

/** Bytes a UTF-8 sequence starting with `lead` has; 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Where the last complete character of `buf` ends: an unfinished sequence at the end waits for the next chunk. */
function completeLength(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) !== 0x80) {
      // A lead byte (or ASCII): complete when its sequence fits in what is left.
      const need = sequenceLength(b);
      return need > back ? buf.length - back : buf.length;
    }
  }
  return buf.length;
}

/** Offset of the first byte of `buf` that breaks UTF-8 (the chunk is known to be invalid). */
function firstInvalid(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const need = sequenceLength(buf[i]!);
    if (need === 0 || i + need > buf.length || !isUtf8(buf.subarray(i, i + need))) return i;
    i += need;
  }
  return buf.length;
}

function countLines(buf: Buffer, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(LF); i !== -1 && i < end; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

/** Validated chunks of `source`, each ending on a character boundary. */
export async function* utf8Chunks(source: AsyncIterable<Buffer | string>, file: string): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  let offset = 0; // bytes passed on so far
  let lines = 0; // line feeds passed on so far
  for await (const piece of source) {
    const chunk = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeLength(buf);
    const whole = buf.subarray(0, cut);
    if (!isUtf8(whole)) {
      const at = firstInvalid(whole);
      const line = lines + countLines(whole, at) + 1;
      throw new IngestError({
        code: "encoding",
        file,
        row: line,
        message: `not UTF-8 text: byte ${offset + at} (line ${line}) is 0x${whole[at]!.toString(16).padStart(2, "0")}; save the export as UTF-8 (in Excel: "CSV UTF-8")`,
      });
    }
    carry = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
    offset += cut;
    lines += countLines(whole, cut);
    if (whole.length > 0) yield whole;
  }
  if (carry) {
    throw new IngestError({ code: "encoding", file, row: lines + 1, message: `not UTF-8 text: the file ends inside a character (byte ${offset})` });
  }
}
