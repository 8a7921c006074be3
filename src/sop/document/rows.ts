import { parseWaktu } from "../waktu.ts";
import { type DocLine, isBlank, isMark, stepNumber } from "./cells.ts";
import type { StepTable } from "./table.ts";
import { type SopWarning, sopWarning } from "./warnings.ts";

// Reads the step rows of the table: the cells of each row as Uraian, Kelengkapan, Waktu, Output and
// the flowchart mark, if any.
//
// Extraction drops empty actor cells unevenly, so a row's Mutu Baku cells may sit one or two
// columns left of the header's (Rokan Hilir rows 3-10). The Waktu cell is therefore found by its
// content (the cell that reads as a time standard, nearest the header's Waktu column), and the other
// Mutu Baku cells are taken next to it in the header's order, contiguous: the header may leave a gap
// (a merged "Waktu" cell) that the rows do not. A row whose Waktu is empty keeps the shift of the row
// before it.

export interface StepRow {
  lineNumber: number;
  number: number;
  description: string;
  waktu: string | null;
  kelengkapan: string | null;
  output: string | null;
  /** Actor columns holding a flowchart mark, named as in the header. */
  markedActors: string[];
  /** How many columns the row's Mutu Baku cells sit right (+) or left (−) of the header's. */
  shift: number;
}

// A short cell with a number and a time word: meant as a Waktu even if it cannot be read ("1 minggu").
const TIME_LIKE = /\d\s*(?:menit|mnt|jam|hari|hk|minggu|bulan|detik)(?![a-z])/i;
const isTimeLike = (cell: string): boolean => TIME_LIKE.test(cell) && cell.split(" ").length <= 5;
const readsAsWaktu = (cell: string): boolean => {
  const r = parseWaktu(cell);
  return r.standard !== null || r.needsChoice;
};

const nonEmpty = (cell: string | undefined): string | null => (cell === undefined || cell === "" || isMark(cell) ? null : cell);

// Column of the Waktu cell in a row: a cell that reads as a standard, else one meant as a time,
// else the expected column if something is written there. Null when the row's Waktu is empty.
function locateWaktu(cells: string[], from: number, expected: number): number | null {
  const candidates = (test: (cell: string) => boolean): number[] =>
    cells.flatMap((cell, col) => (col >= from && cell !== "" && !isMark(cell) && test(cell) ? [col] : []));
  const nearest = (cols: number[]): number | null =>
    cols.length === 0 ? null : cols.reduce((a, b) => (Math.abs(b - expected) < Math.abs(a - expected) ? b : a));
  const written = expected >= from && nonEmpty(cells[expected]) !== null;
  return nearest(candidates(readsAsWaktu)) ?? nearest(candidates(isTimeLike)) ?? (written ? expected : null);
}

// Offsets of Kelengkapan and Output from the Waktu column `w`, in the header's order with its gaps
// closed: header "Kelengkapan | Waktu | (empty) | Output" gives -1 and +1.
function mutuBakuOffsets(table: StepTable, w: number): { kelengkapan: number | null; output: number | null } {
  const order = [table.kelengkapanColumn, w, table.outputColumn].filter((c): c is number => c !== null).sort((a, b) => a - b);
  const offset = (col: number | null): number | null => (col === null ? null : order.indexOf(col) - order.indexOf(w));
  return { kelengkapan: offset(table.kelengkapanColumn), output: offset(table.outputColumn) };
}

interface RowLayout {
  waktu: number | null;
  kelengkapan: number | null;
  output: number | null;
  shift: number;
}

function rowLayout(cells: string[], table: StepTable, previousShift: number): RowLayout {
  const w = table.waktuColumn;
  const tailStart = table.descriptionColumn + 1;
  if (w === null || w < tailStart) {
    // No Waktu column, or one before the step text, where nothing shifts: the header's columns.
    return { waktu: w, kelengkapan: table.kelengkapanColumn, output: table.outputColumn, shift: 0 };
  }
  const expected = w + previousShift;
  const found = locateWaktu(cells, tailStart, expected);
  const anchor = found ?? expected;
  const offsets = mutuBakuOffsets(table, w);
  const near = (offset: number | null): number | null => (offset === null ? null : anchor + offset);
  return { waktu: found, kelengkapan: near(offsets.kelengkapan), output: near(offsets.output), shift: anchor - w };
}

function readRow(line: DocLine, number: number, table: StepTable, previousShift: number): StepRow {
  const { cells } = line;
  const layout = rowLayout(cells, table, previousShift);
  const cell = (col: number | null): string | null =>
    col === null || col === 0 || col === table.descriptionColumn ? null : nonEmpty(cells[col]);
  const markedActors = cells.flatMap((c, col) => {
    const actor = table.actors.get(col);
    return actor !== undefined && isMark(c) ? [actor] : [];
  });
  return {
    lineNumber: line.lineNumber,
    number,
    description: cells[table.descriptionColumn] ?? "",
    waktu: cell(layout.waktu),
    kelengkapan: cell(layout.kelengkapan),
    output: cell(layout.output),
    markedActors,
    shift: layout.shift,
  };
}

/**
 * The step rows after the header: lines starting with a step number. A line holding text only in
 * the Uraian column continues the row above; blank lines are skipped; any other line (the stated
 * total, a signature) ends the table.
 */
export function readStepRows(lines: DocLine[], table: StepTable, warnings: SopWarning[]): StepRow[] {
  if (table.waktuColumn === null) {
    warnings.push(sopWarning("steps", { code: "tableNoWaktuColumn", params: {} }, "the step table has no Waktu column: no step has a standard"));
  }
  const rows: StepRow[] = [];
  let shift = 0;
  let end = lines.length;
  for (let i = table.bodyStart; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const number = stepNumber(line.cells[0] ?? "");
    if (number !== null) {
      const row = readRow(line, number, table, shift);
      shift = row.shift;
      rows.push(row);
      continue;
    }
    const last = rows.at(-1);
    const filled = line.cells.flatMap((c, col) => (c === "" ? [] : [col]));
    if (last && filled.length === 1 && filled[0] === table.descriptionColumn) {
      last.description = `${last.description} ${line.cells[table.descriptionColumn]}`.trim();
      continue;
    }
    end = i;
    break;
  }
  const next = (rows.at(-1)?.number ?? 0) + 1;
  const resumed = lines.slice(end).find((l) => stepNumber(l.cells[0] ?? "") === next);
  if (resumed) {
    const at = lines[end]?.lineNumber;
    warnings.push(
      sopWarning(
        "steps",
        { code: "tableInterrupted", params: { line: at ?? 0, resumedLine: resumed.lineNumber } },
        `the step table is interrupted at line ${at}; the rows from line ${resumed.lineNumber} on were not read`,
      ),
    );
  }
  return rows;
}
