import { z } from "zod";

// The calendar file format (seeds/calendars/*.json, DOMAIN.md section 4). Structural checks only;
// semantic checks that need the whole calendar (sorted, non-overlapping intervals) live in parseCalendar.

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

// The messages of the format's own checks, which parseCalendar gives a code by.
export const CLOCK_TIME_MESSAGE = 'expected a time "HH:MM" between 00:00 and 24:00';
export const ISO_DATE_MESSAGE = 'expected a date "YYYY-MM-DD"';
export const REAL_DATE_MESSAGE = "not a real calendar date";

const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, CLOCK_TIME_MESSAGE);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, ISO_DATE_MESSAGE)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, REAL_DATE_MESSAGE);

export const intervalSchema = z.tuple([clockTime, clockTime]);

// A weekday left out has no working hours.
export const weeklySchema = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(intervalSchema).optional()])) as Record<
    Weekday,
    z.ZodOptional<z.ZodArray<typeof intervalSchema>>
  >,
);

export const periodSchema = z.strictObject({
  name: z.string().min(1),
  from: isoDate,
  to: isoDate,
  weekly: weeklySchema,
});

export const HOLIDAY_KINDS = ["libur_nasional", "cuti_bersama", "libur_daerah", "lainnya"] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

export const holidaySchema = z.union([
  isoDate,
  z.strictObject({
    date: isoDate,
    name: z.string().min(1).optional(),
    kind: z.enum(HOLIDAY_KINDS).optional(),
  }),
]);

export const calendarFileSchema = z.strictObject({
  name: z.string().min(1),
  timezone: z.string().min(1),
  weekly: weeklySchema,
  periods: z.array(periodSchema).default([]),
  holidays: z.array(holidaySchema).default([]),
  dayRule: z.enum(["clock", "hours"]).optional(),
  dayLengthHours: z.number().positive().max(24).optional(),
});

export type CalendarFile = z.infer<typeof calendarFileSchema>;
export type WeeklyHours = z.infer<typeof weeklySchema>;
export type HolidayEntry = z.infer<typeof holidaySchema>;

export interface Holiday {
  date: string;
  name: string | null;
  kind: HolidayKind | null;
}

export function normalizeHoliday(entry: HolidayEntry): Holiday {
  return typeof entry === "string"
    ? { date: entry, name: null, kind: null }
    : { date: entry.date, name: entry.name ?? null, kind: entry.kind ?? null };
}
