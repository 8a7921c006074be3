import { extname } from "node:path";
import { docxToText } from "./formats/docx.ts";
import { SopDocumentError } from "./formats/errors.ts";
import { xlsxToText } from "./formats/xlsx.ts";

// Turns an SOP document file into the tab-separated text parseSopDocument reads: one line per row,
// one tab between cells. PDFs and scans are not read here: docs/sop-parser.md says how to get text
// out of them.

export { SopDocumentError };

function utf8(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SopDocumentError(`${fileName} is not UTF-8 text; save it as UTF-8 and try again`);
  }
}

export async function readSopDocument(bytes: Uint8Array, fileName: string): Promise<{ text: string }> {
  const ext = extname(fileName).toLowerCase();
  switch (ext) {
    case ".txt":
    case ".tsv":
      return { text: utf8(bytes, fileName) };
    case ".xlsx":
      return { text: await xlsxToText(bytes, fileName) };
    case ".docx":
      return { text: await docxToText(bytes, fileName) };
    default:
      throw new SopDocumentError(
        `${fileName}: cannot read ${ext === "" ? "files without an extension" : `"${ext}" files`}; ` +
          "give a .txt (tab-separated, UTF-8), .xlsx or .docx file (for a PDF or a scan, see docs/sop-parser.md)",
      );
  }
}
