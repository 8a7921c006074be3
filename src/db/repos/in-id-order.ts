// Reading a long list in full (an export) a slice at a time: its ids in the list's order first,
// then the rows a slice of ids each, put back in that order.

/** Keys per slice: one read each, off the primary key. */
export const SLICE = 5_000;

/**
 * The rows of `keys`, in that order, read `SLICE` at a time; keys whose row is gone by the time
 * its slice is read (a reimport in between) are skipped.
 */
export async function* inIdOrder<K extends { id: number }, R>(keys: readonly K[], read: (slice: K[]) => Promise<R[]>, idOf: (row: R) => number): AsyncGenerator<R> {
  for (let i = 0; i < keys.length; i += SLICE) {
    const slice = keys.slice(i, i + SLICE);
    const byId = new Map((await read(slice)).map((r) => [Number(idOf(r)), r]));
    for (const { id } of slice) {
      const row = byId.get(id);
      if (row !== undefined) yield row;
    }
  }
}
