import { timelineOf, type Timeline } from "./timeline.ts";
import type { Calendar } from "./types.ts";
import { MS_PER_DAY, MS_PER_SECOND } from "./zoned-time.ts";

// Working-time arithmetic (DOMAIN.md section 5, rules 2 and 3). Working time is the set of
// instants at which the office's wall clock shows a time inside a working interval of that local
// date. Everything here is a few lookups and binary searches in the calendar's precomputed table.

export type StandardUnit = "minute" | "hour" | "day";

/** A time standard as an SOP states it: "30 Menit", "1 Jam", "4 Hari". */
export interface Standard {
  readonly value: number;
  readonly unit: StandardUnit;
}

function instantOf(d: Date, what: string): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${what}: invalid Date`);
  return t;
}

function checkAmount(n: number, what: string): void {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${what} must be a finite number >= 0, got ${n}`);
}

/** Length in seconds of [start, end) inside working time; 0 when end <= start. */
export function workingSecondsBetween(cal: Calendar, start: Date, end: Date): number {
  const a = start.getTime();
  const b = end.getTime();
  if (!(b > a)) {
    instantOf(start, "workingSecondsBetween start");
    instantOf(end, "workingSecondsBetween end");
    return 0;
  }
  return timelineOf(cal).secondsBetween(a, b);
}

/**
 * The earliest instant T >= start with `seconds` of working time in [start, T). So an addition that
 * exactly fills a working interval ends at its close (16:00), not at the next opening; a start
 * outside hours in effect snaps to the next opening; and 0 seconds gives `start` unchanged.
 * Seconds are rounded to whole milliseconds.
 */
export function addWorkingSeconds(cal: Calendar, start: Date, seconds: number): Date {
  const a = instantOf(start, "addWorkingSeconds start");
  checkAmount(seconds, "addWorkingSeconds seconds");
  const ms = Math.round(seconds * MS_PER_SECOND);
  if (ms === 0) return new Date(a);
  const tl = timelineOf(cal);
  tl.cover(a, a);
  for (;;) {
    const t = tl.instantAtCum(tl.cumAt(a) + ms);
    if (t !== null) return new Date(t);
    tl.extendForward();
  }
}

/**
 * The first instant >= `at` inside working time: `at` itself while the office is open, else its
 * next opening (holidays and periods included). What waits for office hours waits until then.
 */
export function nextWorkingInstant(cal: Calendar, at: Date): Date {
  const a = instantOf(at, "nextWorkingInstant at");
  const tl = timelineOf(cal);
  tl.cover(a, a);
  let piece: number | null;
  while ((piece = tl.pieceAtOrAfter(a)) === null) tl.extendForward();
  return new Date(Math.max(a, tl.starts[piece]!));
}

/**
 * Add whole working days. dayRule "clock" (default): snap a start outside working time to the next
 * opening, then take the same local clock time on the n-th following day that has working time;
 * a clock time before that day's opening becomes the opening, one after its close the close, and
 * one in a break stays as it is. dayRule "hours": n × dayLengthHours of
 * working time. 0 days gives `start` unchanged.
 */
export function addWorkingDays(cal: Calendar, start: Date, days: number): Date {
  const a = instantOf(start, "addWorkingDays start");
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`addWorkingDays days must be a whole number >= 0, got ${days}`);
  if (days === 0) return new Date(a);
  if (cal.dayRule === "hours") return addWorkingSeconds(cal, start, days * cal.dayLengthHours * 3600);
  return new Date(sameClockOnWorkingDay(timelineOf(cal), a, days));
}

function sameClockOnWorkingDay(tl: Timeline, a: number, days: number): number {
  tl.cover(a, a);
  let piece: number | null;
  while ((piece = tl.pieceAtOrAfter(a)) === null) tl.extendForward();
  const snapped = Math.max(a, tl.starts[piece]!);
  const day = tl.dayOfPiece(piece);
  const clock = tl.wallOf(snapped, day) - day * MS_PER_DAY;

  let due: number | null;
  while ((due = tl.nthWorkingDayAfter(day, days)) === null) tl.extendForward();
  const t = tl.instantOfWall(due * MS_PER_DAY + clock, due);

  // Clamp into the due day's working hours: before its opening → the opening; past its close →
  // the close. A clock time inside a break stays as it is (DOMAIN.md rule 3).
  const [first, end] = tl.piecesOfDay(due);
  return Math.min(Math.max(t, tl.starts[first]!), tl.ends[end - 1]!);
}

/**
 * The due instant of a standard from `start`: minutes and hours as working time; days by
 * addWorkingDays. A fractional number of days under dayRule "clock" is whole days by the clock
 * rule, then the fraction × dayLengthHours as working time (1.5 days = 1 day, then 3 h 45 min
 * for a 7.5-hour day).
 */
export function dueAt(cal: Calendar, start: Date, standard: Standard): Date {
  const { value, unit } = standard;
  checkAmount(value, "dueAt standard value");
  switch (unit) {
    case "minute":
      return addWorkingSeconds(cal, start, value * 60);
    case "hour":
      return addWorkingSeconds(cal, start, value * 3600);
    case "day": {
      if (cal.dayRule === "hours") return addWorkingSeconds(cal, start, value * cal.dayLengthHours * 3600);
      const whole = Math.floor(value);
      const fraction = value - whole;
      const afterWhole = addWorkingDays(cal, start, whole);
      return fraction > 0 ? addWorkingSeconds(cal, afterWhole, fraction * cal.dayLengthHours * 3600) : afterWhole;
    }
    default: {
      const never: never = unit;
      throw new RangeError(`dueAt: unknown unit "${String(never)}"`);
    }
  }
}
