import { describe, expect, it } from "vitest";
import { isoWithOffset } from "../../src/calendar/iso-offset.ts";

describe("instants with the office's offset", () => {
  it.each([
    ["2026-03-02T01:10:00Z", "Asia/Jakarta", "2026-03-02T08:10:00+07:00"],
    ["2026-03-02T01:10:00Z", "Asia/Makassar", "2026-03-02T09:10:00+08:00"],
    ["2026-12-31T20:00:00Z", "Asia/Jayapura", "2027-01-01T05:00:00+09:00"],
    ["2026-07-01T12:00:00Z", "America/New_York", "2026-07-01T08:00:00-04:00"],
  ])("%s in %s is %s", (utc, zone, expected) => {
    const s = isoWithOffset(new Date(utc), zone);
    expect(s).toBe(expected);
    expect(new Date(s).toISOString()).toBe(new Date(utc).toISOString());
  });
});
