import { describe, expect, it } from "vitest";
import { importPastedHolidays } from "../../src/calendar/holiday-paste.ts";

describe("a year's SKB list pasted as text", () => {
  it("reads the decree's lines: weekday names, numbering, ranges, headings and cuti bersama", () => {
    const text = [
      "Libur Nasional Tahun 2027",
      "1. Jumat, 1 Januari 2027: Tahun Baru 2027 Masehi",
      "2. 8-9 Maret 2027 Hari Raya Nyepi",
      "3. 2027-05-01 Hari Buruh Internasional",
      "",
      "Cuti Bersama",
      "1. Selasa, 9 Februari 2027 Tahun Baru Imlek",
      "2. 26 Desember",
      "31/12/2027 Malam Tahun Baru",
    ].join("\n");
    const r = importPastedHolidays(text, { kind: "libur_nasional" });
    expect(r.holidays).toEqual([
      { date: "2027-01-01", name: "Tahun Baru 2027 Masehi", kind: "libur_nasional" },
      { date: "2027-03-08", name: "Hari Raya Nyepi", kind: "libur_nasional" },
      { date: "2027-03-09", name: "Hari Raya Nyepi", kind: "libur_nasional" },
      { date: "2027-05-01", name: "Hari Buruh Internasional", kind: "libur_nasional" },
      { date: "2027-02-09", name: "Tahun Baru Imlek", kind: "cuti_bersama" },
      { date: "2027-12-26", name: null, kind: "cuti_bersama" },
      { date: "2027-12-31", name: "Malam Tahun Baru", kind: "cuti_bersama" },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it("takes the year from the form for lines without one, and names the lines it cannot read", () => {
    const r = importPastedHolidays("17 Agustus Hari Kemerdekaan\nCuti Bersama Idulfitri\n31 Februari 2027 Salah\nlibur saja", { kind: "libur_nasional", year: 2027 });
    expect(r.holidays).toEqual([{ date: "2027-08-17", name: "Hari Kemerdekaan", kind: "libur_nasional" }]);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[0]).toMatch(/^line 2: "Cuti Bersama Idulfitri"/);
    expect(r.warnings[1]).toMatch(/^line 3: "31 Februari 2027 Salah"/);
    const noYear = importPastedHolidays("17 Agustus Hari Kemerdekaan", { kind: "libur_nasional" });
    expect(noYear.warnings[0]).toMatch(/names no year/);
  });
});
