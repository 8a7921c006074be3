// Mutu Baku working-time engine: pure functions of a parsed calendar (no I/O). See docs/sla-time.md.

export { parseCalendar } from "./parse.ts";
export {
  CALENDAR_ISSUE_CODES,
  CalendarError,
  type CalendarIssue,
  type CalendarIssueCode,
  type CalendarIssueDetail,
  type CalendarIssueParams,
} from "./errors.ts";
export type { Calendar, CalendarPeriod, DayRule, LocalInterval, WeeklySchedule } from "./types.ts";
export {
  addWorkingDays,
  addWorkingSeconds,
  dueAt,
  nextWorkingInstant,
  type Standard,
  type StandardUnit,
  workingSecondsBetween,
} from "./arithmetic.ts";
export { formatWorkingDuration, type Lang } from "./format.ts";
export { type DayInfo, type DayKind, workingHoursOf, workingIntervalsOn, workingSpanOn } from "./day-info.ts";
export { dayOfWeek, localDate } from "./zoned-time.ts";
