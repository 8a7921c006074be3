import { describe, expect, it } from "vitest";
import { CalendarError, type CalendarIssue, parseCalendar } from "../../src/calendar/index.ts";

// Bad calendar files are refused with a CalendarError whose issues name the field at fault.

const base = {
  name: "Test",
  timezone: "Asia/Jakarta",
  weekly: { mon: [["07:30", "12:00"], ["13:00", "16:00"]] },
};

function issuesOf(input: unknown): CalendarIssue[] {
  try {
    parseCalendar(input);
  } catch (e) {
    expect(e).toBeInstanceOf(CalendarError);
    return [...(e as CalendarError).issues];
  }
  throw new Error("expected a CalendarError");
}

const lines = (input: unknown) => issuesOf(input).map((i) => `${i.path}: ${i.message}`);

describe("parseCalendar errors", () => {
  it("accepts the minimal calendar and fills in defaults", () => {
    const cal = parseCalendar(base);
    expect(cal.dayRule).toBe("clock");
    expect(cal.dayLengthHours).toBe(7.5);
    expect(cal.weekly.tue).toEqual([]);
    expect(cal.weekly.mon).toEqual([{ start: 450, end: 720 }, { start: 780, end: 960 }]);
  });

  it("accepts 24:00 as an end and touching intervals", () => {
    expect(() => parseCalendar({ ...base, weekly: { sat: [["00:00", "12:00"], ["12:00", "24:00"]] } })).not.toThrow();
  });

  it("overlapping intervals", () => {
    expect(lines({ ...base, weekly: { mon: [["07:30", "12:00"], ["12:00", "13:00"], ["12:30", "15:00"]] } })).toEqual([
      "weekly.mon[2]: intervals overlap (12:00–13:00 and 12:30–15:00)",
    ]);
  });

  it("intervals out of order", () => {
    expect(lines({ ...base, weekly: { tue: [["13:00", "16:00"], ["07:30", "12:00"]] } })).toEqual([
      "weekly.tue[1]: intervals out of order (13:00–16:00 and 07:30–12:00)",
    ]);
  });

  it("an interval that ends before it starts", () => {
    expect(lines({ ...base, weekly: { wed: [["16:00", "07:30"]], mon: [["07:30", "07:30"]] } })).toEqual([
      "weekly.mon[0]: start 07:30 is not before end 07:30",
      "weekly.wed[0]: start 16:00 is not before end 07:30",
    ]);
  });

  it("a malformed clock time", () => {
    expect(lines({ ...base, weekly: { mon: [["7:30", "24:30"]] } })).toEqual([
      'weekly.mon[0][0]: expected a time "HH:MM" between 00:00 and 24:00',
      'weekly.mon[0][1]: expected a time "HH:MM" between 00:00 and 24:00',
    ]);
  });

  it("an unknown time zone", () => {
    expect(lines({ ...base, timezone: "Asia/Jakartaa" })).toEqual(['timezone: unknown time zone "Asia/Jakartaa"']);
  });

  it("a holiday that is not a real date, or not a date at all", () => {
    expect(lines({ ...base, holidays: ["2026-01-01", "2026-05-27", { date: "2026-05-28" }, "2026-02-30"] })).toEqual([
      "holidays[3]: not a real calendar date",
    ]);
    expect(lines({ ...base, holidays: [{ date: "2026-13-01", kind: "cuti_bersama" }] })).toEqual([
      "holidays[0].date: not a real calendar date",
    ]);
    expect(lines({ ...base, holidays: [20260101] })).toEqual([
      'holidays[0]: expected a date "YYYY-MM-DD" or an object { "date": "YYYY-MM-DD", "name"?, "kind"? }',
    ]);
  });

  it("a holiday listed twice", () => {
    expect(lines({ ...base, holidays: ["2026-05-27", { date: "2026-05-27", kind: "libur_nasional" }] })).toEqual([
      "holidays[1]: 2026-05-27 is already listed at holidays[0]",
    ]);
  });

  it('a period whose "to" is before its "from"', () => {
    const period = { name: "Ramadan", from: "2026-03-20", to: "2026-02-19", weekly: {} };
    expect(lines({ ...base, periods: [period] })).toEqual(['periods[0]: "to" before "from" (2026-03-20 to 2026-02-19)']);
  });

  it("overlapping periods", () => {
    const a = { name: "Ramadan 2026", from: "2026-02-19", to: "2026-03-20", weekly: {} };
    const b = { name: "Short hours", from: "2026-03-20", to: "2026-03-31", weekly: {} };
    expect(lines({ ...base, periods: [b, a] })).toEqual(['periods[0]: overlaps periods[1] ("Ramadan 2026", 2026-02-19..2026-03-20)']);
  });

  it("bad hours inside a period", () => {
    const period = { name: "Ramadan", from: "2026-02-19", to: "2026-03-20", weekly: { fri: [["08:00", "12:00"], ["11:00", "15:30"]] } };
    expect(lines({ ...base, periods: [period] })).toEqual([
      "periods[0].weekly.fri[1]: intervals overlap (08:00–12:00 and 11:00–15:30)",
    ]);
  });

  it("a week without any working hours", () => {
    expect(lines({ ...base, weekly: {} })).toEqual(["weekly: no working hours on any day of the week"]);
  });

  it("missing and unknown fields, bad day settings", () => {
    expect(lines({ name: "X", weekly: { mon: [], monday: [] }, dayRule: "sun", dayLengthHours: 0 })).toEqual([
      "timezone: required",
      'weekly: unknown field "monday"',
      expect.stringMatching(/^dayRule: /),
      expect.stringMatching(/^dayLengthHours: /),
    ]);
  });

  it("dates outside the supported years", () => {
    expect(lines({ ...base, holidays: ["1800-01-01"] })).toEqual(["holidays[0]: 1800-01-01 is outside the years 1900–2199"]);
  });

  it("reports every problem at once, and says so in the message", () => {
    const input = {
      ...base,
      timezone: "Mars/Olympus",
      weekly: { mon: [["12:00", "13:00"], ["12:30", "15:00"]] },
      periods: [{ name: "P", from: "2026-03-01", to: "2026-02-01", weekly: {} }],
    };
    expect(issuesOf(input).map((i) => i.path)).toEqual(["timezone", "weekly.mon[1]", "periods[0]"]);
    expect(() => parseCalendar(input)).toThrow(/3 problems/);
  });

  it("refuses things that are not calendars", () => {
    expect(lines(null)).toEqual([expect.stringMatching(/^: /)]);
    expect(lines("riau-wib")).toHaveLength(1);
  });
});
