import { fromCell, grown, IntLists, TextIds, toCell } from "./compact.ts";
import { detach, Interner } from "./detach.ts";
import type { PermitFields, PermitMemory } from "./occurrence.ts";
import type { ShapeRow, StateStore } from "./shapes/shape.ts";

// Rows of one permit may be spread through an export (SiCantik's order is by row id; an export
// sorted by date interleaves permits). Rows are held per permit until the permit has had no row
// for `windowRows` rows, or the buffer holds more than `maxBufferedRows` rows (the permit seen
// least recently goes first); then the group is handed on. What a group leaves behind (the
// permit's values, the shape's state, fingerprints of its rows) is remembered per permit, so a
// later group of the same permit continues it, and a repeat of an earlier row is recognised.
// That memory lasts until the end of the file, so it is kept in columns (compact.ts), not in
// objects per permit: a PermitMemory is built for a group when it is handed on, and what it
// became is stored back once the group has been assembled. A short window keeps rows from
// outliving the young generation of the garbage collector: 1,000 rows read a 200,000-row file a
// third faster than 20,000.

export interface Group<R extends ShapeRow, S> {
  rows: R[];
  memory: PermitMemory<S>;
}

interface Pending<R> {
  /** The permit's number in order of first appearance. */
  index: number;
  rows: R[];
  lastSeen: number;
}

export class PermitBuffer<R extends ShapeRow, S> {
  private readonly pending = new Map<string, Pending<R>>();
  /** Permit number → the permit's number in order of first appearance. */
  private readonly index = new Map<string, number>();
  /** Shared by every permit's memory, where permit-level text is kept. */
  readonly text = new Interner();
  private readonly textIds = new TextIds();
  private permitType = new Int32Array(1024);
  private office = new Int32Array(1024);
  private permitStatus = new Int32Array(1024);
  private submittedAt = new Float64Array(1024);
  private permitFinishedAt = new Float64Array(1024);
  /** Fingerprints of the rows of the groups handed on (those of a pending group are its rows'). */
  private readonly fingerprints = new IntLists();
  private buffered = 0;
  private seen = 0;
  /** The permit of the previous row, and its entry: most exports keep a permit's rows together. */
  private lastKey: string | null = null;
  private lastPending: Pending<R> | null = null;

  constructor(
    private readonly windowRows: number,
    private readonly maxBufferedRows: number,
    private readonly states: StateStore<S>,
  ) {}

  /** Permits seen. */
  get size(): number {
    return this.index.size;
  }

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
      if (this.fingerprints.includes(entry.index, b.fingerprint | 0)) return false;
      if (!same) {
        // Re-inserting keeps the map ordered by last row seen, oldest first.
        this.pending.delete(key);
        this.pending.set(key, entry);
      }
    } else {
      let i = this.index.get(key);
      if (i === undefined) i = this.newPermit(b);
      else if (this.fingerprints.includes(i, b.fingerprint | 0)) return false;
      entry = { index: i, rows: [], lastSeen: 0 };
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
  *ready(): Generator<Group<R, S>> {
    for (const [key, entry] of this.pending) {
      if (entry.lastSeen > this.seen - this.windowRows && this.buffered <= this.maxBufferedRows) return;
      yield* this.take(key, entry);
    }
  }

  /** Every group still held: the input is over. */
  *drain(): Generator<Group<R, S>> {
    for (const [key, entry] of this.pending) yield* this.take(key, entry);
  }

  /** What is known of every permit, in order of first appearance (once the input is over). */
  *memories(): Generator<PermitMemory<S>> {
    for (const [key, i] of this.index) yield this.memory(key, i);
  }

  private newPermit(b: PermitFields): number {
    const i = this.index.size;
    this.index.set(detach(b.permitNumber), i);
    const n = i + 1;
    this.permitType = grown(this.permitType, n);
    this.office = grown(this.office, n);
    this.permitStatus = grown(this.permitStatus, n);
    this.submittedAt = grown(this.submittedAt, n);
    this.permitFinishedAt = grown(this.permitFinishedAt, n);
    this.permitType[i] = this.textIds.id(this.text.get(b.permitType));
    this.office[i] = this.textIds.id(this.text.get(b.office));
    this.permitStatus[i] = this.textIds.id(this.text.get(b.permitStatus));
    this.submittedAt[i] = toCell(b.submittedAt);
    this.permitFinishedAt[i] = toCell(b.permitFinishedAt);
    this.states.add();
    return i;
  }

  private memory(key: string, i: number): PermitMemory<S> {
    const t = this.textIds;
    const permit: PermitFields = {
      permitNumber: key,
      permitType: t.text(this.permitType[i]!),
      office: t.text(this.office[i]!),
      submittedAt: fromCell(this.submittedAt[i]!),
      permitFinishedAt: fromCell(this.permitFinishedAt[i]!),
      permitStatus: t.text(this.permitStatus[i]!),
    };
    return { permit, shape: this.states.load(i), text: this.text };
  }

  /** Hands on a group; once it has been assembled, keeps what its memory became. */
  private *take(key: string, entry: Pending<R>): Generator<Group<R, S>> {
    this.pending.delete(key);
    if (entry === this.lastPending) this.lastPending = null;
    this.buffered -= entry.rows.length;
    const i = entry.index;
    const prints = entry.rows.map((r) => r.base.fingerprint | 0);
    this.fingerprints.append(i, prints);
    const memory = this.memory(key, i);
    yield { rows: entry.rows, memory };
    const p = memory.permit;
    const t = this.textIds;
    if (p.permitType !== t.text(this.permitType[i]!)) this.permitType[i] = t.id(p.permitType);
    if (p.office !== t.text(this.office[i]!)) this.office[i] = t.id(p.office);
    if (p.permitStatus !== t.text(this.permitStatus[i]!)) this.permitStatus[i] = t.id(p.permitStatus);
    this.submittedAt[i] = toCell(p.submittedAt);
    this.permitFinishedAt[i] = toCell(p.permitFinishedAt);
    this.states.save(i, memory.shape);
  }
}
