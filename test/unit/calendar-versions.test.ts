import { describe, expect, it } from "vitest";
import { diffCalendars, isEmptyDiff } from "../../src/calendar/diff.ts";
import { workingSecondsBetween } from "../../src/calendar/index.ts";
import type { CalendarFile } from "../../src/calendar/schema.ts";
import { calendarFromVersions, composeCalendarVersions, versionInForce } from "../../src/calendar/versions.ts";

const HOUR = 3600;
const wib = (local: string) => new Date(`${local}:00+07:00`);

const riau: CalendarFile = {
  name: "Riau (WIB)",
  timezone: "Asia/Jakarta",
  weekly: {
    mon: [["07:30", "12:00"], ["13:00", "16:00"]],
    tue: [["07:30", "12:00"], ["13:00", "16:00"]],
    wed: [["07:30", "12:00"], ["13:00", "16:00"]],
    thu: [["07:30", "12:00"], ["13:00", "16:00"]],
    fri: [["07:30", "11:30"], ["13:00", "16:30"]],
  },
  periods: [],
  holidays: [{ date: "2027-01-01", name: "Tahun Baru Masehi", kind: "libur_nasional" }],
};

// From Monday 4 January 2027 the office works 08:00–16:00 without a break (8 h), and a decree adds
// Tuesday 5 January as cuti bersama.
const eightHours: CalendarFile = {
  ...riau,
  weekly: { mon: [["08:00", "16:00"]], tue: [["08:00", "16:00"]], wed: [["08:00", "16:00"]], thu: [["08:00", "16:00"]], fri: [["08:00", "16:00"]] },
  holidays: [...riau.holidays, { date: "2027-01-05", name: "Cuti Bersama", kind: "cuti_bersama" }],
};

describe("calendar versions", () => {
  it("counts old hours before a version's date and new hours from it", () => {
    const cal = calendarFromVersions([
      { version: 1, validFrom: null, definition: riau },
      { version: 2, validFrom: "2027-01-04", definition: eightHours },
    ]);
    // Thu 31 Dec: 7.5 h (old hours) · Fri 1 Jan: holiday · Mon 4 Jan: 8 h (new) · Tue 5 Jan: cuti
    // bersama · Wed 6 Jan: 8 h.
    expect(workingSecondsBetween(cal, wib("2026-12-31T00:00"), wib("2027-01-07T00:00"))).toBe(23.5 * HOUR);
    // Monday 28 December, before the change, keeps its lunch break.
    expect(workingSecondsBetween(cal, wib("2026-12-28T11:00"), wib("2026-12-28T14:00"))).toBe(2 * HOUR);
    expect(workingSecondsBetween(cal, wib("2027-01-04T11:00"), wib("2027-01-04T14:00"))).toBe(3 * HOUR);
  });

  it("takes holidays from the newest version for every date, past ones too", () => {
    // A correction that removes 1 January as a holiday and adds 30 December (dated before the version).
    const corrected: CalendarFile = { ...riau, holidays: [{ date: "2026-12-30", name: "Koreksi", kind: "lainnya" }] };
    const cal = calendarFromVersions([
      { version: 1, validFrom: null, definition: riau },
      { version: 2, validFrom: "2027-01-04", definition: corrected },
    ]);
    expect(workingSecondsBetween(cal, wib("2026-12-30T00:00"), wib("2026-12-31T00:00"))).toBe(0);
    expect(workingSecondsBetween(cal, wib("2027-01-01T00:00"), wib("2027-01-02T00:00"))).toBe(7.5 * HOUR);
  });

  it("clips an older version's period at the next version's date", () => {
    const special: CalendarFile = {
      ...riau,
      periods: [{ name: "Jam khusus", from: "2026-12-28", to: "2027-01-08", weekly: { mon: [["09:00", "12:00"]], tue: [["09:00", "12:00"]], wed: [["09:00", "12:00"]], thu: [["09:00", "12:00"]], fri: [["09:00", "12:00"]] } }],
    };
    const file = composeCalendarVersions([
      { validFrom: null, definition: special },
      { validFrom: "2027-01-04", definition: eightHours },
    ]);
    expect(file.periods.map((p) => [p.name, p.from, p.to])).toEqual([
      ["Riau (WIB) (jam kerja s.d. 2027-01-03)", "1900-01-01", "2026-12-27"],
      ["Jam khusus", "2026-12-28", "2027-01-03"],
    ]);
    const cal = calendarFromVersions([
      { version: 1, validFrom: null, definition: special },
      { version: 2, validFrom: "2027-01-04", definition: eightHours },
    ]);
    // Tue 29 Dec under the special hours (3 h); Thu 7 Jan under version 2 (8 h), though the period ran to 8 Jan.
    expect(workingSecondsBetween(cal, wib("2026-12-29T00:00"), wib("2026-12-30T00:00"))).toBe(3 * HOUR);
    expect(workingSecondsBetween(cal, wib("2027-01-07T00:00"), wib("2027-01-08T00:00"))).toBe(8 * HOUR);
  });

  it("is the single version when there is only one", () => {
    expect(composeCalendarVersions([{ validFrom: null, definition: riau }])).toBe(riau);
  });

  it("finds the version in force on a date", () => {
    const versions = [
      { version: 3, validFrom: "2027-06-01" },
      { version: 2, validFrom: "2027-01-04" },
      { version: 1, validFrom: null },
    ];
    expect(versionInForce(versions, "2027-01-03").version).toBe(1);
    expect(versionInForce(versions, "2027-01-04").version).toBe(2);
    expect(versionInForce(versions, "2027-05-31").version).toBe(2);
    expect(versionInForce(versions, "2030-01-01").version).toBe(3);
  });
});

describe("what changed between two calendar versions", () => {
  it("lists changed hours, added and removed holidays, renamed ones and periods", () => {
    const after: CalendarFile = {
      ...eightHours,
      holidays: [{ date: "2027-01-01", name: "Tahun Baru 2027", kind: "libur_nasional" }, { date: "2027-01-05", name: "Cuti Bersama", kind: "cuti_bersama" }],
      periods: [{ name: "Ramadan 1448 H", from: "2027-02-08", to: "2027-03-09", weekly: { mon: [["08:00", "15:00"]] } }],
    };
    const d = diffCalendars(riau, after);
    expect(d.weekly.map((w) => w.day)).toEqual(["mon", "tue", "wed", "thu", "fri"]);
    expect(d.weekly[4]).toEqual({ day: "fri", before: [["07:30", "11:30"], ["13:00", "16:30"]], after: [["08:00", "16:00"]] });
    expect(d.holidaysAdded.map((h) => h.date)).toEqual(["2027-01-05"]);
    expect(d.holidaysRemoved).toEqual([]);
    expect(d.holidaysChanged).toEqual([
      { before: { date: "2027-01-01", name: "Tahun Baru Masehi", kind: "libur_nasional" }, after: { date: "2027-01-01", name: "Tahun Baru 2027", kind: "libur_nasional" } },
    ]);
    expect(d.periodsAdded.map((p) => p.name)).toEqual(["Ramadan 1448 H"]);
    expect(isEmptyDiff(d)).toBe(false);
    expect(isEmptyDiff(diffCalendars(riau, riau))).toBe(true);
  });
});
