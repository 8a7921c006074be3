import { MS_PER_DAY, MS_PER_SECOND, type OffsetSegment, offsetSegments, wallToInstant } from "../calendar/zoned-time.ts";

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

/**
 * The instant at which the zone's wall clock shows `wall` (see zoned-time.ts). A time skipped by a
 * DST change gives the moment of the change; one shown twice gives the first.
 */
export function zonedWallToInstant(timeZone: string, wall: number): number {
  return wallToInstant(segmentsFor(timeZone, Math.floor(wall / BUCKET)), wall);
}
