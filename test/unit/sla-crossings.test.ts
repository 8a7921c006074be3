import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { thresholdsFor } from "../../src/alerts/thresholds.ts";
import { parseCalendar } from "../../src/calendar/index.ts";
import { sopSchema } from "../../src/sop/schema.ts";
import { evaluatePermit, type PermitInput, type SopForEvaluation, type StepRecordInput } from "../../src/sla/index.ts";

// The instants at which an open step or permit passes its warning share and its standard, on the
// Riau calendar (Fri 07:30–11:30 + 13:00–16:30 WIB; Monday 17 August 2026 a national holiday) and
// Kampar's Izin Kerja Teknisi Gigi (office steps 15 min, 1 h, 1 h, 10 min: 2 h 25 min in all).

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));
const riau = parseCalendar(readJson("../../seeds/calendars/riau-wib.json"));
const seed = sopSchema.parse(readJson("../../seeds/sop/kampar-izin-kerja-teknisi-gigi.json"));
const sop: SopForEvaluation = {
  sopId: 1,
  version: 1,
  statedTotal: seed.statedTotal?.standard ?? null,
  steps: seed.steps.map((s, i) => ({ position: i + 1, description: s.description, owner: s.owner, standard: s.standard, aliases: s.aliases })),
};
const wib = (t: string) => new Date(`${t.replace(" ", "T")}:00+07:00`);
let id = 1;
const rec = (stepName: string, start: string, end: string | null): StepRecordInput => ({
  id: id++, stepName, sequence: null, occurrence: 1, startedAt: wib(start), endedAt: end === null ? null : wib(end), status: end === null ? "in_progress" : "finished", actor: "Budi",
});
const permit = (steps: StepRecordInput[]): PermitInput => ({ id: 1, submittedAt: steps[0]!.startedAt, steps });

describe("crossing instants", () => {
  it("puts an open step's warning at 75 % of its standard and its breach at the due, across a Friday before a holiday", () => {
    // Verifikasi Kasi (1 h) from Friday 15:44: 45 min used at 16:29 that Friday; the day's last
    // 46 min, then 14 min on Tuesday (Monday is 17 August): due Tuesday 07:44.
    const steps = [rec("Pengajuan Permohonan", "2026-08-14 15:00", "2026-08-14 15:10"), rec("Pendaftaran", "2026-08-14 15:10", "2026-08-14 15:44"), rec("Verifikasi Kasi", "2026-08-14 15:44", null)];
    const r = evaluatePermit(permit(steps), sop, riau, wib("2026-08-14 15:50"));
    const open = r.steps.find((s) => s.recordId === steps[2]!.id)!;
    expect(open.crossings).toEqual({ warnAt: wib("2026-08-14 16:29"), warn2At: null, lateAt: wib("2026-08-18 07:44"), thresholds: { warn: 0.75, warn2: null } });
    expect(open.dueAt).toEqual(wib("2026-08-18 07:44"));
    // Ended steps and the applicant's own have no crossings the office is alerted by: ended ones none at all.
    expect(r.steps.find((s) => s.recordId === steps[1]!.id)!.crossings).toBeNull();
  });

  it("warns at 15:59 on the Friday itself when that is where 75 % falls", () => {
    const steps = [rec("Pengajuan Permohonan", "2026-08-14 15:00", "2026-08-14 15:05"), rec("Pendaftaran", "2026-08-14 15:05", "2026-08-14 15:14"), rec("Verifikasi Kasi", "2026-08-14 15:14", null)];
    const r = evaluatePermit(permit(steps), sop, riau, wib("2026-08-14 15:20"));
    expect(r.steps.find((s) => s.recordId === steps[2]!.id)!.crossings?.warnAt).toEqual(wib("2026-08-14 15:59"));
  });

  it("gives the permit's total its crossings from receipt, pushed back by the applicant's pause so far", () => {
    // Received Thursday 13 Aug 08:00; 2 h 25 min of office time: due 10:25 with no pause. A return
    // to the applicant from 08:30 to 09:30 (closed) moves every crossing one working hour on.
    const steps = [
      rec("Pengajuan Permohonan", "2026-08-13 07:50", "2026-08-13 08:00"),
      rec("Pendaftaran", "2026-08-13 08:00", "2026-08-13 08:30"),
      rec("Pengajuan Permohonan", "2026-08-13 08:30", "2026-08-13 09:30"),
      rec("Verifikasi Kasi", "2026-08-13 09:30", null),
    ];
    steps[2]!.occurrence = 2;
    const t = thresholdsFor([{ permitType: null, position: null, warn: 0.5, warn2: 0.9 }], "Izin Kerja Teknisi Gigi");
    const r = evaluatePermit(permit(steps), sop, riau, wib("2026-08-13 09:40"), { thresholds: t });
    // 50 % of 145 min = 72.5 min (+60 pause) after 08:00 → 10:12:30; 90 % = 130.5 min → 11:10:30; due 11:25.
    expect(r.permit.crossings).toEqual({
      warnAt: new Date(wib("2026-08-13 10:12").getTime() + 30_000),
      warn2At: new Date(wib("2026-08-13 11:10").getTime() + 30_000),
      lateAt: wib("2026-08-13 11:25"),
      thresholds: { warn: 0.5, warn2: 0.9 },
    });
    expect(r.permit.dueAt).toEqual(wib("2026-08-13 11:25"));
  });

  it("has no crossings for a permit while the applicant holds it, nor once it has finished", () => {
    const held = [rec("Pengajuan Permohonan", "2026-08-13 07:50", "2026-08-13 08:00"), rec("Pendaftaran", "2026-08-13 08:00", "2026-08-13 08:30"), rec("Pengajuan Permohonan", "2026-08-13 08:30", null)];
    held[2]!.occurrence = 2;
    expect(evaluatePermit(permit(held), sop, riau, wib("2026-08-13 10:00")).permit.crossings).toBeNull();
    const done = [
      rec("Pendaftaran", "2026-08-13 08:00", "2026-08-13 08:10"), rec("Verifikasi Kasi", "2026-08-13 08:10", "2026-08-13 08:40"),
      rec("Penandatanganan Izin", "2026-08-13 08:40", "2026-08-13 09:00"), rec("Cetak Izin", "2026-08-13 09:00", "2026-08-13 09:05"),
    ];
    const r = evaluatePermit(permit(done), sop, riau, wib("2026-08-13 10:00"));
    expect(r.permit.status).toBe("on_time");
    expect(r.permit.crossings).toBeNull();
  });

  it("takes the most specific threshold an office has set: step, then permit type, then the office's own", () => {
    const settings = [
      { permitType: null, position: null, warn: 0.6, warn2: null },
      { permitType: "Izin Kerja Teknisi Gigi", position: null, warn: 0.7, warn2: 0.9 },
      { permitType: "Izin Kerja Teknisi Gigi", position: 3, warn: 0.5, warn2: null },
    ];
    expect(thresholdsFor(settings, "izin kerja teknisi gigi")(3)).toEqual({ warn: 0.5, warn2: null });
    expect(thresholdsFor(settings, "Izin Kerja Teknisi Gigi")(2)).toEqual({ warn: 0.7, warn2: 0.9 });
    expect(thresholdsFor(settings, "Izin Kerja Teknisi Gigi")(null)).toEqual({ warn: 0.7, warn2: 0.9 });
    expect(thresholdsFor(settings, "Izin Praktik Tukang Gigi")(3)).toEqual({ warn: 0.6, warn2: null });
    expect(thresholdsFor([], "Izin Praktik Tukang Gigi")(null)).toEqual({ warn: 0.75, warn2: null });
  });
});
