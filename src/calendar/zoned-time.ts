import { WEEKDAYS, type Weekday } from "./schema.ts";

// Local dates, wall-clock times and UTC offsets of an IANA time zone, using only Intl.
//
// A "day number" is a local calendar date counted in days since 1970-01-01; a "wall" value is a
// local date and clock time written as milliseconds as if the zone were UTC
// (dayNumber × MS_PER_DAY + milliseconds since local midnight). An offset is wall − instant.

export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** "2026-03-02" → day number. The string must already be a valid date. */
export function dayNumberOf(isoDate: string): number {
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  const d = Number(isoDate.slice(8, 10));
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

// Evaluations ask for the same few hundred dates millions of times; toISOString is ≈ 0.3 µs a call.
const isoDates = new Map<number, string>();

export function isoDateOf(dayNumber: number): string {
  let iso = isoDates.get(dayNumber);
  if (iso === undefined) {
    iso = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoDates.size >= 100_000) isoDates.clear();
    isoDates.set(dayNumber, iso);
  }
  return iso;
}

/** True for a "YYYY-MM-DD" string that names a real date. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return isoDateOf(dayNumberOf(s)) === s;
}

/** 1970-01-01 was a Thursday, index 3 in WEEKDAYS (which starts on Monday). */
export function weekdayOf(dayNumber: number): Weekday {
  return WEEKDAYS[(((dayNumber + 3) % 7) + 7) % 7]!;
}

/** "07:30" → 450 (minutes after midnight); "24:00" → 1440. */
export function minutesOfClock(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function clockOfMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Offsets

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall value (see top of file) of an instant, read from Intl at whole-second precision. */
function wallFromIntl(timeZone: string, instant: number): number {
  const field: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") field[p.type] = Number(p.value);
  }
  const d = new Date(0);
  // Set year, month and day together so that no intermediate date rolls over.
  d.setUTCFullYear(field.year!, field.month! - 1, field.day!);
  d.setUTCHours(field.hour!, field.minute!, field.second!, 0);
  return d.getTime();
}

function intlOffsetAt(timeZone: string, instant: number): number {
  const whole = Math.floor(instant / MS_PER_SECOND) * MS_PER_SECOND;
  return wallFromIntl(timeZone, whole) - whole;
}

/** UTC offset (wall − instant, in ms) of the zone at an instant. */
export function offsetAt(timeZone: string, instant: number): number {
  return instantToWall(yearSegments(timeZone, Math.floor(instant / MS_PER_YEAR_BUCKET)), instant) - instant;
}

/** A stretch of time with one UTC offset: instants in [start, end). */
export interface OffsetSegment {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
}

/**
 * The offsets of a zone over [from, to), found by sampling once a week and bisecting to the second
 * where two samples differ. Assumes at most one transition in any week, which holds for the zones
 * of tzdb (the closest pairs, around a suspended Ramadan DST, are about a month apart).
 * `from` and `to` must be whole seconds.
 */
const SAMPLE_STEP = 7 * MS_PER_DAY;

export function offsetSegments(timeZone: string, from: number, to: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let segStart = from;
  let t = from;
  let offset = intlOffsetAt(timeZone, t);
  while (t < to) {
    const next = Math.min(t + SAMPLE_STEP, to);
    const nextOffset = intlOffsetAt(timeZone, next);
    if (nextOffset !== offset) {
      let lo = t; // offset there: `offset`
      let hi = next; // offset there: `nextOffset`
      while (hi - lo > MS_PER_SECOND) {
        const mid = lo + Math.floor((hi - lo) / 2 / MS_PER_SECOND) * MS_PER_SECOND;
        if (intlOffsetAt(timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      segments.push({ start: segStart, end: hi, offset });
      segStart = hi;
      offset = nextOffset;
    }
    t = next;
  }
  segments.push({ start: segStart, end: to, offset });
  return segments;
}

// Intl costs ≈ 1.5 µs an instant, and an evaluation or an import asks for millions: each zone's
// offsets are read once per year-long bucket (a few dozen Intl calls) and kept.
export const MS_PER_YEAR_BUCKET = 365 * MS_PER_DAY;
// Reach past both ends of a bucket, so a wall time near its edge finds its offset whatever the zone.
const BUCKET_MARGIN = 2 * MS_PER_DAY;
const zoneYears = new Map<string, Map<number, readonly OffsetSegment[]>>();

/** The zone's offsets over year-long bucket `bucket` (instants from bucket × MS_PER_YEAR_BUCKET), two days more each side. */
export function yearSegments(timeZone: string, bucket: number): readonly OffsetSegment[] {
  let years = zoneYears.get(timeZone);
  let segs = years?.get(bucket);
  if (!segs) {
    const from = Math.floor((bucket * MS_PER_YEAR_BUCKET - BUCKET_MARGIN) / MS_PER_SECOND) * MS_PER_SECOND;
    // Intl first: a zone it does not know throws here and leaves nothing behind.
    segs = offsetSegments(timeZone, from, from + MS_PER_YEAR_BUCKET + 2 * BUCKET_MARGIN);
    if (!years) zoneYears.set(timeZone, (years = new Map()));
    years.set(bucket, segs);
  }
  return segs;
}

// The first segment is taken to reach back without limit and the last forward without limit,
// so conversions just outside the sampled range still use the nearest known offset.
export const segStartOf = (segs: readonly OffsetSegment[], i: number) => (i === 0 ? -Infinity : segs[i]!.start);
export const segEndOf = (segs: readonly OffsetSegment[], i: number) => (i === segs.length - 1 ? Infinity : segs[i]!.end);

export function instantToWall(segs: readonly OffsetSegment[], instant: number): number {
  for (let i = 0; i < segs.length; i++) {
    if (instant < segEndOf(segs, i)) return instant + segs[i]!.offset;
  }
  throw new Error("no offset segments");
}

/**
 * The first instant at which the wall clock shows `wall` or later. For an ordinary time this is
 * the one instant showing it; for a time shown twice (fall-back overlap) the first of the two;
 * for a time never shown (spring-forward gap) the instant of the transition.
 */
export function wallToInstant(segs: readonly OffsetSegment[], wall: number): number {
  for (let i = 0; i < segs.length; i++) {
    const o = segs[i]!.offset;
    // Within one segment the wall clock only moves forward, so its first instant showing `wall`
    // or later is the later of the segment's start and wall − offset.
    if (wall < segEndOf(segs, i) + o) return Math.max(segStartOf(segs, i), wall - o);
  }
  throw new Error("no offset segments");
}

/**
 * The instants at which the wall clock shows a time in [wallFrom, wallTo), as sorted, disjoint,
 * non-adjacent [start, end) pairs. A range over a spring-forward gap loses the hour that is never
 * shown; a range over a fall-back overlap gains the hour that is shown twice.
 */
export function wallRangeToInstants(segs: readonly OffsetSegment[], wallFrom: number, wallTo: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < segs.length; i++) {
    const o = segs[i]!.offset;
    const lo = Math.max(segStartOf(segs, i), wallFrom - o);
    const hi = Math.min(segEndOf(segs, i), wallTo - o);
    if (lo >= hi) continue;
    const last = out[out.length - 1];
    if (last && last[1] === lo) last[1] = hi;
    else out.push([lo, hi]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Small helpers for pages and repositories

/** The local date ("YYYY-MM-DD") of an instant in a zone. */
export function localDate(at: Date, timeZone: string): string {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError("localDate: invalid Date");
  return isoDateOf(Math.floor((t + offsetAt(timeZone, t)) / MS_PER_DAY));
}

/** ISO day of the week of a date: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(isoDate: string): number {
  if (!isIsoDate(isoDate)) throw new RangeError(`dayOfWeek: not a date "${isoDate}"`);
  return WEEKDAYS.indexOf(weekdayOf(dayNumberOf(isoDate))) + 1;
}
