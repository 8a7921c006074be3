import { cleanCell } from "./text.ts";

// A document as lines of tab-separated cells, each kept raw (for lists and the signatory, whose
// HTML structure matters) and cleaned (for everything else).

export interface DocLine {
  /** 1-based line number in the document, for messages. */
  lineNumber: number;
  raw: string[];
  cells: string[];
}

export function splitLines(text: string): DocLine[] {
  return text.split(/\r\n|\r|\n/).map((line, i) => {
    const raw = line.split("\t");
    return { lineNumber: i + 1, raw, cells: raw.map(cleanCell) };
  });
}

export const isBlank = (line: DocLine): boolean => line.cells.every((c) => c === "");

/** The non-empty cleaned cells of a line, with their column. */
export function filledCells(line: DocLine): Array<{ column: number; text: string }> {
  return line.cells.flatMap((text, column) => (text === "" ? [] : [{ column, text }]));
}

// A flowchart symbol left in an actor column: "[]" (process), "{ } (Decision)", "( )", "◇", a tick.
const MARK = /^(?:\[\s*\]|\{\s*\}|\(\s*\)|[◇◆□■○●√✓✔xXvV])\s*(?:\([^)]*\))?$/;

export const isMark = (cell: string): boolean => MARK.test(cell);

/** A step number: "1", "2.", "10". */
export function stepNumber(cell: string): number | null {
  const m = /^(\d{1,3})\.?$/.exec(cell);
  return m ? Number(m[1]) : null;
}
