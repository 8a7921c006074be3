import { describe, expect, it } from "vitest";
import { excelSerialToWall, parseTime } from "../../src/ingest/timestamps.ts";
import { zonedWallToInstant } from "../../src/ingest/zone.ts";

const ALL = ["iso", "dmy", "indonesian", "excel_serial"] as const;
const wall = (s: string) => Date.parse(`${s}Z`);

describe("parseTime", () => {
  it.each([
    ["2026-01-12", wall("2026-01-12T00:00:00"), null],
    ["2026-01-12 10:15:30", wall("2026-01-12T10:15:30"), null],
    ["2026-01-12T10:15", wall("2026-01-12T10:15:00"), null],
    ["2026-01-12T10:15:30.25+07:00", wall("2026-01-12T10:15:30.250"), 7 * 3_600_000],
    ["2026-01-12T03:15:30Z", wall("2026-01-12T03:15:30"), 0],
    ["12/01/2026 10:15", wall("2026-01-12T10:15:00"), null],
    ["12-01-2026", wall("2026-01-12T00:00:00"), null],
    ["12.01.2026 10.15.30 WITA", wall("2026-01-12T10:15:30"), 8 * 3_600_000],
    ["12 Januari 2026 10.15", wall("2026-01-12T10:15:00"), null],
    ["Senin, 12 Jan 2026 pukul 10:15 WIB", wall("2026-01-12T10:15:00"), 7 * 3_600_000],
    ["1 Agustus 2026", wall("2026-08-01T00:00:00"), null],
    ["46034.427083333336", wall("2026-01-12T10:15:00"), null],
  ])("reads %s", (text, expected, offset) => {
    expect(parseTime(text, ALL)).toEqual({ wall: expected, offset });
  });

  it.each(["31/02/2026", "2026-13-01", "29/02/2025 10:00", "12 Brumaire 2026", "0001-01-01 00:00:00", "2026-01-12 24:00:00", "besok", ""])(
    "refuses %j",
    (text) => expect(parseTime(text, ALL)).toBeNull(),
  );

  it("reads only the formats it is given; a Date cell is wall time, a number an Excel serial", () => {
    expect(parseTime("12/01/2026", ["iso"])).toBeNull();
    expect(parseTime(46034.5, ["iso"])).toBeNull();
    expect(parseTime(46034.5, ["excel_serial"])).toEqual({ wall: wall("2026-01-12T12:00:00"), offset: null });
    expect(parseTime(new Date(wall("2026-01-12T10:15:00")), ["iso"])).toEqual({ wall: wall("2026-01-12T10:15:00"), offset: null });
    expect(excelSerialToWall(0)).toBeNull();
  });
});

describe("zonedWallToInstant", () => {
  it("places wall time in the office's zone", () => {
    expect(new Date(zonedWallToInstant("Asia/Jakarta", wall("2026-01-12T10:15:00"))).toISOString()).toBe("2026-01-12T03:15:00.000Z");
    expect(new Date(zonedWallToInstant("Asia/Makassar", wall("2026-01-12T10:15:00"))).toISOString()).toBe("2026-01-12T02:15:00.000Z");
    expect(new Date(zonedWallToInstant("Asia/Jayapura", wall("2026-12-31T23:59:59"))).toISOString()).toBe("2026-12-31T14:59:59.000Z");
  });

  it("handles a zone with daylight saving: a skipped time gives the change, a repeated one the first", () => {
    expect(new Date(zonedWallToInstant("Europe/Berlin", wall("2026-03-29T02:30:00"))).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(new Date(zonedWallToInstant("Europe/Berlin", wall("2026-10-25T02:30:00"))).toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(new Date(zonedWallToInstant("Europe/Berlin", wall("2026-07-01T12:00:00"))).toISOString()).toBe("2026-07-01T10:00:00.000Z");
  });

  it("answers from its cache of the last stretch as the zone's offsets do, across changes and zones", () => {
    // The instant from Intl alone: the earliest instant whose wall time is `w` or later.
    const byIntl = (zone: string, w: number) => {
      const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
      const wallAt = (t: number) => {
        const p = Object.fromEntries(format.formatToParts(t).map((x) => [x.type, Number(x.value)]));
        return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
      };
      let t = w - 16 * 3_600_000;
      while (wallAt(t + 900_000) < w) t += 900_000;
      while (wallAt(t) < w) t += 60_000;
      return t;
    };
    // Minutes walked through spring-forward and fall-back hours (Lord Howe shifts by 30 minutes),
    // alternating zones so the cache is left and refilled.
    const cases: [string, string][] = [
      ["Europe/Berlin", "2026-03-29T01:00:00"],
      ["Europe/Berlin", "2026-10-25T01:30:00"],
      ["Australia/Lord_Howe", "2026-04-05T01:00:00"],
      ["America/Sao_Paulo", "2018-11-03T23:00:00"],
      ["Asia/Jakarta", "2026-12-31T22:00:00"],
    ];
    for (const [zone, from] of cases) {
      for (let m = 0; m < 240; m += 10) {
        const w = wall(from) + m * 60_000;
        expect(zonedWallToInstant(zone, w), `${zone} ${new Date(w).toISOString()}`).toBe(byIntl(zone, w));
        expect(zonedWallToInstant("Asia/Jakarta", w)).toBe(w - 7 * 3_600_000);
        expect(zonedWallToInstant(zone, w), `${zone} ${new Date(w).toISOString()} again`).toBe(byIntl(zone, w));
      }
    }
  });
});
