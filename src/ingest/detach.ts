// V8 makes a substring of 13 characters or more a view into its parent string. A permit number
// cut from a 64 KiB chunk of a CSV keeps that whole chunk alive for as long as it is kept: over a
// million rows, the whole file. Strings kept beyond their row are copied with this first.

export function detach(s: string): string {
  // Concatenation builds a new string; slicing it flattens that one, not the parent.
  return ` ${s}`.slice(1);
}

/**
 * One detached copy per distinct value, for text that repeats across permits (permit types,
 * offices, status words): kept once, not once per permit. Bounded, in case a column is not what
 * its name says.
 */
export class Interner {
  private readonly seen = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  get(s: string | null): string | null {
    if (s === null) return null;
    let kept = this.seen.get(s);
    if (kept === undefined) {
      kept = detach(s);
      if (this.seen.size < this.max) this.seen.set(kept, kept);
    }
    return kept;
  }
}
