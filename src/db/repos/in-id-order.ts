// Reading a long list in full (an export) a slice at a time: its ids in the list's order first,
// then the rows a slice of ids each, put back in that order.

/** Ids per slice: one `= any(ids)` read each, off the primary key. */
export const SLICE = 5_000;

/**
 * The rows of `ids`, in that order, read `SLICE` at a time; ids whose row is gone by the time
 * its slice is read (a reimport in between) are skipped.
 */
export async function* inIdOrder<R>(ids: readonly number[], read: (slice: number[]) => Promise<R[]>, idOf: (row: R) => number): AsyncGenerator<R> {
  for (let i = 0; i < ids.length; i += SLICE) {
    const slice = ids.slice(i, i + SLICE);
    const byId = new Map((await read(slice)).map((r) => [Number(idOf(r)), r]));
    for (const id of slice) {
      const row = byId.get(id);
      if (row !== undefined) yield row;
    }
  }
}
