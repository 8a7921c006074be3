import { fromCell, grown, IntLists, TextIds, toCell } from "./compact.ts";
import { detach, Interner } from "./detach.ts";
import type { PermitFields, PermitMemory } from "./occurrence.ts";
import type { StateStore } from "./shapes/shape.ts";

// What the reading of an export remembers of each permit until the end of the file, so that a
// later group of its rows continues the earlier ones and a repeat of an earlier row is recognised:
// the permit's values, the shape's state and fingerprints of its rows. Kept in columns
// (compact.ts), not in objects per permit, and for at most `maxPermits` permits: past that a
// permit gets no slot, and its rows are set aside to be read on their own (spill.ts), so memory
// stays the same whatever the size of the file.

export class PermitMemories<S> {
  /** Permit number → its slot, in order of first appearance. */
  private readonly index = new Map<string, number>();
  /** Shared by every permit's memory, where permit-level text is kept. */
  readonly text = new Interner();
  private readonly textIds = new TextIds();
  private permitType = new Int32Array(1024);
  private office = new Int32Array(1024);
  private permitStatus = new Int32Array(1024);
  private submittedAt = new Float64Array(1024);
  private permitFinishedAt = new Float64Array(1024);
  /** Fingerprints of the rows of the groups assembled so far. */
  private readonly fingerprints = new IntLists();

  constructor(
    private readonly states: StateStore<S>,
    private readonly maxPermits: number,
  ) {}

  /** Permits remembered. */
  get size(): number {
    return this.index.size;
  }

  /** The permit's slot; a new one (taking its first values from `first`), or -1 once all are taken. */
  slot(first: PermitFields): number {
    const i = this.index.get(first.permitNumber);
    if (i !== undefined) return i;
    if (this.index.size >= this.maxPermits) return -1;
    return this.add(first);
  }

  /** Whether a row with this fingerprint was already assembled for the permit in slot i. */
  assembled(i: number, fingerprint: number): boolean {
    return this.fingerprints.includes(i, fingerprint | 0);
  }

  /** The memory a group of the permit in slot i is assembled on; `keep` stores what it became. */
  open(i: number, permitNumber: string): PermitMemory<S> {
    const t = this.textIds;
    const permit: PermitFields = {
      permitNumber,
      permitType: t.text(this.permitType[i]!),
      office: t.text(this.office[i]!),
      submittedAt: fromCell(this.submittedAt[i]!),
      permitFinishedAt: fromCell(this.permitFinishedAt[i]!),
      permitStatus: t.text(this.permitStatus[i]!),
    };
    return { permit, shape: this.states.load(i), text: this.text };
  }

  /** Keeps what a group assembled on `open(i)` left, and the fingerprints of its rows. */
  keep(i: number, memory: PermitMemory<S>, fingerprints: readonly number[]): void {
    this.fingerprints.append(i, fingerprints);
    const p = memory.permit;
    const t = this.textIds;
    if (p.permitType !== t.text(this.permitType[i]!)) this.permitType[i] = t.id(p.permitType);
    if (p.office !== t.text(this.office[i]!)) this.office[i] = t.id(p.office);
    if (p.permitStatus !== t.text(this.permitStatus[i]!)) this.permitStatus[i] = t.id(p.permitStatus);
    this.submittedAt[i] = toCell(p.submittedAt);
    this.permitFinishedAt[i] = toCell(p.permitFinishedAt);
    this.states.save(i, memory.shape);
  }

  /** What is known of every permit, in order of first appearance. */
  *all(): Generator<PermitMemory<S>> {
    for (const [key, i] of this.index) yield this.open(i, key);
  }

  private add(b: PermitFields): number {
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
}
