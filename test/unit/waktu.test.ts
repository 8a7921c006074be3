import { describe, it, expect } from "vitest";
import type { TimeStandard, WaktuAlternative } from "../../src/sop/schema.ts";
import { formatStandard, parseWaktu, type WaktuResult } from "../../src/sop/waktu.ts";

const min = (value: number): TimeStandard => ({ value, unit: "minute" });
const hour = (value: number): TimeStandard => ({ value, unit: "hour" });
const day = (value: number): TimeStandard => ({ value, unit: "day" });

const read = (text: string, standard: TimeStandard, lower: TimeStandard | null = null): WaktuResult => ({
  text,
  standard,
  lower,
  alternatives: [],
  needsChoice: false,
  warning: null,
  issue: null,
});

describe("parseWaktu", () => {
  const single: Array<[string, TimeStandard]> = [
    ["30 Menit", min(30)],
    ["30menit", min(30)],
    ["5 menit", min(5)],
    ["15 MENIT", min(15)],
    ["10 mnt", min(10)],
    ["1 Jam", hour(1)],
    ["2jam", hour(2)],
    ["4 Hari", day(4)],
    ["7 Hari", day(7)],
    ["3hari", day(3)],
    ["1 hari", day(1)],
    ["2 hari kerja", day(2)],
    ["2 Hari Kerja", day(2)],
    ["2harikerja", day(2)],
    ["2 HK", day(2)],
    ["2hk", day(2)],
    ["1 (satu) hari", day(1)],
    ["2 (dua) hari kerja", day(2)],
    ["14 (empat belas) Hari Kerja", day(14)],
    ["1,5 jam", hour(1.5)],
    ["1.5 jam", hour(1.5)],
    ["0,5 hari", day(0.5)],
    ["paling lama 3 hari", day(3)],
    ["Maksimal 2 hari kerja", day(2)],
    ["maks. 30 menit", min(30)],
    ["30 Menit.", min(30)],
  ];
  it.each(single)("reads %j", (text, standard) => {
    expect(parseWaktu(text)).toEqual(read(text, standard));
  });

  it("keeps the text trimmed and single-spaced", () => {
    expect(parseWaktu("  20   menit  ")).toEqual(read("20 menit", min(20)));
    expect(parseWaktu("1\u00a0Jam")).toEqual(read("1 Jam", hour(1)));
    expect(parseWaktu("2 Hari  Kerja")).toEqual(read("2 Hari Kerja", day(2)));
  });

  const ranges: Array<[string, TimeStandard, TimeStandard]> = [
    ["1-3 hari", day(3), day(1)],
    ["1 - 3 hari", day(3), day(1)],
    ["1 – 3 hari", day(3), day(1)],
    ["1—3 hari kerja", day(3), day(1)],
    ["1 s.d. 3 hari", day(3), day(1)],
    ["1 s.d 3 hari", day(3), day(1)],
    ["1 s/d 3 hari", day(3), day(1)],
    ["1 sd 3 hari", day(3), day(1)],
    ["1 sampai 3 hari", day(3), day(1)],
    ["1 sampai dengan 3 hari", day(3), day(1)],
    ["2 hingga 5 HK", day(5), day(2)],
    ["10-30 menit", min(30), min(10)],
    ["30 menit - 1 jam", hour(1), min(30)],
    ["1 jam - 2 hari", day(2), hour(1)],
    ["3 - 3 hari", day(3), day(3)],
  ];
  it.each(ranges)("reads the range %j: the upper bound is the standard, the lower bound is kept", (text, standard, lower) => {
    expect(parseWaktu(text)).toEqual(read(text, standard, lower));
  });

  const alternatives: Array<[string, WaktuAlternative[]]> = [
    [
      "7 hari dengan bupati; 2 hari dengan Kadin",
      [
        { condition: "dengan bupati", standard: day(7) },
        { condition: "dengan Kadin", standard: day(2) },
      ],
    ],
    [
      "Kadin: 2 hari; Bupati: 7 hari kerja",
      [
        { condition: "Kadin", standard: day(2) },
        { condition: "Bupati", standard: day(7) },
      ],
    ],
    [
      "1 jam (tanpa peninjauan) atau 3 hari (dengan peninjauan)",
      [
        { condition: "tanpa peninjauan", standard: hour(1) },
        { condition: "dengan peninjauan", standard: day(3) },
      ],
    ],
    [
      "30 menit jika lengkap / 1-2 hari jika perlu rekomendasi",
      [
        { condition: "jika lengkap", standard: min(30) },
        { condition: "jika perlu rekomendasi", standard: day(2) },
      ],
    ],
  ];
  it.each(alternatives)("keeps the alternatives of %j and leaves the choice to a person", (text, expected) => {
    expect(parseWaktu(text)).toEqual({ text, standard: null, lower: null, alternatives: expected, needsChoice: true, warning: null, issue: null });
  });

  const empty: Array<string | null> = [null, "", "   ", "\t"];
  it.each(empty)("treats %j as no standard, without a warning", (text) => {
    expect(parseWaktu(text)).toEqual({ text: null, standard: null, lower: null, alternatives: [], needsChoice: false, warning: null, issue: null });
  });

  const unreadable = [
    "abc",
    "menit",
    "-5 menit",
    "0 menit",
    "00 hari",
    "0-3 hari",
    "5",
    "5 minggu",
    "2 bulan",
    "14 hari kalender",
    "hari 2",
    "30 menit lagi",
    "30 menit / 1 jam", // two standards, but no condition to choose by
    "7 hari dengan bupati; segera",
    "1 Jam 30 Menit",
    "3-1 hari",
    "2 hari - 3 jam",
    "1..3 hari",
    "± 30 menit",
    "segera",
  ];
  it.each(unreadable)("refuses %j with a warning naming it, never a zero", (text) => {
    const r = parseWaktu(text);
    expect(r.standard).toBeNull();
    expect(r.alternatives).toEqual([]);
    expect(r.needsChoice).toBe(false);
    expect(r.text).toBe(text);
    expect(r.warning).toContain(`"${text}"`);
    expect(r.issue?.params).toEqual({ text });
  });

  it("says why a range is refused when it runs backwards", () => {
    expect(parseWaktu("3-1 hari").warning).toMatch(/lower bound exceeds/);
    expect(parseWaktu("3-1 hari").issue).toEqual({ code: "waktuRangeBackwards", params: { text: "3-1 hari" } });
    expect(parseWaktu("0 menit").warning).toMatch(/not a positive time/);
    expect(parseWaktu("0 menit").issue).toEqual({ code: "waktuNotPositive", params: { text: "0 menit" } });
    expect(parseWaktu("segera").issue).toEqual({ code: "waktuUnrecognised", params: { text: "segera" } });
  });
});

describe("formatStandard", () => {
  const cases: Array<[TimeStandard, string, string]> = [
    [min(30), "30 menit", "30 min"],
    [hour(1), "1 jam", "1 h"],
    [hour(1.5), "1,5 jam", "1.5 h"],
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
