import type { FieldReader } from "../fields.ts";
import type { BaseRow, PermitMemory, Sink } from "../occurrence.ts";
import type { Columns } from "../profile.ts";
import type { SourceRow } from "../readers/types.ts";

// What each record shape (one file each beside this one) provides to normalize.ts.

export interface ShapeContext {
  file: string;
  reader: FieldReader;
  windowRows: number;
}

/** A row as a shape reads it: what every shape reads, and its own cells beside it. */
export interface ShapeRow {
  base: BaseRow;
}

export interface Shape<R extends ShapeRow, S> {
  /** Columns a file must have, by what they mean. */
  required: { what: string; columns: Columns }[];
  /** A row's own cells (throws RowProblem); `base` holds what every shape reads. (Rows are built as
   * literals: in Node 20, `{ ...base, more }` costs microseconds per object.) */
  parse(row: SourceRow, base: BaseRow): R;
  newState(): S;
  /** A group of one permit's rows, in file order; `memory` carries what earlier groups left. */
  assemble(rows: R[], memory: PermitMemory<S>, sink: Sink): void;
  /** The input is over: emit what the permit still holds open. */
  finish(memory: PermitMemory<S>, sink: Sink): void;
}

/** Order of two sort keys: numbers (numeric ids) before text, each in its natural order. */
export function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function iso(t: number): string {
  return new Date(t).toISOString();
}
