import { Schedule } from "./schedule.ts";
import { type Calendar, FIRST_YEAR, LAST_YEAR } from "./types.ts";
import {
  dayNumberOf,
  instantToWall,
  MS_PER_DAY,
  MS_PER_MINUTE,
  type OffsetSegment,
  offsetSegments,
  wallRangeToInstants,
  wallToInstant,
} from "./zoned-time.ts";

// The precomputed working time of a calendar: every working interval of every local day of a range
// of years, as UTC instants ("pieces"), with the working time before each piece (a prefix sum).
// Queries are an index lookup (working time up to an instant) or binary searches (additions) over
// these arrays, never a walk over days. The range grows by whole years as queries need it, and the
// table is memoised per Calendar object (which is frozen, so it cannot go stale).

/** The pieces of one local calendar year. */
interface YearTable {
  readonly firstDay: number;
  readonly dayCount: number;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** dayCount + 1 entries: index of the day's first piece (pieces of day k: [p[k], p[k + 1])). */
  readonly dayFirstPiece: readonly number[];
  /** UTC offsets over the year with two days' margin, for wall-clock conversions. */
  readonly offsets: readonly OffsetSegment[];
}

const timelines = new WeakMap<Calendar, Timeline>();

export function timelineOf(cal: Calendar): Timeline {
  let tl = timelines.get(cal);
  if (!tl) {
    tl = new Timeline(cal);
    timelines.set(cal, tl);
  }
  return tl;
}

const utcYearOf = (t: number) => new Date(t).getUTCFullYear();

// A module-local copy for the hot path: test runners that rewrite imports (vitest) turn every use
// of an imported binding into a property read.
const DAY = MS_PER_DAY;

export class Timeline {
  readonly schedule: Schedule;
  private readonly years = new Map<number, YearTable>();
  private firstYear = 0;
  private lastYear = -1;

  // The flat table over [firstYear, lastYear]. Public for the arithmetic; read-only by convention.
  starts = new Float64Array(0);
  ends = new Float64Array(0);
  /** before[i]: working ms in all pieces before piece i; before[n] is the total. */
  before = new Float64Array(1);
  /** Day number of the table's first local day. */
  firstDay = 0;
  dayFirstPiece = new Int32Array(1);
  /** Day numbers of the days that have working time, ascending. */
  workingDays = new Int32Array(0);
  /** dayIndex[k]: first piece ending after the start of UTC day k counted from dayIndexOrigin. */
  private dayIndex = new Int32Array(0);
  private dayIndexOrigin = 0;
  // Instants in [coverFrom, coverTo] are answered exactly by the table (see cover()).
  private coverFrom = Infinity;
  private coverTo = -Infinity;

  constructor(private readonly cal: Calendar) {
    this.schedule = new Schedule(cal);
  }

  /**
   * Make sure the table holds every piece that can touch [from, to]. A local day lies within
   * 14 hours of its UTC date (offsets run from −12 to +14 hours), so the table of local years
   * Y1..Y2 is exact for instants from Y1-01-02 to Y2-12-31 UTC.
   */
  cover(from: number, to: number): void {
    if (from >= this.coverFrom && to <= this.coverTo) return;
    const lo = utcYearOf(from - 2 * MS_PER_DAY);
    const hi = utcYearOf(to + 2 * MS_PER_DAY);
    if (!(lo >= FIRST_YEAR && hi <= LAST_YEAR)) {
      throw new RangeError(`working time is computed for ${FIRST_YEAR}–${LAST_YEAR} only`);
    }
    this.setRange(this.lastYear < this.firstYear ? lo : Math.min(lo, this.firstYear), Math.max(hi, this.lastYear));
  }

  /** Add years at the end (doubling the range) for an addition that runs past the table. */
  extendForward(): void {
    if (this.lastYear >= LAST_YEAR) {
      throw new RangeError(`no working time left in calendar "${this.cal.name}" before the end of ${LAST_YEAR}`);
    }
    const span = this.lastYear - this.firstYear + 1;
    this.setRange(this.firstYear, Math.min(LAST_YEAR, this.lastYear + Math.max(1, span)));
  }

  /** Working seconds in [a, b), for a < b. The hot path of workingSecondsBetween. */
  secondsBetween(a: number, b: number): number {
    if (a < this.coverFrom || b > this.coverTo) this.cover(a, b);
    return (this.cumAt(b) - this.cumAt(a)) / 1000;
  }

  /** Working ms from the table's origin to t (t covered). O(1): a UTC-day index, then a short scan. */
  cumAt(t: number): number {
    const ends = this.ends;
    const n = ends.length;
    let i = this.dayIndex[Math.floor((t - this.dayIndexOrigin) / DAY)]!;
    while (i < n && ends[i]! <= t) i++;
    // Pieces before i end at or before t; piece i (if any) ends after t. (No reads past the end of
    // a typed array: V8 makes those slow.)
    if (i < n) {
      const start = this.starts[i]!;
      if (start < t) return this.before[i]! + (t - start);
    }
    return this.before[i]!;
  }

  /** Index of the last piece whose start is <= t, or -1. */
  lastPieceStartingAtOrBefore(t: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * The earliest instant at which the cumulative working time reaches `target` (> 0), or null
   * when the table ends first. Reaching it exactly at a piece's end gives that end (the close),
   * not the start of the next piece.
   */
  instantAtCum(target: number): number | null {
    const before = this.before;
    const n = this.starts.length;
    if (n === 0 || before[n]! < target) return null;
    // First piece i with before[i + 1] >= target.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before[mid + 1]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.starts[lo]! + (target - before[lo]!);
  }

  /** Index of the piece holding t or, if t is outside working time, the next piece; null past the table. */
  pieceAtOrAfter(t: number): number | null {
    const i = this.lastPieceStartingAtOrBefore(t);
    if (i >= 0 && t < this.ends[i]!) return i;
    return i + 1 < this.starts.length ? i + 1 : null;
  }

  /** Day number of the local day a piece belongs to. */
  dayOfPiece(piece: number): number {
    // Last day k whose first piece index is <= piece (days without pieces share the index).
    const p = this.dayFirstPiece;
    let lo = 0;
    let hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (p[mid]! <= piece) lo = mid;
      else hi = mid - 1;
    }
    return this.firstDay + lo;
  }

  /** Pieces of a local day in the table: indices [first, end). */
  piecesOfDay(day: number): [number, number] {
    const k = day - this.firstDay;
    return [this.dayFirstPiece[k]!, this.dayFirstPiece[k + 1]!];
  }

  /** The n-th (n >= 1) day with working time after `day`, or null past the table. */
  nthWorkingDayAfter(day: number, n: number): number | null {
    const w = this.workingDays;
    let lo = 0;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (w[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    const j = lo + n - 1;
    return j < w.length ? w[j]! : null;
  }

  /** Wall value of an instant that lies within (or next to) a local day of the table. */
  wallOf(instant: number, day: number): number {
    return instantToWall(this.yearOfDay(day).offsets, instant);
  }

  /** First instant at which the clock shows `wall`, a time of a local day of the table. */
  instantOfWall(wall: number, day: number): number {
    return wallToInstant(this.yearOfDay(day).offsets, wall);
  }

  private yearOfDay(day: number): YearTable {
    const year = new Date(day * MS_PER_DAY).getUTCFullYear();
    const table = this.years.get(year);
    if (!table) throw new Error(`internal: local year ${year} not in the table`);
    return table;
  }

  private setRange(firstYear: number, lastYear: number): void {
    for (let y = firstYear; y <= lastYear; y++) {
      if (!this.years.has(y)) this.years.set(y, this.buildYear(y));
    }
    let pieces = 0;
    let days = 0;
    for (let y = firstYear; y <= lastYear; y++) {
      const t = this.years.get(y)!;
      pieces += t.starts.length;
      days += t.dayCount;
    }
    const starts = new Float64Array(pieces);
    const ends = new Float64Array(pieces);
    const before = new Float64Array(pieces + 1);
    const dayFirstPiece = new Int32Array(days + 1);
    const working: number[] = [];
    let p = 0;
    let d = 0;
    let sum = 0;
    for (let y = firstYear; y <= lastYear; y++) {
      const t = this.years.get(y)!;
      for (let k = 0; k < t.dayCount; k++) {
        dayFirstPiece[d + k] = p + t.dayFirstPiece[k]!;
        if (t.dayFirstPiece[k + 1]! > t.dayFirstPiece[k]!) working.push(t.firstDay + k);
      }
      d += t.dayCount;
      for (let i = 0; i < t.starts.length; i++) {
        const s = t.starts[i]!;
        const e = t.ends[i]!;
        if (p > 0 && s < ends[p - 1]!) {
          // Only a zone whose clock fell back across midnight could do this; none in use does.
          throw new Error(`internal: working time of ${this.cal.timezone} is not in order around ${new Date(s).toISOString()}`);
        }
        starts[p] = s;
        ends[p] = e;
        before[p] = sum;
        sum += e - s;
        p++;
      }
    }
    before[pieces] = sum;
    dayFirstPiece[days] = pieces;

    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.starts = starts;
    this.ends = ends;
    this.before = before;
    this.firstDay = dayNumberOf(`${String(firstYear).padStart(4, "0")}-01-01`);
    this.dayFirstPiece = dayFirstPiece;
    this.workingDays = Int32Array.from(working);
    // The index spans the covered instants (see cover()) with a day to spare at either end.
    this.dayIndexOrigin = Date.UTC(firstYear, 0, 1);
    const indexDays = Math.ceil((Date.UTC(lastYear + 1, 0, 1) - this.dayIndexOrigin) / MS_PER_DAY) + 1;
    const dayIndex = new Int32Array(indexDays);
    let q = 0;
    for (let k = 0; k < indexDays; k++) {
      const dayStart = this.dayIndexOrigin + k * MS_PER_DAY;
      while (q < pieces && ends[q]! <= dayStart) q++;
      dayIndex[k] = q;
    }
    this.dayIndex = dayIndex;
    this.coverFrom = Date.UTC(firstYear, 0, 2);
    this.coverTo = Date.UTC(lastYear, 11, 31);
  }

  private buildYear(year: number): YearTable {
    const firstDay = Math.floor(Date.UTC(year, 0, 1) / MS_PER_DAY);
    const dayCount = Math.floor(Date.UTC(year + 1, 0, 1) / MS_PER_DAY) - firstDay;
    const offsets = offsetSegments(
      this.cal.timezone,
      Date.UTC(year, 0, 1) - 2 * MS_PER_DAY,
      Date.UTC(year + 1, 0, 1) + 2 * MS_PER_DAY,
    );
    const starts: number[] = [];
    const ends: number[] = [];
    const dayFirstPiece: number[] = [];
    for (let k = 0; k < dayCount; k++) {
      const day = firstDay + k;
      dayFirstPiece.push(starts.length);
      const pieces: [number, number][] = [];
      for (const iv of this.schedule.on(day).intervals) {
        const wallStart = day * MS_PER_DAY + iv.start * MS_PER_MINUTE;
        const wallEnd = day * MS_PER_DAY + iv.end * MS_PER_MINUTE;
        pieces.push(...wallRangeToInstants(offsets, wallStart, wallEnd));
      }
      // In a fall-back overlap the second pass of an early interval comes after the first pass of
      // a later one (01:00–01:15 shown twice around 01:30–01:45), so order the day's pieces.
      pieces.sort((a, b) => a[0] - b[0]);
      const dayFirst = starts.length;
      for (const [s, e] of pieces) {
        // Touching pieces of one day (12:00–13:00, 13:00–16:00) become one.
        if (starts.length > dayFirst && ends[ends.length - 1] === s) ends[ends.length - 1] = e;
        else {
          starts.push(s);
          ends.push(e);
        }
      }
    }
    dayFirstPiece.push(starts.length);
    return { firstDay, dayCount, starts, ends, dayFirstPiece, offsets };
  }
}
