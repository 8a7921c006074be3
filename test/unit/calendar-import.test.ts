import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HolidayImportError, mergeHolidayImport } from "../../src/calendar/holiday-import.ts";
import { importIcs } from "../../src/calendar/import-ics.ts";
import { importSicantikKalender } from "../../src/ingest/sicantik-kalender.ts";
import type { CalendarFile } from "../../src/calendar/schema.ts";
import { parseDateOnly } from "../../src/ingest/dates.ts";
import { readRows, RowsError } from "../../src/ingest/read-rows.ts";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/calendar/${name}`, import.meta.url), "utf8");

describe("dates as offices write them", () => {
  it.each([
    ["2026-01-01", "2026-01-01"],
    ["2026-01-01 00:00:00", "2026-01-01"],
    ["01/02/2026", "2026-02-01"],
    ["1-2-2026", "2026-02-01"],
    ["12 Januari 2026", "2026-01-12"],
    ["Kamis, 24 Desember 2026", "2026-12-24"],
    ["17 Agt 2027", "2027-08-17"],
  ])("%s is %s", (text, iso) => expect(parseDateOnly(text)).toBe(iso));

  it.each(["31/02/2027", "2027-13-01", "12 Brumaire 2027", "besok", ""])("%s is no date", (text) => {
    expect(parseDateOnly(text)).toBeNull();
  });
});

describe("iCalendar holidays", () => {
  const imported = importIcs(fixture("libur-2027.ics"), { fileName: "libur-2027.ics", kind: "libur_nasional", until: "2028-12-31" });

  it("reads all-day events, multi-day ones day by day, and names cuti bersama as such", () => {
    expect(imported.holidays.map((h) => [h.date, h.kind])).toEqual([
      ["2026-12-25", "libur_nasional"],
      ["2027-01-01", "libur_nasional"],
      ["2027-03-10", "libur_nasional"],
      ["2027-03-11", "libur_nasional"],
      ["2027-03-12", "cuti_bersama"],
      ["2027-04-15", "libur_nasional"],
      ["2027-12-25", "libur_nasional"],
      ["2028-12-25", "libur_nasional"],
    ]);
    expect(imported.holidays.find((h) => h.date === "2027-03-11")?.name).toBe("Hari Raya Idul Fitri 1448 H");
  });

  it("expands a yearly event only up to the date asked", () => {
    const short = importIcs(fixture("libur-2027.ics"), { fileName: "x.ics", kind: "libur_nasional", until: "2027-06-30" });
    expect(short.holidays.filter((h) => h.name === "Hari Raya Natal").map((h) => h.date)).toEqual(["2026-12-25"]);
  });

  it("refuses a file that is not iCalendar, naming it", () => {
    expect(() => importIcs("hello", { fileName: "bad.ics", kind: "libur_nasional", until: "2027-12-31" })).toThrow(HolidayImportError);
    expect(() => importIcs("hello", { fileName: "bad.ics", kind: "libur_nasional", until: "2027-12-31" })).toThrow(/^bad\.ics: not an iCalendar file/);
    expect(() => importIcs("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", { fileName: "empty.ics", kind: "libur_nasional", until: "2027-12-31" })).toThrow(
      "empty.ics: no events (VEVENT) found",
    );
  });
});

describe("SiCantik kalender exports", () => {
  it("reads a semicolon CSV: date rows, weekday rows, and names every row it skips", () => {
    const r = importSicantikKalender(readRows(fixture("sicantik-kalender.csv"), "kalender.csv"), { fileName: "kalender.csv", kind: "libur_nasional" });
    expect(r.holidays).toEqual([
      { date: "2027-01-01", name: "Tahun Baru Masehi", kind: "libur_nasional" },
      { date: "2027-03-12", name: "Cuti Bersama Idul Fitri", kind: "cuti_bersama" },
      { date: "2027-08-17", name: "Hari Kemerdekaan RI", kind: "libur_nasional" },
    ]);
    expect(r.closedWeekdays).toEqual(["sat", "sun"]);
    expect(r.warnings).toEqual([
      'kalender.csv: row 6, tgl: "31/02/2027" is not a date, skipped',
      "kalender.csv: row 7: neither tgl nor hari, skipped",
    ]);
  });

  it("reads a Template Data JSON response (rows under data.data)", () => {
    const r = importSicantikKalender(readRows(fixture("sicantik-kalender.json"), "kalender.json"), { fileName: "kalender.json", kind: "libur_nasional" });
    expect(r.holidays).toEqual([
      { date: "2026-12-24", name: "Cuti Bersama Natal", kind: "cuti_bersama" },
      { date: "2027-04-15", name: "HUT Kabupaten Kampar", kind: "libur_daerah" },
    ]);
  });

  it("refuses a file without a date or weekday column, naming the columns it looked for", () => {
    expect(() => importSicantikKalender(readRows("a,b\n1,2\n", "x.csv"), { fileName: "x.csv", kind: "libur_nasional" })).toThrow(
      /^x\.csv: no date column \(tanggal, tgl/,
    );
    expect(() => readRows('{"data": 5}', "y.json")).toThrow(RowsError);
  });
});

describe("merging an import into a calendar", () => {
  const cal: CalendarFile = {
    name: "Riau (WIB)",
    timezone: "Asia/Jakarta",
    weekly: { mon: [["07:30", "16:00"]], sat: [["08:00", "12:00"]] },
    periods: [],
    holidays: [{ date: "2027-01-01", name: "Tahun Baru", kind: "libur_nasional" }],
  };

  it("adds new dates, keeps the calendar's own entries, and closes weekdays that had hours", () => {
    const m = mergeHolidayImport(cal, {
      holidays: [
        { date: "2027-01-01", name: "New Year", kind: "lainnya" },
        { date: "2027-03-12", name: "Cuti Bersama Idul Fitri", kind: "cuti_bersama" },
      ],
      closedWeekdays: ["sat", "sun"],
      warnings: [],
    });
    expect(m.added.map((h) => h.date)).toEqual(["2027-03-12"]);
    expect(m.alreadyThere.map((h) => h.date)).toEqual(["2027-01-01"]);
    expect(m.closed).toEqual(["sat"]);
    expect(m.definition.holidays).toEqual([
      { date: "2027-01-01", name: "Tahun Baru", kind: "libur_nasional" },
      { date: "2027-03-12", name: "Cuti Bersama Idul Fitri", kind: "cuti_bersama" },
    ]);
    expect(m.definition.weekly.sat).toEqual([]);
    expect(m.definition.weekly.mon).toEqual([["07:30", "16:00"]]);
  });
});
