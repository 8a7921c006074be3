import { open } from "node:fs/promises";
import { IngestError } from "../errors.ts";
import type { SourceFormat } from "./types.ts";

// Which reader a file needs, from its first bytes and its name. A file whose content contradicts
// its name is refused: reading a renamed .xls as CSV would only produce confusing rejects.

const HEAD_BYTES = 8192;

type Content = "zip" | "gzip" | "ole2" | "pdf" | "utf32" | "utf16" | "binary" | "json" | "xml" | "text" | "empty";

const CONTENT_LABEL: Record<Content, string> = {
  zip: "a ZIP archive (as an XLSX workbook is)",
  gzip: "gzip-compressed data",
  ole2: "an old Excel 97-2003 workbook (.xls)",
  pdf: "a PDF document",
  utf32: "UTF-32 text",
  utf16: "UTF-16 text",
  binary: "binary data",
  json: "JSON text",
  xml: "XML text",
  text: "plain text (CSV)",
  empty: "empty",
};

function startsWith(head: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => head[i] === b);
}

export function sniffContent(head: Buffer): Content {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return "zip";
  if (startsWith(head, [0x1f, 0x8b])) return "gzip";
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) return "ole2";
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return "pdf";
  // UTF-32 first: its little-endian mark begins with UTF-16's.
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00]) || startsWith(head, [0x00, 0x00, 0xfe, 0xff])) return "utf32";
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return "utf16";
  // Text has no NUL bytes and few control characters besides tab, CR, LF and form feed.
  let controls = 0;
  for (const b of head) {
    if (b === 0) return "binary";
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  if (controls > head.length / 100 + 1) return "binary";
  const text = head.toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (text === "") return "empty";
  if (text.startsWith("{") || text.startsWith("[")) return "json";
  if (text.startsWith("<")) return "xml";
  return "text";
}

const EXTENSIONS: [string, SourceFormat][] = [
  [".xes.gz", "xes_gz"],
  [".gz", "xes_gz"],
  [".csv", "csv"],
  [".tsv", "csv"],
  [".txt", "csv"],
  [".xlsx", "xlsx"],
  [".xlsm", "xlsx"],
  [".json", "json"],
  [".xes", "xes"],
  [".xml", "xes"],
];

/** What each format's content must look like. */
const EXPECTED: Record<SourceFormat, readonly Content[]> = {
  csv: ["text", "json", "xml"],
  xlsx: ["zip"],
  json: ["json"],
  xes: ["xml"],
  xes_gz: ["gzip"],
};

const HINT: Partial<Record<Content, string>> = {
  utf32: "; save it as CSV UTF-8",
  utf16: "; save it as CSV UTF-8",
  ole2: "; save it as .xlsx or CSV UTF-8",
};

const BY_CONTENT: Partial<Record<Content, SourceFormat>> = { zip: "xlsx", gzip: "xes_gz", json: "json", xml: "xes", text: "csv" };

export async function readHead(path: string, name: string, bytes = HEAD_BYTES): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (err) {
    throw new IngestError({ code: "not_found", file: name, message: `cannot open the file (${err instanceof Error ? err.message : String(err)})` });
  }
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The format to read `path` as; `name` (the file's name as the user knows it) gives the extension. */
export async function detectFormat(path: string, name: string, declared?: SourceFormat): Promise<SourceFormat> {
  const content = sniffContent(await readHead(path, name));
  if (content === "empty") throw new IngestError({ code: "empty", file: name, message: "the file is empty" });
  const lower = name.toLowerCase();
  const byName = declared ?? EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1];
  if (byName !== undefined) {
    if (EXPECTED[byName].includes(content)) return byName;
    const what = declared ? `was given as ${declared}` : `is named ${lower.slice(lower.lastIndexOf("."))}`;
    throw new IngestError({
      code: content === "utf16" || content === "utf32" ? "encoding" : "format_mismatch",
      file: name,
      message: `${what} but its content is ${CONTENT_LABEL[content]}${HINT[content] ?? ""}`,
    });
  }
  const format = BY_CONTENT[content];
  if (format === undefined) {
    throw new IngestError({ code: content === "utf16" || content === "utf32" ? "encoding" : "unsupported_format", file: name, message: `cannot read ${CONTENT_LABEL[content]}${HINT[content] ?? ""}` });
  }
  return format;
}
