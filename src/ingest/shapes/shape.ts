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
  /** Where each permit's state is kept between its groups (see StateStore). */
  states(): StateStore<S>;
  /** A group of one permit's rows, in file order; `memory` carries what earlier groups left. */
  assemble(rows: R[], memory: PermitMemory<S>, sink: Sink): void;
  /** The input is over: emit what the permit still holds open. */
  finish(memory: PermitMemory<S>, sink: Sink): void;
}

/**
 * A shape's state of every permit, by the permit's number in order of first appearance. A group is
 * assembled on the state `load` gives, then `save` keeps what it became; a store may keep it in
 * columns rather than as the object (compact.ts), as long as `load` gives back an equal state.
 */
export interface StateStore<S> {
  /** A new permit, numbered one past the last: its state is a fresh one. */
  add(): void;
  load(i: number): S;
  save(i: number, state: S): void;
}

/** States kept as they are, one object per permit. */
export function objectStates<S>(fresh: () => S): StateStore<S> {
  const states: S[] = [];
  return {
    add: () => void states.push(fresh()),
    load: (i) => states[i]!,
    save: (i, state) => void (states[i] = state),
  };
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
