import { detach, Interner } from "./detach.ts";
import type { PermitMemory } from "./occurrence.ts";
import type { ShapeRow } from "./shapes/shape.ts";

// Rows of one permit may be spread through an export (SiCantik's order is by row id; an export
// sorted by date interleaves permits). Rows are held per permit until the permit has had no row
// for `windowRows` rows, or the buffer holds more than `maxBufferedRows` rows (the permit seen
// least recently goes first); then the group is handed on. What a group leaves behind (sequence
// numbers, step names, open steps, fingerprints of its rows) is remembered per permit in a few
// dozen bytes a row, so a later group of the same permit continues it, and a repeat of an earlier
// row is recognised. A short window keeps rows from outliving the young generation of the garbage
// collector: 1,000 rows read a 200,000-row file a third faster than 20,000.

export interface Group<R extends ShapeRow, S> {
  rows: R[];
  memory: PermitMemory<S>;
}

interface Pending<R> {
  rows: R[];
  lastSeen: number;
}

export class PermitBuffer<R extends ShapeRow, S> {
  private readonly pending = new Map<string, Pending<R>>();
  readonly memory = new Map<string, PermitMemory<S>>();
  /** Shared by every permit's memory, where permit-level text is kept. */
  readonly text = new Interner();
  private buffered = 0;
  private seen = 0;
  /** The permit of the previous row, and its entries: most exports keep a permit's rows together. */
  private lastKey: string | null = null;
  private lastMemory: PermitMemory<S> | null = null;
  private lastPending: Pending<R> | null = null;

  constructor(
    private readonly windowRows: number,
    private readonly maxBufferedRows: number,
    private readonly newState: () => S,
  ) {}

  /** Adds a row; false when it repeats a row already read for its permit (and is dropped). */
  add(row: R): boolean {
    this.seen++;
    const b = row.base;
    const key = b.permitNumber;
    const same = key === this.lastKey;
    let memory = same ? this.lastMemory : this.memory.get(key);
    if (!memory) {
      const permitNumber = detach(key);
      const permit = {
        permitNumber,
        permitType: this.text.get(b.permitType),
        office: this.text.get(b.office),
        submittedAt: b.submittedAt,
        permitFinishedAt: b.permitFinishedAt,
        permitStatus: this.text.get(b.permitStatus),
      };
      memory = { permit, fingerprints: [], shape: this.newState(), text: this.text };
      this.memory.set(permitNumber, memory);
    }
    if (memory.fingerprints.includes(b.fingerprint)) return false;
    memory.fingerprints.push(b.fingerprint);
    let entry = same ? this.lastPending : this.pending.get(key);
    if (!entry) {
      entry = { rows: [], lastSeen: 0 };
      this.pending.set(key, entry);
    } else if (!same) {
      // Re-inserting keeps the map ordered by last row seen, oldest first.
      this.pending.delete(key);
      this.pending.set(key, entry);
    }
    this.lastKey = key;
    this.lastMemory = memory;
    this.lastPending = entry;
    entry.rows.push(row);
    entry.lastSeen = this.seen;
    this.buffered++;
    return true;
  }

  /** Groups whose permits have gone quiet, or that must go to keep the buffer within its bound. */
  *ready(): Generator<Group<R, S>> {
    for (const [key, entry] of this.pending) {
      if (entry.lastSeen > this.seen - this.windowRows && this.buffered <= this.maxBufferedRows) return;
      yield this.take(key, entry);
    }
  }

  /** Every group still held: the input is over. */
  *drain(): Generator<Group<R, S>> {
    for (const [key, entry] of this.pending) yield this.take(key, entry);
  }

  private take(key: string, entry: Pending<R>): Group<R, S> {
    this.pending.delete(key);
    if (entry === this.lastPending) this.lastPending = null;
    this.buffered -= entry.rows.length;
    const memory = this.memory.get(key)!;
    // An array grown by push keeps room for ~17 more; a copy is as long as it needs to be.
    memory.fingerprints = memory.fingerprints.slice();
    return { rows: entry.rows, memory };
  }
}
