import { describe, it, expect } from "vitest";
import type { TimeStandard } from "../../src/sop/schema.ts";
import { formatStandard, parseWaktu } from "../../src/sop/waktu.ts";

const min = (value: number): TimeStandard => ({ value, unit: "minute" });
const hour = (value: number): TimeStandard => ({ value, unit: "hour" });
const day = (value: number): TimeStandard => ({ value, unit: "day" });

describe("parseWaktu", () => {
  const readable: Array<[string, TimeStandard]> = [
    ["30 Menit", min(30)],
    ["30menit", min(30)],
    ["5 menit", min(5)],
    ["15 MENIT", min(15)],
    ["10 mnt", min(10)],
    ["  20   menit  ", min(20)],
    ["1 Jam", hour(1)],
    ["2jam", hour(2)],
    ["4 Hari", day(4)],
    ["7 Hari", day(7)],
    ["3hari", day(3)],
    ["1 hari", day(1)],
    ["2 hari kerja", day(2)],
    ["2 Hari  Kerja", day(2)],
    ["2harikerja", day(2)],
    ["2 HK", day(2)],
    ["2hk", day(2)],
    ["1 (satu) hari", day(1)],
    ["2 (dua) hari kerja", day(2)],
    ["14 (empat belas) Hari Kerja", day(14)],
    ["1\u00a0Jam", hour(1)],
  ];
  it.each(readable)("reads %j", (text, standard) => {
    expect(parseWaktu(text)).toEqual({ standard, warning: null });
  });

  const empty: Array<string | null> = [null, "", "   ", "\t"];
  it.each(empty)("treats %j as no standard, without a warning", (text) => {
    expect(parseWaktu(text)).toEqual({ standard: null, warning: null });
  });

  const unreadable = ["abc", "menit", "-5 menit", "0 menit", "00 hari", "5", "5 minggu", "hari 2", "30 menit lagi"];
  it.each(unreadable)("refuses %j with a warning naming it", (text) => {
    const { standard, warning } = parseWaktu(text);
    expect(standard).toBeNull();
    expect(warning).toContain(`"${text}"`);
  });

  // Not read yet (ranges, alternatives, fractions): refused with a warning rather than guessed.
  const notYet = ["1-3 hari", "1 s/d 3 hari", "30 menit / 1 jam", "1,5 jam"];
  it.each(notYet)("does not read %j yet and says so", (text) => {
    const { standard, warning } = parseWaktu(text);
    expect(standard).toBeNull();
    expect(warning).toContain(`"${text}"`);
  });
});

describe("formatStandard", () => {
  const cases: Array<[TimeStandard, string, string]> = [
    [min(30), "30 menit", "30 min"],
    [hour(1), "1 jam", "1 h"],
    [day(1), "1 hari", "1 day"],
    [day(4), "4 hari", "4 days"],
  ];
  it.each(cases)("formats %j", (s, id, en) => {
    expect(formatStandard(s, "id")).toBe(id);
    expect(formatStandard(s, "en")).toBe(en);
  });

  it("round-trips through parseWaktu in Indonesian", () => {
    for (const [s] of cases) expect(parseWaktu(formatStandard(s, "id")).standard).toEqual(s);
  });
});
