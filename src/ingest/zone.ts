import { MS_PER_YEAR_BUCKET as BUCKET, segEndOf, segStartOf, wallToInstant, yearSegments } from "../calendar/zoned-time.ts";

// Wall time in a zone → instant, fast enough for a million rows: the zone's offsets of a year-long
// bucket come from zoned-time.ts, and consecutive rows nearly always fall in the stretch the last
// answer did.

// The stretch of wall time [lastFrom, lastTo) of the last answer's zone and bucket in which every
// wall value shows once, with offset lastOffset: consecutive rows' times nearly always fall in it.
let lastZone = "";
let lastFrom = 0;
let lastTo = 0;
let lastOffset = 0;

/**
 * The instant at which the zone's wall clock shows `wall` (see zoned-time.ts). A time skipped by a
 * DST change gives the moment of the change; one shown twice gives the first.
 */
export function zonedWallToInstant(timeZone: string, wall: number): number {
  if (wall >= lastFrom && wall < lastTo && timeZone === lastZone) return wall - lastOffset;
  const bucket = Math.floor(wall / BUCKET);
  const segs = yearSegments(timeZone, bucket);
  const t = wallToInstant(segs, wall);
  // As wallToInstant: segment i shows the wall values after the ends of those before it, up to its own end.
  let from = bucket * BUCKET;
  for (let i = 0; i < segs.length; i++) {
    const offset = segs[i]!.offset;
    const to = segEndOf(segs, i) + offset;
    if (wall < to) {
      from = Math.max(from, segStartOf(segs, i) + offset);
      // Not in a skipped stretch: remember where this offset alone answers.
      if (wall >= from) {
        lastZone = timeZone;
        lastFrom = from;
        lastTo = Math.min(to, (bucket + 1) * BUCKET);
        lastOffset = offset;
      }
      break;
    }
    from = Math.max(from, to);
  }
  return t;
}
