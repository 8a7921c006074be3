import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { calendarFileSchema } from "../../src/calendar/schema.ts";
import { calendarFromForm, calendarToForm } from "../../src/web/calendar-form.ts";
import { translator } from "../../views/i18n.ts";

const t = translator("id");

const riau = calendarFileSchema.parse(JSON.parse(readFileSync(new URL("../../seeds/calendars/riau-wib.json", import.meta.url), "utf8")));

describe("the calendar edit form", () => {
  it("gives back the calendar it was filled from", () => {
    const result = calendarFromForm(calendarToForm(riau, "2026-11-23"), null, t);
    expect(result).toMatchObject({ ok: true, validFrom: "2026-11-23", note: null });
    if (!result.ok) return;
    expect(result.definition.weekly).toEqual({ ...riau.weekly, sat: [], sun: [] });
    expect(result.definition.periods).toEqual(riau.periods.map((p) => ({ ...p, weekly: { ...p.weekly, sat: [], sun: [] } })));
    expect(result.definition.holidays).toEqual(riau.holidays);
  });

  it("reads hours as offices type them", () => {
    const form = { ...calendarToForm(riau, "2026-11-23"), weekly_sat: "8.00 - 12.00", weekly_fri: "07:30–11:30; 13:00 s.d. 16:30" };
    const result = calendarFromForm(form, null, t);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.definition.weekly.sat).toEqual([["08:00", "12:00"]]);
    expect(result.definition.weekly.fri).toEqual([["07:30", "11:30"], ["13:00", "16:30"]]);
  });

  it("adds a period from the empty block and removes a ticked one", () => {
    const form = calendarToForm(riau, "2026-11-23");
    const n = riau.periods.length;
    Object.assign(form, { [`period_${n}_name`]: "Ramadan 1448 H", [`period_${n}_from`]: "2027-02-08", [`period_${n}_to`]: "2027-03-09", [`period_${n}_mon`]: "08:00-15:00", period_0_remove: "1" });
    const result = calendarFromForm(form, null, t);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.definition.periods.map((p) => p.name)).toEqual([...riau.periods.slice(1).map((p) => p.name), "Ramadan 1448 H"]);
  });

  it("puts each problem under its own field", () => {
    const form = {
      ...calendarToForm(riau, "2026-11-23"),
      weekly_mon: "07:30-12:00, 11:00-16:00",
      weekly_tue: "pagi",
      timezone: "Asia/Jakartaa",
      holidays: "2027-01-01; Tahun Baru; libur nasional\n2027-02-30; Salah\n2027-03-01; X; libur kantor",
      period_1_from: "2025-03-01",
      period_1_to: "",
      valid_from: "2026-01-01",
    };
    const result = calendarFromForm(form, "2026-06-01", t);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.weekly_tue).toEqual(['"pagi" bukan rentang jam seperti 07:30-12:00']);
    expect(result.errors.holidays).toEqual([
      'baris 2: "2027-02-30" bukan tanggal',
      'baris 3: jenis "libur kantor" tidak dikenal (libur_nasional, cuti_bersama, libur_daerah, lainnya)',
    ]);
    expect(result.errors.period_1_to).toEqual(["tanggal selesai wajib diisi"]);
    expect(result.errors.valid_from).toEqual(["tidak boleh sebelum tanggal berlaku versi terakhir (2026-06-01)"]);
  });

  it("reports what the engine refuses (overlaps, unknown zone) on the field it concerns", () => {
    const form = { ...calendarToForm(riau, "2026-11-23"), weekly_mon: "07:30-12:00, 11:00-16:00", timezone: "Asia/Jakartaa" };
    const result = calendarFromForm(form, null, t);
    if (result.ok) throw new Error("expected errors");
    expect(result.errors.weekly_mon).toEqual(["rentang jam bertumpang tindih (07:30–12:00 dan 11:00–16:00)"]);
    expect(result.errors.timezone).toEqual(['zona waktu "Asia/Jakartaa" tidak dikenal']);
    // In English for a reader of English.
    const english = calendarFromForm(form, null, translator("en"));
    if (english.ok) throw new Error("expected errors");
    expect(english.errors.weekly_mon).toEqual(["intervals overlap (07:30–12:00 and 11:00–16:00)"]);
    expect(english.errors.timezone).toEqual(['unknown time zone "Asia/Jakartaa"']);
  });
});
