import { MS_PER_DAY, MS_PER_SECOND, type OffsetSegment, offsetSegments, segEndOf, segStartOf, wallToInstant } from "../calendar/zoned-time.ts";

// Wall time in a zone → instant, fast enough for a million rows: the zone's offsets are read from
// Intl once per zone and year-long bucket (a few dozen Intl calls) and then looked up.

const BUCKET = 365 * MS_PER_DAY;
// Reach past both ends of a bucket so a wall time near its edge finds its offset whatever the zone.
const MARGIN = 2 * MS_PER_DAY;

const buckets = new Map<string, Map<number, readonly OffsetSegment[]>>();

function segmentsFor(timeZone: string, bucket: number): readonly OffsetSegment[] {
  let byBucket = buckets.get(timeZone);
  if (!byBucket) {
    byBucket = new Map();
    buckets.set(timeZone, byBucket);
  }
  let segs = byBucket.get(bucket);
  if (!segs) {
    const from = Math.floor((bucket * BUCKET - MARGIN) / MS_PER_SECOND) * MS_PER_SECOND;
    segs = offsetSegments(timeZone, from, from + BUCKET + 2 * MARGIN);
    byBucket.set(bucket, segs);
  }
  return segs;
}

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
  const segs = segmentsFor(timeZone, bucket);
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
