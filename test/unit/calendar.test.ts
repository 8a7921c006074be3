import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  addWorkingSeconds,
  dayOfWeek,
  dueAt,
  formatWorkingDuration,
  localDate,
  parseCalendar,
  workingHoursOf,
  workingIntervalsOn,
  workingSecondsBetween,
} from "../../src/calendar/index.ts";
import { offsetAt } from "../../src/calendar/zoned-time.ts";
import { HOUR, riau, riauHours, showWib, wib } from "./calendar-fixtures.ts";

// Worked examples on the default Riau calendar (DOMAIN.md section 4), every expected value counted
// by hand in the comment beside it. docs/sla-time.md repeats exactly these examples.
//
// Hours: Mon–Thu 07:30–12:00 + 13:00–16:00 (4.5 h + 3 h = 7.5 h); Fri 07:30–11:30 + 13:00–16:30
// (4 h + 3.5 h = 7.5 h). Ramadan 2026 (02-19..03-20): Mon–Thu 08:00–12:00 + 12:30–15:00 (6.5 h),
// Fri 08:00–12:00 + 13:00–15:30 (6.5 h). 2026-01-01 is a Thursday.

const between = (from: string, to: string) => workingSecondsBetween(riau, wib(from), wib(to));

describe("workingSecondsBetween on the Riau calendar", () => {
  it("across a weekend", () => {
    // Fri 01-09 15:00–16:30 = 1.5 h; Sat, Sun none; Mon 01-12 07:30–09:00 = 1.5 h → 3 h.
    expect(between("2026-01-09 15:00", "2026-01-12 09:00")).toBe(3 * HOUR);
  });

  it("the Friday break is 11:30–13:00, Monday–Thursday's is 12:00–13:00", () => {
    // Fri 01-09: 11:00–11:30 = 0.5 h, break, 13:00–13:30 = 0.5 h → 1 h.
    expect(between("2026-01-09 11:00", "2026-01-09 13:30")).toBe(1 * HOUR);
    // Thu 01-08: 11:00–12:00 = 1 h, break, 13:00–13:30 = 0.5 h → 1.5 h.
    expect(between("2026-01-08 11:00", "2026-01-08 13:30")).toBe(1.5 * HOUR);
  });

  it("Ramadan hours", () => {
    // Mon 03-02 (Ramadan): 08:00–12:00 = 4 h + 12:30–15:00 = 2.5 h → 6.5 h.
    expect(between("2026-03-02 07:00", "2026-03-02 16:00")).toBe(6.5 * HOUR);
    // Fri 03-06 (Ramadan): 08:00–12:00 = 4 h + 13:00–15:30 = 2.5 h → 6.5 h.
    expect(between("2026-03-06 07:00", "2026-03-06 17:00")).toBe(6.5 * HOUR);
    // An ordinary Monday, 01-12: 07:30–12:00 = 4.5 h + 13:00–16:00 = 3 h → 7.5 h.
    expect(between("2026-01-12 07:00", "2026-01-12 17:00")).toBe(7.5 * HOUR);
  });

  it("cuti bersama and libur around Idul Fitri 2026", () => {
    // Tue 03-17 (Ramadan) 14:00–15:00 = 1 h; Wed 03-18 cuti, Thu 03-19 libur, Fri 03-20 cuti,
    // Sat–Sun, Mon 03-23 and Tue 03-24 cuti; Wed 03-25 (ordinary hours) 07:30–09:00 = 1.5 h → 2.5 h.
    expect(between("2026-03-17 14:00", "2026-03-25 09:00")).toBe(2.5 * HOUR);
    // Wed 05-13 15:00–16:00 = 1 h; Thu 05-14 libur, Fri 05-15 cuti, weekend; Mon 05-18 07:30–08:00
    // = 0.5 h → 1.5 h.
    expect(between("2026-05-13 15:00", "2026-05-18 08:00")).toBe(1.5 * HOUR);
  });

  it("across the year boundary", () => {
    // Wed 2025-12-31 10:00–12:00 = 2 h + 13:00–16:00 = 3 h; Thu 2026-01-01 libur;
    // Fri 01-02 07:30–10:00 = 2.5 h → 7.5 h.
    expect(between("2025-12-31 10:00", "2026-01-02 10:00")).toBe(7.5 * HOUR);
  });

  it("a start before opening and a start after closing", () => {
    // Mon 01-12 06:00 → 08:00: only 07:30–08:00 counts → 0.5 h.
    expect(between("2026-01-12 06:00", "2026-01-12 08:00")).toBe(0.5 * HOUR);
    // Mon 01-12 17:00 → Tue 01-13 08:00: only Tue 07:30–08:00 counts → 0.5 h.
    expect(between("2026-01-12 17:00", "2026-01-13 08:00")).toBe(0.5 * HOUR);
  });

  it("is 0 when the end is not after the start", () => {
    expect(between("2026-01-12 10:00", "2026-01-12 10:00")).toBe(0);
    expect(between("2026-01-12 11:00", "2026-01-12 10:00")).toBe(0);
  });
});

describe("addWorkingSeconds on the Riau calendar", () => {
  const add = (from: string, seconds: number) => showWib(addWorkingSeconds(riau, wib(from), seconds));

  it("an addition that exactly fills the day ends at 16:00 the same day", () => {
    // Mon 01-12 07:30 + 7.5 h: 4.5 h to 12:00, 3 h from 13:00 → 16:00 (not Tue 07:30).
    expect(add("2026-01-12 07:30", 7.5 * HOUR)).toBe("2026-01-12 16:00");
    // Mon 01-12 13:00 + 3 h → 16:00.
    expect(add("2026-01-12 13:00", 3 * HOUR)).toBe("2026-01-12 16:00");
  });

  it("a start outside hours counts from the next opening", () => {
    // Mon 01-12 06:00 + 1 h: from 07:30 → 08:30.
    expect(add("2026-01-12 06:00", 1 * HOUR)).toBe("2026-01-12 08:30");
    // Mon 01-12 17:00 + 1 h: from Tue 07:30 → Tue 08:30.
    expect(add("2026-01-12 17:00", 1 * HOUR)).toBe("2026-01-13 08:30");
  });

  it("0 seconds returns the start unchanged, even outside hours", () => {
    expect(add("2026-01-10 10:00", 0)).toBe("2026-01-10 10:00");
  });
});

describe("addWorkingDays and dueAt (rule 3)", () => {
  const due = (from: string, value: number, unit: "minute" | "hour" | "day", cal = riau) =>
    showWib(dueAt(cal, wib(from), { value, unit }));

  it('"4 Hari" from Thu 2026-05-21 10:00', () => {
    // Working days after Thu 05-21: Fri 05-22 (1), Mon 05-25 (2), Tue 05-26 (3), Wed 05-27 libur,
    // Thu 05-28 cuti, Fri 05-29 (4) → Fri 05-29 at the same clock time, 10:00.
    expect(due("2026-05-21 10:00", 4, "day")).toBe("2026-05-29 10:00");
    expect(showWib(addWorkingDays(riau, wib("2026-05-21 10:00"), 4))).toBe("2026-05-29 10:00");
  });

  it('"2 hari kerja" from Mon 2026-03-16 14:00', () => {
    // Tue 03-17 (1); 03-18 cuti, 03-19 libur, 03-20 cuti, weekend, 03-23 and 03-24 cuti;
    // Wed 03-25 (2) → 14:00, inside 13:00–16:00.
    expect(due("2026-03-16 14:00", 2, "day")).toBe("2026-03-25 14:00");
  });

  it("across the year boundary", () => {
    // Wed 2025-12-31 10:00 + 1 day: Thu 01-01 libur → Fri 2026-01-02 10:00.
    expect(due("2025-12-31 10:00", 1, "day")).toBe("2026-01-02 10:00");
  });

  it("a clock time past the due day's close means its close", () => {
    // Fri 01-09 16:15 (Friday closes 16:30) + 1 day → Mon 01-12 16:15, past Monday's 16:00 close → 16:00.
    expect(due("2026-01-09 16:15", 1, "day")).toBe("2026-01-12 16:00");
  });

  it("a clock time before the due day's opening means its opening", () => {
    // Wed 02-18 07:45 + 1 day → Thu 02-19, the first day of Ramadan, which opens at 08:00 → 08:00.
    expect(due("2026-02-18 07:45", 1, "day")).toBe("2026-02-19 08:00");
  });

  it("a clock time in the due day's break stays as it is (Friday's break)", () => {
    // Thu 01-08 11:45 + 1 day → Fri 01-09 11:45, inside Friday's 11:30–13:00 break: kept.
    expect(due("2026-01-08 11:45", 1, "day")).toBe("2026-01-09 11:45");
    // Thu 2025-06-12 11:45 + 1 day → Fri 06-13 11:45 (the example).
    expect(due("2025-06-12 11:45", 1, "day")).toBe("2025-06-13 11:45");
  });

  it("a clock time in the due day's break stays as it is (Monday's break)", () => {
    // Tue 2026-03-17 12:45 is Ramadan working time (its break is 12:00–12:30). + 4 days: 03-18
    // cuti, 03-19 libur, 03-20 cuti, weekend, 03-23 and 03-24 cuti; Wed 03-25 (1), Thu 03-26 (2),
    // Fri 03-27 (3), Mon 03-30 (4) → 12:45, inside Monday's ordinary 12:00–13:00 break: kept.
    expect(due("2026-03-17 12:45", 4, "day")).toBe("2026-03-30 12:45");
  });
  it("a start outside hours snaps to the next opening first", () => {
    // Sat 01-10 09:00 snaps to Mon 01-12 07:30; + 1 day → Tue 01-13 07:30.
    expect(due("2026-01-10 09:00", 1, "day")).toBe("2026-01-13 07:30");
    // Thu 01-08 12:30 (break) snaps to 13:00; + 1 day → Fri 01-09 13:00.
    expect(due("2026-01-08 12:30", 1, "day")).toBe("2026-01-09 13:00");
  });

  it('dayRule "hours": a day is 7.5 h of working time', () => {
    // Fri 01-09 16:15 + 7.5 h: 16:15–16:30 = 0.25 h, then 7.25 h from Mon 07:30: 4.5 h to 12:00,
    // 2.75 h from 13:00 → Mon 01-12 15:45 (the clock rule gives 16:00 above).
    expect(due("2026-01-09 16:15", 1, "day", riauHours)).toBe("2026-01-12 15:45");
    // Thu 05-21 10:00 + 30 h: Thu 5 h, Fri 7.5 h, Mon 7.5 h, Tue 7.5 h (27.5 h), Wed libur,
    // Thu cuti, Fri 05-29 07:30 + 2.5 h → 10:00 (the same as the clock rule: every day is 7.5 h).
    expect(due("2026-05-21 10:00", 4, "day", riauHours)).toBe("2026-05-29 10:00");
  });

  it("a fractional number of days: whole days by the clock, the rest as working time", () => {
    // Mon 01-12 10:00 + 1 day → Tue 01-13 10:00; + 0.5 × 7.5 h = 3.75 h: 10:00–12:00 = 2 h,
    // 1.75 h from 13:00 → Tue 01-13 14:45.
    expect(due("2026-01-12 10:00", 1.5, "day")).toBe("2026-01-13 14:45");
  });

  it("minutes and hours are working time", () => {
    // Fri 01-09 16:15 + 30 min: 15 min to 16:30, 15 min from Mon 07:30 → Mon 01-12 07:45.
    expect(due("2026-01-09 16:15", 30, "minute")).toBe("2026-01-12 07:45");
    // Mon 01-12 13:00 + 3 h → 16:00 the same day.
    expect(due("2026-01-12 13:00", 3, "hour")).toBe("2026-01-12 16:00");
  });

  it("0 days returns the start unchanged", () => {
    expect(showWib(addWorkingDays(riau, wib("2026-01-10 09:00"), 0))).toBe("2026-01-10 09:00");
  });

  it("refuses negative and fractional day counts", () => {
    expect(() => addWorkingDays(riau, wib("2026-01-12 09:00"), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(riau, wib("2026-01-12 09:00"), 1.5)).toThrow(RangeError);
    expect(() => addWorkingSeconds(riau, wib("2026-01-12 09:00"), -1)).toThrow(RangeError);
  });
});

describe("formatWorkingDuration", () => {
  it("days of 7.5 h, hours and minutes, zero parts left out", () => {
    // 2 × 7.5 h + 3 h + 15 min = 15 h + 3 h + 0.25 h = 18.25 h = 65 700 s.
    expect(formatWorkingDuration(riau, 65_700, "id")).toBe("2 hari 3 jam 15 menit");
    expect(formatWorkingDuration(riau, 65_700, "en")).toBe("2 days 3 h 15 min");
    // 7.5 h is exactly one day.
    expect(formatWorkingDuration(riau, 7.5 * HOUR, "id")).toBe("1 hari");
    expect(formatWorkingDuration(riau, 7.5 * HOUR, "en")).toBe("1 day");
    // 8 h = 1 day + 30 min.
    expect(formatWorkingDuration(riau, 8 * HOUR, "id")).toBe("1 hari 30 menit");
    expect(formatWorkingDuration(riau, 2 * HOUR, "en")).toBe("2 h");
  });

  it('"0 menit" for zero, rounding down to minutes', () => {
    expect(formatWorkingDuration(riau, 0, "id")).toBe("0 menit");
    expect(formatWorkingDuration(riau, 59, "en")).toBe("0 min");
    expect(formatWorkingDuration(riau, 119, "id")).toBe("1 menit");
  });
});

describe("workingIntervalsOn", () => {
  it("a Ramadan Monday", () => {
    expect(workingIntervalsOn(riau, "2026-03-02")).toEqual({
      date: "2026-03-02",
      weekday: "mon",
      kind: "working",
      intervals: [
        ["08:00", "12:00"],
        ["12:30", "15:00"],
      ],
      workingSeconds: 6.5 * HOUR,
      holiday: null,
      period: "Ramadan 2026",
    });
  });

  it("a holiday, a named one, and a weekend day", () => {
    const idulAdha = workingIntervalsOn(riau, "2026-05-27");
    expect(idulAdha.kind).toBe("holiday");
    expect(idulAdha.intervals).toEqual([]);
    expect(idulAdha.holiday?.kind).toBe("libur_nasional");
    expect(workingIntervalsOn(riau, "2024-02-14").holiday?.name).toBe("Pemilu");
    const saturday = workingIntervalsOn(riau, "2026-01-10");
    expect(saturday.kind).toBe("off");
    expect(saturday.workingSeconds).toBe(0);
  });

  it("small helpers for pages", () => {
    expect(workingHoursOf([
      ["07:30", "12:00"],
      ["13:00", "16:00"],
    ])).toBe(7.5);
    expect(dayOfWeek("2026-01-10")).toBe(6); // Saturday
    expect(localDate(new Date("2026-01-01T17:30:00Z"), "Asia/Jakarta")).toBe("2026-01-02"); // 00:30 WIB
  });
});

describe("other zones", () => {
  it("WITA: the same hours at UTC+8", () => {
    const makassar = parseCalendar({ name: "WITA", timezone: "Asia/Makassar", weekly: { mon: [["07:30", "16:00"]] } });
    // Mon 2026-01-12 07:30 WITA = 2026-01-11 23:30 UTC; + 8.5 h → 16:00 WITA = 08:00 UTC.
    expect(addWorkingSeconds(makassar, new Date("2026-01-11T23:30:00Z"), 8.5 * HOUR).toISOString()).toBe(
      "2026-01-12T08:00:00.000Z",
    );
  });

  // Working time is the set of instants whose local wall clock shows a working time of that local
  // date, so an interval over a spring-forward gap is shortened and one over a fall-back overlap
  // (the hour shown twice) is lengthened.
  it("Europe/Amsterdam: DST gap shortens, overlap lengthens", () => {
    const nightly = parseCalendar({ name: "night", timezone: "Europe/Amsterdam", weekly: { sun: [["01:00", "04:00"]] } });
    const sunday = (date: string) => workingIntervalsOn(nightly, date).workingSeconds;
    expect(sunday("2026-03-22")).toBe(3 * HOUR); // ordinary Sunday
    expect(sunday("2026-03-29")).toBe(2 * HOUR); // 02:00 → 03:00 skipped
    expect(sunday("2026-10-25")).toBe(4 * HOUR); // 02:00–03:00 shown twice
    // 01:00 CET = 00:00 UTC; 04:00 CEST = 02:00 UTC.
    expect(
      workingSecondsBetween(nightly, new Date("2026-03-28T12:00:00Z"), new Date("2026-03-29T12:00:00Z")),
    ).toBe(2 * HOUR);
    // 01:00 CET + 1.5 h: 1 h up to the 02:00 jump, then 30 min from 03:00 CEST → 03:30 CEST
    // = 01:30 UTC.
    expect(addWorkingSeconds(nightly, new Date("2026-03-29T00:00:00Z"), 1.5 * HOUR).toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
  });

  it("America/New_York: intervals inside the repeated hour count twice", () => {
    const night = parseCalendar({ name: "night", timezone: "America/New_York", weekly: { sun: [["00:00", "01:15"], ["01:30", "01:45"]] } });
    // An ordinary Sunday: 1 h 15 min + 15 min = 1.5 h.
    expect(workingIntervalsOn(night, "2026-10-25").workingSeconds).toBe(1.5 * HOUR);
    // Sun 2026-11-01, 02:00 EDT → 01:00 EST: 00:00–01:15 EDT, then 01:00–01:15 EST again (+15 min);
    // 01:30–01:45 both in EDT and in EST (+15 min) → 2 h.
    expect(workingIntervalsOn(night, "2026-11-01").workingSeconds).toBe(2 * HOUR);
  });

  it("America/New_York: office hours are untouched by the night-time change", () => {
    const ny = parseCalendar({
      name: "NY",
      timezone: "America/New_York",
      weekly: { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], wed: [["09:00", "17:00"]], thu: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] },
    });
    // Fri 2026-03-06 16:00 EST (21:00 UTC) → Mon 03-09 10:00 EDT (14:00 UTC): 1 h + 1 h = 2 h,
    // though 65 hours of UTC time passed, not 66.
    expect(workingSecondsBetween(ny, new Date("2026-03-06T21:00:00Z"), new Date("2026-03-09T14:00:00Z"))).toBe(2 * HOUR);
    // Clock rule across the change: Fri 03-06 10:00 EST + 1 day → Mon 03-09 10:00 EDT = 14:00 UTC.
    expect(addWorkingDays(ny, new Date("2026-03-06T15:00:00Z"), 1).toISOString()).toBe("2026-03-09T14:00:00.000Z");
    // Fall back on Sun 11-01: Fri 10-30 10:00 EDT (14:00 UTC) + 1 day → Mon 11-02 10:00 EST = 15:00 UTC.
    expect(addWorkingDays(ny, new Date("2026-10-30T14:00:00Z"), 1).toISOString()).toBe("2026-11-02T15:00:00.000Z");
  });
});

describe("offsetAt", () => {
  // The offset straight from Intl, as the cache must give it.
  const intlOffset = (timeZone: string, instant: number) => {
    const whole = Math.floor(instant / 1000) * 1000;
    const f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    const p = Object.fromEntries(f.formatToParts(whole).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - whole;
  };

  it.each([
    // Lord Howe moves by 30 minutes at 02:00 local, a half hour of UTC; Kathmandu moved to +05:45 at
    // 1986-01-01 00:00 local (18:15 UTC); Jakarta's 1924 change was from +07:07:12; Amsterdam and
    // New York change on the UTC hour.
    ["Australia/Lord_Howe", "2026-04-04T14:00:00Z"],
    ["Australia/Lord_Howe", "2026-10-03T15:00:00Z"],
    ["Asia/Kathmandu", "1985-12-31T18:00:00Z"],
    ["Asia/Jakarta", "1923-12-31T16:00:00Z"],
    ["Europe/Amsterdam", "2026-03-29T00:00:00Z"],
    ["America/New_York", "2026-11-01T05:00:00Z"],
  ])("%s around %s agrees with Intl to the second, asked in any order", (zone, around) => {
    const base = new Date(around).getTime() - 2 * HOUR * 1000;
    // Every 7 seconds over 4 hours, backwards and then forwards, so cached hours are asked again.
    const instants = Array.from({ length: (4 * 3600) / 7 }, (_, i) => base + i * 7_000);
    for (const t of [...instants].reverse().concat(instants)) expect(offsetAt(zone, t)).toBe(intlOffset(zone, t));
  });
});
