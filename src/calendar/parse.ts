import type { z } from "zod";
import { CalendarError, type CalendarIssue, calendarIssue, formatPath } from "./errors.ts";
import {
  calendarFileSchema,
  CLOCK_TIME_MESSAGE,
  ISO_DATE_MESSAGE,
  normalizeHoliday,
  type Holiday,
  REAL_DATE_MESSAGE,
  WEEKDAYS,
  type WeeklyHours,
} from "./schema.ts";
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
    issues.push(calendarIssue("timezone", { code: "unknownTimeZone", params: { zone: file.timezone } }, `unknown time zone "${file.timezone}"`));
  }

  const weekly = checkWeekly(file.weekly, "weekly", issues);
  // Without weekly hours an addition could run on for ever. (Checked on the file, so that a day
  // whose only interval was refused above does not also raise this.)
  if (WEEKDAYS.every((d) => (file.weekly[d] ?? []).length === 0)) {
    issues.push(calendarIssue("weekly", { code: "noWorkingHours", params: {} }, "no working hours on any day of the week"));
  }

  const periods: CalendarPeriod[] = file.periods.map((p, i) => {
    const path = `periods[${i}]`;
    if (p.to < p.from) {
      issues.push(calendarIssue(path, { code: "periodEndsBeforeStart", params: { from: p.from, to: p.to } }, `"to" before "from" (${p.from} to ${p.to})`));
    }
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
      issues.push(
        calendarIssue(
          `periods[${cur.i}]`,
          { code: "periodsOverlap", params: { index: prev.i, name: prev.p.name, from: prev.p.from, to: prev.p.to } },
          `overlaps periods[${prev.i}] ("${prev.p.name}", ${prev.p.from}..${prev.p.to})`,
        ),
      );
    }
  }

  const holidays = new Map<string, Holiday>();
  const firstIndex = new Map<string, number>();
  file.holidays.forEach((entry, i) => {
    const h = normalizeHoliday(entry);
    const seen = firstIndex.get(h.date);
    if (seen !== undefined) {
      issues.push(
        calendarIssue(`holidays[${i}]`, { code: "holidayDuplicate", params: { date: h.date, index: seen } }, `${h.date} is already listed at holidays[${seen}]`),
      );
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
        issues.push(calendarIssue(here, { code: "intervalStartNotBeforeEnd", params: { from, to } }, `start ${from} is not before end ${to}`));
        return;
      }
      const prev = intervals[intervals.length - 1];
      if (prev) {
        const params = { previous: lastText, current: `${from}–${to}` };
        const pair = `(${params.previous} and ${params.current})`;
        if (interval.start < prev.start) {
          issues.push(calendarIssue(here, { code: "intervalsOutOfOrder", params }, `intervals out of order ${pair}`));
          return;
        }
        if (interval.start < prev.end) {
          issues.push(calendarIssue(here, { code: "intervalsOverlap", params }, `intervals overlap ${pair}`));
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
    issues.push(
      calendarIssue(
        path,
        { code: "yearOutOfRange", params: { date: isoDate, first: FIRST_YEAR, last: LAST_YEAR } },
        `${isoDate} is outside the years ${FIRST_YEAR}–${LAST_YEAR}`,
      ),
    );
  }
}

// The format's problems, each with the code of its kind; the messages are zod's or the format's own.
function zodIssue(issue: z.core.$ZodIssue): CalendarIssue {
  const path = formatPath(issue.path);
  const invalid = (): CalendarIssue => calendarIssue(path, { code: "invalid", params: { detail: issue.message } }, issue.message);
  switch (issue.code) {
    case "unrecognized_keys": {
      const fields = issue.keys.map((k) => `"${k}"`).join(", ");
      return calendarIssue(
        path,
        { code: "unknownFields", params: { fields, count: issue.keys.length } },
        `unknown field${issue.keys.length > 1 ? "s" : ""} ${fields}`,
      );
    }
    case "invalid_type":
      // Zod says "received undefined" for a missing field.
      if (/received undefined/.test(issue.message)) return calendarIssue(path, { code: "required", params: {} }, "required");
      return calendarIssue(
        path,
        { code: "invalidType", params: { expected: issue.expected, received: /received (\S+)/.exec(issue.message)?.[1] ?? "" } },
        issue.message,
      );
    case "invalid_union":
      return path.startsWith("holidays[")
        ? calendarIssue(
            path,
            { code: "invalidHoliday", params: {} },
            'expected a date "YYYY-MM-DD" or an object { "date": "YYYY-MM-DD", "name"?, "kind"? }',
          )
        : invalid();
    case "invalid_format":
      if (issue.message === CLOCK_TIME_MESSAGE) return calendarIssue(path, { code: "clockFormat", params: {} }, issue.message);
      if (issue.message === ISO_DATE_MESSAGE) return calendarIssue(path, { code: "dateFormat", params: {} }, issue.message);
      return invalid();
    case "custom":
      return issue.message === REAL_DATE_MESSAGE ? calendarIssue(path, { code: "notRealDate", params: {} }, issue.message) : invalid();
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return calendarIssue(path, { code: "emptyText", params: {} }, issue.message);
      if (issue.origin === "number") {
        const minimum = Number(issue.minimum);
        return calendarIssue(path, issue.inclusive ? { code: "numberAtLeast", params: { minimum } } : { code: "numberAbove", params: { minimum } }, issue.message);
      }
      return invalid();
    case "too_big":
      if (issue.origin === "number") {
        const maximum = Number(issue.maximum);
        return calendarIssue(path, issue.inclusive ? { code: "numberAtMost", params: { maximum } } : { code: "numberBelow", params: { maximum } }, issue.message);
      }
      return invalid();
    case "invalid_value":
      return calendarIssue(
        path,
        { code: "invalidOption", params: { options: issue.values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join("|") } },
        issue.message,
      );
    default:
      return invalid();
  }
}
