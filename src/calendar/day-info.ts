import type { Holiday, Weekday } from "./schema.ts";
import { timelineOf } from "./timeline.ts";
import type { Calendar } from "./types.ts";
import { clockOfMinutes, dayNumberOf, isIsoDate, minutesOfClock, MS_PER_DAY, MS_PER_SECOND, weekdayOf } from "./zoned-time.ts";

// What a local date looks like in a calendar, for the calendar page.

/** "working": has working time; "holiday": listed as a holiday; "off": no hours that weekday. */
export type DayKind = "working" | "holiday" | "off";

export interface DayInfo {
  readonly date: string;
  readonly weekday: Weekday;
  readonly kind: DayKind;
  /** The day's working intervals as local "HH:MM" pairs; [] unless kind is "working". */
  readonly intervals: readonly (readonly [string, string])[];
  /** Working time of the day in seconds (differs from the intervals' sum on a DST change day). */
  readonly workingSeconds: number;
  /** The holiday entry of the date, if any (a weekend holiday is listed too). */
  readonly holiday: Holiday | null;
  /** Name of the period whose hours apply on the date, if any. */
  readonly period: string | null;
}

export function workingIntervalsOn(cal: Calendar, date: string): DayInfo {
  if (!isIsoDate(date)) throw new RangeError(`workingIntervalsOn: not a date "${date}"`);
  const day = dayNumberOf(date);
  const tl = timelineOf(cal);
  const { intervals, holiday, period } = tl.schedule.on(day);
  tl.cover(day * MS_PER_DAY, (day + 1) * MS_PER_DAY);
  const [first, end] = tl.piecesOfDay(day);
  let ms = 0;
  for (let i = first; i < end; i++) ms += tl.ends[i]! - tl.starts[i]!;
  const kind: DayKind = holiday ? "holiday" : ms > 0 ? "working" : "off";
  return {
    date,
    weekday: weekdayOf(day),
    kind,
    intervals: kind === "working" ? intervals.map((iv) => [clockOfMinutes(iv.start), clockOfMinutes(iv.end)] as const) : [],
    workingSeconds: ms / MS_PER_SECOND,
    holiday,
    period: period?.name ?? null,
  };
}

/**
 * When a local date's working time begins and ends, as instants (its first interval's start, its
 * last one's end); null on a day without working time (a weekend, a holiday).
 */
export function workingSpanOn(cal: Calendar, date: string): { opens: Date; closes: Date } | null {
  if (!isIsoDate(date)) throw new RangeError(`workingSpanOn: not a date "${date}"`);
  const day = dayNumberOf(date);
  const tl = timelineOf(cal);
  tl.cover(day * MS_PER_DAY, (day + 1) * MS_PER_DAY);
  const [first, end] = tl.piecesOfDay(day);
  return first < end ? { opens: new Date(tl.starts[first]!), closes: new Date(tl.ends[end - 1]!) } : null;
}

/** Hours in a list of "HH:MM" intervals as written in a calendar file (07:30–16:00 = 8.5). */
export function workingHoursOf(intervals: readonly (readonly [string, string])[]): number {
  let minutes = 0;
  for (const [from, to] of intervals) minutes += Math.max(0, minutesOfClock(to) - minutesOfClock(from));
  return minutes / 60;
}
