import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { calendarFileSchema, normalizeHoliday, type WeeklyHours } from "../../src/calendar/schema.ts";

// seeds/calendars/riau-wib.json against the lists of DOMAIN.md section 4, copied here by hand.

const calendar = calendarFileSchema.parse(
  JSON.parse(readFileSync(new URL("../../seeds/calendars/riau-wib.json", import.meta.url), "utf8")),
);
const holidays = calendar.holidays.map(normalizeHoliday);

// DOMAIN.md section 4: libur nasional on weekdays, libur nasional on weekends, cuti bersama.
const DOMAIN: Record<number, { weekday: string[]; weekend: string[]; cuti: string[] }> = {
  2024: {
    weekday: ["01-01", "02-08", "02-14", "03-11", "03-29", "04-10", "04-11", "05-01", "05-09", "05-23", "06-17", "09-16", "11-27", "12-25"],
    weekend: ["02-10", "03-31", "06-01", "07-07", "08-17"],
    cuti: ["02-09", "03-12", "04-08", "04-09", "04-12", "04-15", "05-10", "05-24", "06-18", "12-26"],
  },
  2025: {
    weekday: ["01-01", "01-27", "01-29", "03-31", "04-01", "04-18", "05-01", "05-12", "05-29", "06-06", "06-27", "09-05", "12-25"],
    weekend: ["03-29", "04-20", "06-01", "08-17"],
    cuti: ["01-28", "03-28", "04-02", "04-03", "04-04", "04-07", "05-13", "05-30", "06-09", "08-18", "12-26"],
  },
  2026: {
    weekday: ["01-01", "01-16", "02-17", "03-19", "04-03", "05-01", "05-14", "05-27", "06-01", "06-16", "08-17", "08-25", "12-25"],
    weekend: ["03-21", "03-22", "04-05", "05-31"],
    cuti: ["02-16", "03-18", "03-20", "03-23", "03-24", "05-15", "05-28", "12-24"],
  },
};

// Counted from DOMAIN.md: [libur nasional on weekdays, on weekends, cuti bersama].
const COUNTS: Record<number, [number, number, number]> = {
  2024: [14, 5, 10],
  2025: [13, 4, 11],
  2026: [13, 4, 8],
};

const dayOfWeek = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay(); // 0 = Sunday
const isWeekend = (iso: string): boolean => [0, 6].includes(dayOfWeek(iso));
const dates = (year: number, mmdd: string[]): string[] => mmdd.map((d) => `${year}-${d}`);
const ofYearAndKind = (year: number, kind: string): string[] =>
  holidays.filter((h) => h.date.startsWith(`${year}-`) && h.kind === kind).map((h) => h.date);

const hours = (monThu: Array<[string, string]>, fri: Array<[string, string]>): WeeklyHours => ({
  mon: monThu,
  tue: monThu,
  wed: monThu,
  thu: monThu,
  fri,
  sat: [],
  sun: [],
});

describe("seeds/calendars/riau-wib.json", () => {
  it("is the Riau calendar in WIB with the usual hours", () => {
    expect(calendar.name).toBe("Riau (WIB)");
    expect(calendar.timezone).toBe("Asia/Jakarta");
    expect(calendar.weekly).toEqual(
      hours(
        [["07:30", "12:00"], ["13:00", "16:00"]],
        [["07:30", "11:30"], ["13:00", "16:30"]],
      ),
    );
  });

  it("has the three Ramadan periods with their hours", () => {
    const ramadan = hours(
      [["08:00", "12:00"], ["12:30", "15:00"]],
      [["08:00", "12:00"], ["13:00", "15:30"]],
    );
    expect(calendar.periods).toEqual([
      { name: "Ramadan 1445 H", from: "2024-03-12", to: "2024-04-09", weekly: ramadan },
      { name: "Ramadan 1446 H", from: "2025-03-01", to: "2025-03-30", weekly: ramadan },
      { name: "Ramadan 1447 H", from: "2026-02-19", to: "2026-03-20", weekly: ramadan },
    ]);
  });

  it("lists every holiday once, sorted, each with a name and a kind", () => {
    const all = holidays.map((h) => h.date);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...all].sort());
    for (const h of holidays) {
      expect(h.name, h.date).toBeTruthy();
      expect(["libur_nasional", "cuti_bersama"], h.date).toContain(h.kind);
    }
    expect(holidays.every((h) => /^202[456]-/.test(h.date))).toBe(true);
  });

  describe.each([2024, 2025, 2026])("%i", (year) => {
    const domain = DOMAIN[year]!;
    const [weekdayCount, weekendCount, cutiCount] = COUNTS[year]!;

    it("has DOMAIN.md's libur nasional and cuti bersama, no more, no fewer", () => {
      expect(domain.weekday).toHaveLength(weekdayCount);
      expect(domain.weekend).toHaveLength(weekendCount);
      expect(domain.cuti).toHaveLength(cutiCount);
      expect(ofYearAndKind(year, "libur_nasional")).toEqual(
        dates(year, [...domain.weekday, ...domain.weekend]).sort(),
      );
      expect(ofYearAndKind(year, "cuti_bersama")).toEqual(dates(year, domain.cuti));
    });

    it("keeps DOMAIN.md's weekday/weekend classification", () => {
      for (const d of dates(year, domain.weekday)) expect(isWeekend(d), d).toBe(false);
      for (const d of dates(year, domain.weekend)) expect(isWeekend(d), d).toBe(true);
      for (const d of dates(year, domain.cuti)) expect(isWeekend(d), d).toBe(false);
    });
  });

  it("marks the cuti bersama added in August 2025", () => {
    expect(holidays.find((h) => h.date === "2025-08-18")).toEqual({
      date: "2025-08-18",
      name: "Cuti Bersama HUT RI (ditetapkan Agustus 2025)",
      kind: "cuti_bersama",
    });
  });
});
