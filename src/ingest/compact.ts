import { detach } from "./detach.ts";

// Compact per-permit storage for what an export's reading remembers of every permit until the end
// of the file (permit-memories.ts): columns in typed arrays indexed by the permit's number in order
// of first appearance, rather than an object, an array and a map per permit, so that the heap
// grows by little more than a hundred bytes per permit.

/** Grows a typed array to hold at least `n` items (by a quarter, to keep the slack small). */
export function grown<T extends Int32Array | Float64Array>(a: T, n: number, fill?: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, Math.ceil(a.length * 1.25) + 16));
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}

/** A number or null in a Float64Array: NaN is null (no instant, id or time read from a file is NaN). */
export const toCell = (x: number | null): number => (x === null ? NaN : x);
export const fromCell = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * Lists of 32-bit integers, one per index, appended to in batches: segments in one Int32Array,
 * each [next segment, count, …values] (0: no segment).
 */
export class IntLists {
  private pool = new Int32Array(1 << 14);
  private used = 1;
  private heads = new Int32Array(1 << 10);

  /** Appends values[from..to) to list i. */
  append(i: number, values: ArrayLike<number>, from = 0, to = values.length): void {
    const n = to - from;
    if (n <= 0) return;
    this.heads = grown(this.heads, i + 1);
    this.pool = grown(this.pool, this.used + n + 2);
    const pool = this.pool;
    const at = this.used;
    pool[at] = 0;
    pool[at + 1] = n;
    for (let k = 0; k < n; k++) pool[at + 2 + k] = values[from + k]!;
    this.used += n + 2;
    let p = this.heads[i]!;
    if (p === 0) {
      this.heads[i] = at;
      return;
    }
    while (pool[p] !== 0) p = pool[p]!;
    pool[p] = at;
  }

  includes(i: number, v: number): boolean {
    if (i >= this.heads.length) return false;
    const pool = this.pool;
    for (let p = this.heads[i]!; p !== 0; p = pool[p]!) {
      const end = p + 2 + pool[p + 1]!;
      for (let k = p + 2; k < end; k++) if (pool[k] === v) return true;
    }
    return false;
  }

  /** List i's values in order. */
  values(i: number): number[] {
    const out: number[] = [];
    if (i >= this.heads.length) return out;
    const pool = this.pool;
    for (let p = this.heads[i]!; p !== 0; p = pool[p]!) {
      const end = p + 2 + pool[p + 1]!;
      for (let k = p + 2; k < end; k++) out.push(pool[k]!);
    }
    return out;
  }
}

/**
 * Text by number: 0 is null; a value seen before has the number it had, up to `max` distinct
 * values (in case a column is not what its name says), beyond which each value gets a number of
 * its own.
 */
export class TextIds {
  private readonly ids = new Map<string, number>();
  private readonly texts: (string | null)[] = [null];

  constructor(private readonly max = 10_000) {}

  id(s: string | null): number {
    if (s === null) return 0;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.texts.length;
      const kept = detach(s);
      this.texts.push(kept);
      if (this.ids.size < this.max) this.ids.set(kept, id);
    }
    return id;
  }

  text(id: number): string | null {
    return this.texts[id]!;
  }
}
