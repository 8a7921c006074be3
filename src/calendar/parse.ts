import type { z } from "zod";
import { CalendarError, type CalendarIssue, formatPath } from "./errors.ts";
import { calendarFileSchema, normalizeHoliday, type Holiday, WEEKDAYS, type WeeklyHours } from "./schema.ts";
import {
  type Calendar,
  type CalendarPeriod,
  DEFAULT_DAY_LENGTH_HOURS,
  DEFAULT_DAY_RULE,
  FIRST_YEAR,
  LAST_YEAR,
  type LocalInterval,
  type WeeklySchedule,
} from "./types.ts";
import { isKnownTimeZone, minutesOfClock } from "./zoned-time.ts";

/**
 * Validate a calendar file (the JSON of seeds/calendars/*.json) and build the Calendar the engine
 * computes with. Every problem is collected; a CalendarError lists them all with field paths.
 */
export function parseCalendar(input: unknown): Calendar {
  const parsed = calendarFileSchema.safeParse(input);
  if (!parsed.success) throw new CalendarError(parsed.error.issues.map(zodIssue));
  const file = parsed.data;
  const issues: CalendarIssue[] = [];

  if (!isKnownTimeZone(file.timezone)) {
    issues.push({ path: "timezone", message: `unknown time zone "${file.timezone}"` });
  }

  const weekly = checkWeekly(file.weekly, "weekly", issues);
  // Without weekly hours an addition could run on for ever. (Checked on the file, so that a day
  // whose only interval was refused above does not also raise this.)
  if (WEEKDAYS.every((d) => (file.weekly[d] ?? []).length === 0)) {
    issues.push({ path: "weekly", message: "no working hours on any day of the week" });
  }

  const periods: CalendarPeriod[] = file.periods.map((p, i) => {
    const path = `periods[${i}]`;
    if (p.to < p.from) issues.push({ path, message: `"to" before "from" (${p.from} to ${p.to})` });
    checkYear(p.from, `${path}.from`, issues);
    checkYear(p.to, `${path}.to`, issues);
    return { name: p.name, from: p.from, to: p.to, weekly: checkWeekly(p.weekly, `${path}.weekly`, issues) };
  });
  // Two periods on one date would leave it unclear whose hours apply.
  const order = periods.map((p, i) => ({ p, i })).sort((a, b) => a.p.from.localeCompare(b.p.from));
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]!;
    const cur = order[k]!;
    if (cur.p.from <= prev.p.to) {
      issues.push({
        path: `periods[${cur.i}]`,
        message: `overlaps periods[${prev.i}] ("${prev.p.name}", ${prev.p.from}..${prev.p.to})`,
      });
    }
  }

  const holidays = new Map<string, Holiday>();
  const firstIndex = new Map<string, number>();
  file.holidays.forEach((entry, i) => {
    const h = normalizeHoliday(entry);
    const seen = firstIndex.get(h.date);
    if (seen !== undefined) {
      issues.push({ path: `holidays[${i}]`, message: `${h.date} is already listed at holidays[${seen}]` });
      return;
    }
    checkYear(h.date, `holidays[${i}]`, issues);
    firstIndex.set(h.date, i);
    holidays.set(h.date, Object.freeze(h));
  });

  if (issues.length > 0) throw new CalendarError(issues);

  const dayRule = file.dayRule ?? DEFAULT_DAY_RULE;
  const dayLengthHours = file.dayLengthHours ?? DEFAULT_DAY_LENGTH_HOURS;
  return Object.freeze({
    name: file.name,
    timezone: file.timezone,
    weekly,
    periods: Object.freeze(order.map(({ p }) => Object.freeze(p))),
    holidays,
    dayRule,
    dayLengthHours,
    source: Object.freeze({ ...file, dayRule, dayLengthHours }),
  });
}

/** Intervals of each weekday: start before end, sorted, not overlapping (touching is fine). */
function checkWeekly(hours: WeeklyHours, path: string, issues: CalendarIssue[]): WeeklySchedule {
  const out = {} as Record<(typeof WEEKDAYS)[number], readonly LocalInterval[]>;
  for (const day of WEEKDAYS) {
    const list = hours[day] ?? [];
    const intervals: LocalInterval[] = [];
    let lastText = "";
    list.forEach(([from, to], i) => {
      const here = `${path}.${day}[${i}]`;
      const interval = { start: minutesOfClock(from), end: minutesOfClock(to) };
      if (interval.start >= interval.end) {
        issues.push({ path: here, message: `start ${from} is not before end ${to}` });
        return;
      }
      const prev = intervals[intervals.length - 1];
      if (prev) {
        const pair = `(${lastText} and ${from}–${to})`;
        if (interval.start < prev.start) {
          issues.push({ path: here, message: `intervals out of order ${pair}` });
          return;
        }
        if (interval.start < prev.end) {
          issues.push({ path: here, message: `intervals overlap ${pair}` });
          return;
        }
      }
      intervals.push(Object.freeze(interval));
      lastText = `${from}–${to}`;
    });
    out[day] = Object.freeze(intervals);
  }
  return Object.freeze(out);
}

function checkYear(isoDate: string, path: string, issues: CalendarIssue[]): void {
  const year = Number(isoDate.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    issues.push({ path, message: `${isoDate} is outside the years ${FIRST_YEAR}–${LAST_YEAR}` });
  }
}

function zodIssue(issue: z.core.$ZodIssue): CalendarIssue {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case "unrecognized_keys":
      return { path, message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}` };
    case "invalid_type":
      // Zod says "received undefined" for a missing field.
      return { path, message: /received undefined/.test(issue.message) ? "required" : issue.message };
    case "invalid_union":
      return path.startsWith("holidays[")
        ? { path, message: 'expected a date "YYYY-MM-DD" or an object { "date": "YYYY-MM-DD", "name"?, "kind"? }' }
        : { path, message: issue.message };
    default:
      return { path, message: issue.message };
  }
}
