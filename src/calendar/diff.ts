import { type CalendarFile, type Holiday, normalizeHoliday, WEEKDAYS, type Weekday, type WeeklyHours } from "./schema.ts";

// What changed between two versions of a calendar, for people to read on the calendar page.

type Intervals = [string, string][];
type Period = CalendarFile["periods"][number];

export interface CalendarDiff {
  settings: { field: "name" | "timezone" | "dayRule" | "dayLengthHours"; before: string; after: string }[];
  weekly: { day: Weekday; before: Intervals; after: Intervals }[];
  periodsAdded: Period[];
  periodsRemoved: Period[];
  /** Same name, other dates or hours. */
  periodsChanged: { before: Period; after: Period }[];
  holidaysAdded: Holiday[];
  holidaysRemoved: Holiday[];
  /** Same date, other name or kind. */
  holidaysChanged: { before: Holiday; after: Holiday }[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function weeklyChanges(before: WeeklyHours, after: WeeklyHours): CalendarDiff["weekly"] {
  return WEEKDAYS.flatMap((day) => {
    const b = before[day] ?? [];
    const a = after[day] ?? [];
    return same(a, b) ? [] : [{ day, before: b, after: a }];
  });
}

export function diffCalendars(before: CalendarFile, after: CalendarFile): CalendarDiff {
  const settings: CalendarDiff["settings"] = [];
  for (const field of ["name", "timezone", "dayRule", "dayLengthHours"] as const) {
    const b = String(before[field] ?? "");
    const a = String(after[field] ?? "");
    if (a !== b) settings.push({ field, before: b, after: a });
  }

  const periodsBefore = new Map(before.periods.map((p) => [p.name, p]));
  const periodsAfter = new Map(after.periods.map((p) => [p.name, p]));
  const periodsChanged: CalendarDiff["periodsChanged"] = [];
  for (const [name, a] of periodsAfter) {
    const b = periodsBefore.get(name);
    if (b && !same(a, b)) periodsChanged.push({ before: b, after: a });
  }

  const holidaysBefore = new Map(before.holidays.map(normalizeHoliday).map((h) => [h.date, h]));
  const holidaysAfter = new Map(after.holidays.map(normalizeHoliday).map((h) => [h.date, h]));
  const holidaysChanged: CalendarDiff["holidaysChanged"] = [];
  for (const [date, a] of holidaysAfter) {
    const b = holidaysBefore.get(date);
    if (b && (a.name !== b.name || a.kind !== b.kind)) holidaysChanged.push({ before: b, after: a });
  }
  const byDate = (x: Holiday, y: Holiday) => x.date.localeCompare(y.date);

  return {
    settings,
    weekly: weeklyChanges(before.weekly, after.weekly),
    periodsAdded: after.periods.filter((p) => !periodsBefore.has(p.name)),
    periodsRemoved: before.periods.filter((p) => !periodsAfter.has(p.name)),
    periodsChanged,
    holidaysAdded: [...holidaysAfter.values()].filter((h) => !holidaysBefore.has(h.date)).sort(byDate),
    holidaysRemoved: [...holidaysBefore.values()].filter((h) => !holidaysAfter.has(h.date)).sort(byDate),
    holidaysChanged: holidaysChanged.sort((x, y) => byDate(x.after, y.after)),
  };
}

export function isEmptyDiff(d: CalendarDiff): boolean {
  return (
    d.settings.length + d.weekly.length + d.periodsAdded.length + d.periodsRemoved.length + d.periodsChanged.length +
      d.holidaysAdded.length + d.holidaysRemoved.length + d.holidaysChanged.length ===
    0
  );
}
