import { SopDocumentError } from "./errors.ts";

// A .docx file as tab-separated lines: mammoth turns it into HTML; each table row becomes a line of
// cells (a cell keeps its inner HTML, which the SOP parser cleans), each paragraph outside a table
// a line. Merged cells are padded so that columns stay aligned: a cell spanning columns is followed
// by empty cells, and a cell spanning rows leaves an empty cell in the rows below. Nested tables
// are not supported.

const TABLE = /<table\b[^>]*>([\s\S]*?)<\/table>/gi;
const ROW = /<tr\b[^>]*>([\s\S]*?)<\/tr>/gi;
const CELL = /<(td|th)\b([^>]*)>([\s\S]*?)<\/\1>/gi;
const PARAGRAPH_END = /<\/(?:p|h[1-6]|li)>|<br\s*\/?>/gi;

const span = (attributes: string, name: string): number => {
  const m = new RegExp(`${name}="(\\d+)"`, "i").exec(attributes);
  return m ? Math.max(1, Number(m[1])) : 1;
};

const oneLine = (html: string): string => html.replace(/[\t\r\n]+/g, " ").trim();

function tableLines(tableHtml: string): string[] {
  // Columns still covered by a cell from a row above, with the number of rows left.
  const covered = new Map<number, number>();
  const lines: string[] = [];
  for (const [, rowHtml = ""] of tableHtml.matchAll(ROW)) {
    const cells: string[] = [];
    const skipCovered = (): void => {
      for (let left = covered.get(cells.length); left !== undefined; left = covered.get(cells.length)) {
        if (left <= 1) covered.delete(cells.length);
        else covered.set(cells.length, left - 1);
        cells.push("");
      }
    };
    for (const [, , attributes = "", inner = ""] of rowHtml.matchAll(CELL)) {
      skipCovered();
      const columns = span(attributes, "colspan");
      const rows = span(attributes, "rowspan");
      for (let i = 0; i < columns; i++) {
        if (rows > 1) covered.set(cells.length, rows - 1);
        cells.push(i === 0 ? oneLine(inner) : "");
      }
    }
    skipCovered();
    lines.push(cells.join("\t"));
  }
  return lines;
}

function paragraphLines(html: string): string[] {
  return html
    .replace(PARAGRAPH_END, "\n")
    .replace(/<[^>]*>/g, "")
    .split("\n")
    .map((l) => l.trim());
}

export async function docxToText(bytes: Uint8Array, fileName: string): Promise<string> {
  const { default: mammoth } = await import("mammoth");
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (err) {
    throw new SopDocumentError(`${fileName} is not a readable .docx file (${err instanceof Error ? err.message : String(err)})`);
  }
  const lines: string[] = [];
  let last = 0;
  for (const m of html.matchAll(TABLE)) {
    lines.push(...paragraphLines(html.slice(last, m.index)), ...tableLines(m[1] ?? ""));
    last = m.index + m[0].length;
  }
  lines.push(...paragraphLines(html.slice(last)));
  return lines.join("\n");
}
