import type { PermitMemories } from "./permit-memories.ts";
import type { ShapeRow } from "./shapes/shape.ts";

// Rows of one permit may be spread through an export (SiCantik's order is by row id; an export
// sorted by date interleaves permits). Rows are held per permit until the permit has had no row
// for `windowRows` rows, or the buffer holds more than `maxBufferedRows` rows (the permit seen
// least recently goes first); then the group is handed on, with the permit's slot in the
// memories (permit-memories.ts) that carry one group into the next, or -1 for a permit that has
// none (its groups are set aside and read on their own: spill.ts). A short window keeps rows from
// outliving the young generation of the garbage collector: 1,000 rows read a 200,000-row file a
// third faster than 20,000.

export interface Group<R extends ShapeRow> {
  permitNumber: string;
  /** The permit's slot in the memories, or -1 when it has none. */
  slot: number;
  rows: R[];
}

interface Pending<R> {
  slot: number;
  rows: R[];
  lastSeen: number;
}

export class PermitBuffer<R extends ShapeRow> {
  private readonly pending = new Map<string, Pending<R>>();
  private buffered = 0;
  private seen = 0;
  /** The permit of the previous row, and its entry: most exports keep a permit's rows together. */
  private lastKey: string | null = null;
  private lastPending: Pending<R> | null = null;

  constructor(
    private readonly windowRows: number,
    private readonly maxBufferedRows: number,
    private readonly memories: PermitMemories<unknown>,
  ) {}

  /** Adds a row; false when it repeats a row already read for its permit (and is dropped). */
  add(row: R): boolean {
    this.seen++;
    const b = row.base;
    const key = b.permitNumber;
    const same = key === this.lastKey && this.lastPending !== null;
    let entry = same ? this.lastPending : this.pending.get(key);
    if (entry) {
      // A repeat of a row of the pending group, or of an earlier group.
      for (const r of entry.rows) if (r.base.fingerprint === b.fingerprint) return false;
      if (entry.slot >= 0 && this.memories.assembled(entry.slot, b.fingerprint)) return false;
      if (!same) {
        // Re-inserting keeps the map ordered by last row seen, oldest first.
        this.pending.delete(key);
        this.pending.set(key, entry);
      }
    } else {
      const slot = this.memories.slot(b);
      if (slot >= 0 && this.memories.assembled(slot, b.fingerprint)) return false;
      entry = { slot, rows: [], lastSeen: 0 };
      this.pending.set(key, entry);
    }
    this.lastKey = key;
    this.lastPending = entry;
    entry.rows.push(row);
    entry.lastSeen = this.seen;
    this.buffered++;
    return true;
  }

  /** Groups whose permits have gone quiet, or that must go to keep the buffer within its bound. */
  *ready(): Generator<Group<R>> {
    for (const [key, entry] of this.pending) {
      if (entry.lastSeen > this.seen - this.windowRows && this.buffered <= this.maxBufferedRows) return;
      yield this.take(key, entry);
    }
  }

  /** Every group still held: the input is over. */
  *drain(): Generator<Group<R>> {
    for (const [key, entry] of this.pending) yield this.take(key, entry);
  }

  private take(key: string, entry: Pending<R>): Group<R> {
    this.pending.delete(key);
    if (entry === this.lastPending) this.lastPending = null;
    this.buffered -= entry.rows.length;
    return { permitNumber: key, slot: entry.slot, rows: entry.rows };
  }
}
