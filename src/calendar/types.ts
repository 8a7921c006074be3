import type { CalendarFile, Holiday, Weekday } from "./schema.ts";

// The validated, normalised calendar that the engine computes with. Made by parseCalendar only,
// and frozen, so the working-time table memoised for it can never go stale.

export type DayRule = "clock" | "hours";

/** A working interval of a local day in minutes after midnight, start < end ≤ 1440 (24:00). */
export interface LocalInterval {
  readonly start: number;
  readonly end: number;
}

/** Working intervals per weekday, sorted and disjoint; a weekday with [] has no hours. */
export type WeeklySchedule = Readonly<Record<Weekday, readonly LocalInterval[]>>;

/** Hours that replace the weekly ones from `from` to `to`, both dates included. */
export interface CalendarPeriod {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly weekly: WeeklySchedule;
}

export interface Calendar {
  readonly name: string;
  /** IANA zone of every clock time and date in the calendar, e.g. "Asia/Jakarta". */
  readonly timezone: string;
  readonly weekly: WeeklySchedule;
  /** Sorted by date; they never overlap. */
  readonly periods: readonly CalendarPeriod[];
  /** Whole days without working time, by "YYYY-MM-DD". */
  readonly holidays: ReadonlyMap<string, Holiday>;
  /** How a standard in days is counted (DOMAIN.md section 5, rule 3). */
  readonly dayRule: DayRule;
  /** Working hours in one day: for dayRule "hours", for fractions of a day, and for display. */
  readonly dayLengthHours: number;
  /** The file it was parsed from, with defaults filled in. */
  readonly source: CalendarFile;
}

export const DEFAULT_DAY_RULE: DayRule = "clock";
export const DEFAULT_DAY_LENGTH_HOURS = 7.5;

/** Years the engine computes for; instants and dates outside are refused. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;
