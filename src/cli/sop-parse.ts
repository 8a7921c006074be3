import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { parseSopDocument, readSopDocument, SopDocumentError } from "../sop/index.ts";
import { formatSopSummary } from "./sop-summary.ts";

// `mutubaku sop parse FILE [--json]`: reads an SOP document (.txt, .xlsx, .docx) and prints what the
// parser made of it, as a summary or as the JSON { sop, warnings }. Nothing is stored.

export const SOP_PARSE_USAGE = "mutubaku sop parse FILE [--json]";

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
};

function fileError(err: unknown): string {
  const code = err instanceof Error && "code" in err ? String(err.code) : "";
  return FILE_ERRORS[code] ?? message(err);
}

export async function sopParseCommand(args: string[]): Promise<number> {
  let file: string;
  let json: boolean;
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { json: { type: "boolean", default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new Error(positionals.length === 0 ? "no FILE given" : "give one FILE");
    file = positionals[0]!;
    json = values.json;
  } catch (err) {
    console.error(`mutubaku sop parse: ${message(err)}\nUsage: ${SOP_PARSE_USAGE}`);
    return 2;
  }

  let text: string;
  try {
    ({ text } = await readSopDocument(await readFile(file), file));
  } catch (err) {
    console.error(`mutubaku sop parse: ${err instanceof SopDocumentError ? err.message : `cannot read ${file}: ${fileError(err)}`}`);
    return 1;
  }

  const { sop, warnings } = parseSopDocument(text);
  const withSource = { ...sop, sourceDocument: basename(file) };
  console.log(json ? JSON.stringify({ sop: withSource, warnings }, null, 2) : formatSopSummary(withSource, warnings));
  return 0;
}
