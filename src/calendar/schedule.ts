import type { Holiday } from "./schema.ts";
import type { Calendar, CalendarPeriod, LocalInterval } from "./types.ts";
import { dayNumberOf, weekdayOf } from "./zoned-time.ts";

// Which hours apply on a local date: a holiday has none; else the hours of the period covering the
// date (a weekday the period leaves out has none); else the weekly hours.

export interface DaySchedule {
  readonly intervals: readonly LocalInterval[];
  readonly holiday: Holiday | null;
  readonly period: CalendarPeriod | null;
}

interface PeriodDays {
  readonly fromDay: number;
  readonly toDay: number;
  readonly period: CalendarPeriod;
}

export class Schedule {
  private readonly holidays = new Map<number, Holiday>();
  private readonly periods: readonly PeriodDays[];

  constructor(private readonly cal: Calendar) {
    for (const [date, h] of cal.holidays) this.holidays.set(dayNumberOf(date), h);
    this.periods = cal.periods.map((p) => ({ fromDay: dayNumberOf(p.from), toDay: dayNumberOf(p.to), period: p }));
  }

  on(day: number): DaySchedule {
    const period = this.periodOn(day);
    const holiday = this.holidays.get(day) ?? null;
    const weekly = period ? period.weekly : this.cal.weekly;
    return { intervals: holiday ? [] : weekly[weekdayOf(day)], holiday, period };
  }

  private periodOn(day: number): CalendarPeriod | null {
    // Periods are sorted and disjoint; calendars have a handful, so a scan is enough.
    for (const p of this.periods) {
      if (day < p.fromDay) return null;
      if (day <= p.toDay) return p.period;
    }
    return null;
  }
}
