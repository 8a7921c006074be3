import { type Calendar, parseCalendar } from "../../src/calendar/index.ts";

// The default Riau calendar of DOMAIN.md section 4, written out by hand for the tests (the seed file
// seeds/calendars/riau-wib.json is maintained apart and is not read here).

const mondayToThursday: [string, string][] = [
  ["07:30", "12:00"],
  ["13:00", "16:00"],
];
const friday: [string, string][] = [
  ["07:30", "11:30"],
  ["13:00", "16:30"],
];
const ramadanMondayToThursday: [string, string][] = [
  ["08:00", "12:00"],
  ["12:30", "15:00"],
];
const ramadanFriday: [string, string][] = [
  ["08:00", "12:00"],
  ["13:00", "15:30"],
];

export const RIAU_WEEKLY = {
  mon: mondayToThursday,
  tue: mondayToThursday,
  wed: mondayToThursday,
  thu: mondayToThursday,
  fri: friday,
};

const RAMADAN_WEEKLY = {
  mon: ramadanMondayToThursday,
  tue: ramadanMondayToThursday,
  wed: ramadanMondayToThursday,
  thu: ramadanMondayToThursday,
  fri: ramadanFriday,
};

// Weekday and weekend national holidays alike (a weekend one changes nothing, but is listed).
const LIBUR_NASIONAL = [
  "2024-01-01", "2024-02-08", "2024-02-14", "2024-03-11", "2024-03-29", "2024-04-10", "2024-04-11",
  "2024-05-01", "2024-05-09", "2024-05-23", "2024-06-17", "2024-09-16", "2024-11-27", "2024-12-25",
  "2024-02-10", "2024-03-31", "2024-06-01", "2024-07-07", "2024-08-17",
  "2025-01-01", "2025-01-27", "2025-01-29", "2025-03-31", "2025-04-01", "2025-04-18", "2025-05-01",
  "2025-05-12", "2025-05-29", "2025-06-06", "2025-06-27", "2025-09-05", "2025-12-25",
  "2025-03-29", "2025-04-20", "2025-06-01", "2025-08-17",
  "2026-01-01", "2026-01-16", "2026-02-17", "2026-03-19", "2026-04-03", "2026-05-01", "2026-05-14",
  "2026-05-27", "2026-06-01", "2026-06-16", "2026-08-17", "2026-08-25", "2026-12-25",
  "2026-03-21", "2026-03-22", "2026-04-05", "2026-05-31",
];

const CUTI_BERSAMA = [
  "2024-02-09", "2024-03-12", "2024-04-08", "2024-04-09", "2024-04-12", "2024-04-15", "2024-05-10",
  "2024-05-24", "2024-06-18", "2024-12-26",
  "2025-01-28", "2025-03-28", "2025-04-02", "2025-04-03", "2025-04-04", "2025-04-07", "2025-05-13",
  "2025-05-30", "2025-06-09", "2025-08-18", "2025-12-26",
  "2026-02-16", "2026-03-18", "2026-03-20", "2026-03-23", "2026-03-24", "2026-05-15", "2026-05-28",
  "2026-12-24",
];

const NAMES: Record<string, string> = { "2024-02-14": "Pemilu", "2024-11-27": "Pilkada" };

export const RIAU_FILE = {
  name: "Riau (WIB)",
  timezone: "Asia/Jakarta",
  weekly: RIAU_WEEKLY,
  periods: [
    { name: "Ramadan 2024", from: "2024-03-12", to: "2024-04-09", weekly: RAMADAN_WEEKLY },
    { name: "Ramadan 2025", from: "2025-03-01", to: "2025-03-30", weekly: RAMADAN_WEEKLY },
    { name: "Ramadan 2026", from: "2026-02-19", to: "2026-03-20", weekly: RAMADAN_WEEKLY },
  ],
  holidays: [
    ...LIBUR_NASIONAL.map((date) => ({ date, kind: "libur_nasional", ...(NAMES[date] ? { name: NAMES[date] } : {}) })),
    ...CUTI_BERSAMA.map((date) => ({ date, kind: "cuti_bersama" })),
  ].sort((a, b) => a.date.localeCompare(b.date)),
};

export const riau: Calendar = parseCalendar(RIAU_FILE);

/** The same calendar with dayRule "hours" (1 day = 7.5 working hours). */
export const riauHours: Calendar = parseCalendar({ ...RIAU_FILE, dayRule: "hours" });

/** "2026-01-09 15:00" read as WIB wall time (UTC+7, no DST). */
export function wib(local: string): Date {
  return new Date(`${local.replace(" ", "T")}:00+07:00`);
}

/** An instant shown as WIB wall time "YYYY-MM-DD HH:MM" (seconds dropped). */
export function showWib(d: Date): string {
  return new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

export const HOUR = 3600;
