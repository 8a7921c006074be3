import fc from "fast-check";
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { parseCalendar, workingSecondsBetween } from "../../src/calendar/index.ts";
import { sopSchema } from "../../src/sop/schema.ts";
import {
  evaluatePermit,
  mapStep,
  type PermitInput,
  type SopForEvaluation,
  type StepRecordInput,
  type StepVerdict,
  usedBy,
} from "../../src/sla/index.ts";

// Hand-computed cases on the seed SOPs and the Riau calendar (WIB; Mon–Thu 07:30–12:00 + 13:00–16:00,
// Fri 07:30–11:30 + 13:00–16:30). All times below are WIB. See docs/sla-evaluation.md.

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));
const riau = parseCalendar(readJson("../../seeds/calendars/riau-wib.json"));

function sopFor(slug: string, sopId: number): SopForEvaluation {
  const sop = sopSchema.parse(readJson(`../../seeds/sop/${slug}.json`));
  return {
    sopId,
    version: 1,
    statedTotal: sop.statedTotal?.standard ?? null,
    steps: sop.steps.map((s, i) => ({
      position: i + 1,
      description: s.description,
      owner: s.owner,
      standard: s.standard,
      aliases: s.aliases,
    })),
  };
}
const tukangGigi = sopFor("rokan-hilir-izin-praktik-tukang-gigi", 1);
const siktg = sopFor("pekanbaru-surat-izin-kerja-teknisi-gigi", 2);

/** "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS", WIB. */
const wib = (t: string): Date => new Date(`${t.replace(" ", "T")}${t.length === 16 ? ":00" : ""}+07:00`);
const H = 3600;

let nextId = 1;
/** A step record; start and end as "YYYY-MM-DD HH:MM" WIB, null when empty. */
function row(
  stepName: string,
  start: string | null,
  end: string | null,
  extra: Partial<StepRecordInput> = {},
): StepRecordInput {
  return {
    id: nextId++,
    stepName,
    sequence: null,
    occurrence: 1,
    startedAt: start === null ? null : wib(start),
    endedAt: end === null ? null : wib(end),
    status: end === null ? "in_progress" : "finished",
    actor: null,
    ...extra,
  };
}
const permitOf = (id: number, steps: StepRecordInput[]): PermitInput => ({ id, submittedAt: steps[0]?.startedAt ?? null, steps });
const verdictOf = (steps: StepVerdict[], record: StepRecordInput): StepVerdict => {
  const v = steps.find((s) => s.recordId === record.id);
  if (!v) throw new Error(`no verdict for record ${record.id}`);
  return v;
};

describe("mapStep", () => {
  it("maps by alias, then by description, folding case and punctuation", () => {
    expect(mapStep(tukangGigi, "pemeriksaan_berkas  TIM teknis")?.position).toBe(3);
    expect(mapStep(tukangGigi, "Proses cetak perizinan oleh Back Office.")?.position).toBe(9);
    expect(mapStep(tukangGigi, "Langkah Misterius")).toBeNull();
  });
});

// Tukang Gigi rows (SOP steps 1–10) of a permit whose Tim Teknis step 3 runs from Tue 2026-05-12
// 10:00 to `step3End`, and whose later steps follow one after the other.
function tukangGigiRows(step3End: string, after: Array<[string, string, string]>): StepRecordInput[] {
  return [
    row("Pengajuan Permohonan", "2026-05-11 08:00", "2026-05-11 08:20"),
    row("Pemeriksaan Kelengkapan Berkas", "2026-05-12 09:45", "2026-05-12 10:00"),
    row("Pemeriksaan Berkas Tim Teknis", "2026-05-12 10:00", step3End),
    ...after.map(([name, start, end]) => row(name, start, end)),
  ];
}

describe("case 1: Tukang Gigi, a 4-day Tim Teknis step over a weekend and cuti bersama", () => {
  // Step 3 starts Tue 05-12 10:00 with standard "4 Hari" (day rule): Wed 05-13 (1); 05-14 libur
  // (Kenaikan), 05-15 cuti bersama, 16–17 weekend; Mon 05-18 (2), Tue 05-19 (3), Wed 05-20 (4)
  // → due Wed 05-20 10:00. Standard in working time: Tue 10–12 + 13–16 = 5 h, Wed, Mon, Tue 7.5 h
  // each, Wed 07:30–10:00 = 2.5 h → 30 h = 108,000 s.
  //
  // Permit total (no stated total): the non-applicant standards in SOP order from receipt
  // (step 2 starts Tue 05-12 09:45): +15 min → 10:00; +4 days → Wed 05-20 10:00; +10, +10, +10,
  // +10 min → 10:40; +15, +15 min → 11:10. Step 1 (applicant) was before receipt and step 10
  // (the applicant's pick-up) after the office's last step: no pause.
  const onTimeRows = tukangGigiRows("2026-05-20 09:00", [
    ["Rekomendasi Teknis", "2026-05-20 09:00", "2026-05-20 09:10"],
    ["Verifikasi Berkas", "2026-05-20 09:10", "2026-05-20 09:20"],
    ["Persetujuan Izin", "2026-05-20 09:20", "2026-05-20 09:30"],
    ["Penomoran Izin", "2026-05-20 09:30", "2026-05-20 09:40"],
    ["Penandatanganan TTE", "2026-05-20 09:40", "2026-05-20 09:55"],
    ["Cetak Izin", "2026-05-20 09:55", "2026-05-20 10:10"],
    ["Pengambilan Izin", "2026-05-20 10:10", "2026-05-20 10:15"],
  ]);

  it("judges the step on time when it ends before its due", () => {
    const { steps } = evaluatePermit(permitOf(1, onTimeRows), tukangGigi, riau, wib("2026-06-01 12:00"));
    const step3 = verdictOf(steps, onTimeRows[2]!);
    // Ends Wed 05-20 09:00: 30 h − 1 h = 29 h working; calendar 8 days − 1 h.
    expect(step3).toMatchObject({
      position: 3,
      owner: "sector_agency",
      standard: { value: 4, unit: "day" },
      dueAt: wib("2026-05-20 10:00"),
      standardSeconds: 30 * H,
      workingSeconds: 29 * H,
      calendarSeconds: 8 * 86400 - H,
      status: "on_time",
      reason: null,
    });
    expect(step3.shareUsed).toBeCloseTo(29 / 30, 10);
    expect(steps.every((s) => s.status === "on_time")).toBe(true);
  });

  it("judges the permit on time against the sum of its steps; the pick-up is not part of it", () => {
    const { permit } = evaluatePermit(permitOf(1, onTimeRows), tukangGigi, riau, wib("2026-06-01 12:00"));
    // The office's last step (Cetak Izin) ends Wed 10:10: finished then, due 11:10, no pause (the
    // pick-up 10:10–10:15 comes after). Working from Tue 09:45: 2.25 + 3 h; Wed, Mon, Tue 22.5 h;
    // Wed 07:30–10:10 2 h 40 → 30 h 25 min. Standard: to 11:10 instead → 31 h 25 min.
    expect(permit).toMatchObject({
      permitId: 1,
      sopId: 1,
      sopVersion: 1,
      receivedAt: wib("2026-05-12 09:45"),
      totalStandard: {
        kind: "sum",
        description: "15 minutes + 4 days + 10 minutes + 10 minutes + 10 minutes + 10 minutes + 15 minutes + 15 minutes",
      },
      finishedAt: wib("2026-05-20 10:10"),
      applicantPauseSeconds: 0,
      dueAt: wib("2026-05-20 11:10"),
      workingSeconds: 30 * H + 25 * 60,
      standardSeconds: 31 * H + 25 * 60,
      calendarSeconds: 8 * 86400 + 25 * 60,
      status: "on_time",
      reason: null,
    });
  });

  it("judges the step and the permit late when the Tim Teknis step ends after its due", () => {
    const lateRows = tukangGigiRows("2026-05-20 14:00", [
      ["Rekomendasi Teknis", "2026-05-20 14:00", "2026-05-20 14:10"],
      ["Verifikasi Berkas", "2026-05-20 14:10", "2026-05-20 14:20"],
      ["Persetujuan Izin", "2026-05-20 14:20", "2026-05-20 14:30"],
      ["Penomoran Izin", "2026-05-20 14:30", "2026-05-20 14:40"],
      ["Penandatanganan TTE", "2026-05-20 14:40", "2026-05-20 14:55"],
      ["Cetak Izin", "2026-05-20 14:55", "2026-05-20 15:10"],
      ["Pengambilan Izin", "2026-05-20 15:10", "2026-05-20 15:15"],
    ]);
    const { permit, steps } = evaluatePermit(permitOf(2, lateRows), tukangGigi, riau, wib("2026-06-01 12:00"));
    // Ends Wed 05-20 14:00: 30 h to 10:00, then 10–12 and 13–14 = 3 h → 33 h.
    expect(verdictOf(steps, lateRows[2]!)).toMatchObject({
      dueAt: wib("2026-05-20 10:00"),
      workingSeconds: 33 * H,
      status: "late",
    });
    expect(verdictOf(steps, lateRows[3]!).status).toBe("on_time");
    // Due 11:10; the office's last step ends 15:10.
    expect(permit).toMatchObject({ dueAt: wib("2026-05-20 11:10"), finishedAt: wib("2026-05-20 15:10"), applicantPauseSeconds: 0, status: "late" });
  });
});

describe("case 2: Pekanbaru SIKTG against its stated 2 hari kerja, with the file sent back to the applicant", () => {
  // Mon 2026-06-08: the applicant hands in the file (step 1), Front Office checks it (step 2) and
  // sends it back; the applicant completes it until Tue 10:25 (step 1 again), Front Office checks
  // it again (step 2, occurrence 2), then steps 3–9.
  const rows = [
    row("Pemasukan Berkas", "2026-06-08 08:00", "2026-06-08 08:05"),
    row("Pemeriksaan Berkas", "2026-06-08 08:05", "2026-06-08 08:25"),
    row("Pemasukan Berkas", "2026-06-08 08:25", "2026-06-09 10:25", { occurrence: 2 }),
    row("Pemeriksaan Berkas", "2026-06-09 10:25", "2026-06-09 10:45", { occurrence: 2 }),
    row("Back Office", "2026-06-09 10:45", "2026-06-09 10:55"),
    row("Verifikasi Ahli Muda", "2026-06-09 10:55", "2026-06-09 11:05"),
    row("Verifikasi Ahli Madya", "2026-06-09 11:05", "2026-06-09 11:15"),
    row("Verifikasi Sekretaris", "2026-06-09 11:15", "2026-06-09 11:25"),
    row("TTE Kadis", "2026-06-09 11:25", "2026-06-11 09:00"),
    row("Penyerahan Izin", "2026-06-11 09:00", "2026-06-11 09:03"),
    row("Pengambilan Izin", "2026-06-11 09:03", "2026-06-11 09:05"),
  ];
  const { permit, steps } = evaluatePermit(permitOf(3, rows), siktg, riau, wib("2026-07-01 09:00"));

  it("pushes the due back by the applicant's time in between, not by the collection, and measures the office's own time", () => {
    // Receipt: step 2 starts Mon 08:05. Stated total 2 days → Wed 06-10 08:05.
    // Pause: step 1 occurrence 2, Mon 08:25–12:00 (3 h 35) + 13:00–16:00 (3 h) + Tue 07:30–10:25
    // (2 h 55) = 9 h 30 = 34,200 s. Step 1 occurrence 1 (before receipt) does not count, nor
    // step 9 (the applicant receives the permit, 09:03–09:05), after the office's last step.
    // Due: Wed 08:05 + 570 min: 235 min to 12:00, 180 min 13:00–16:00, 155 min from Thu 07:30
    // → Thu 06-11 10:05. Finished Thu 09:03 (Penyerahan Izin): on time (without the pause it
    // would be late). Working Mon 08:05 → Thu 09:03: 6 h 55 + 7.5 + 7.5 + 1 h 33 = 23 h 28 min
    // = 84,480 s gross; the office's own (net of the 9 h 30 pause): 50,280 s = 13 h 58 min, against
    // its own standard of 2 days = 15 h = 54,000 s (the due, pushed back by the pause, is Thu 10:05).
    expect(permit).toMatchObject({
      receivedAt: wib("2026-06-08 08:05"),
      totalStandard: { kind: "stated", description: "2 days" },
      applicantPauseSeconds: 34_200,
      dueAt: wib("2026-06-11 10:05"),
      finishedAt: wib("2026-06-11 09:03"),
      workingSeconds: 13 * H + 58 * 60,
      calendarSeconds: 3 * 86400 + 58 * 60,
      standardSeconds: 15 * H,
      status: "on_time",
    });
    expect(permit.shareUsed).toBeCloseTo(50_280 / 54_000, 10);
  });

  it("judges each occurrence of the redone steps on its own", () => {
    // Step 2, 20 min: occurrence 1 due 08:25, ended 08:25 (on time, at the due exactly);
    // occurrence 2 due 10:45, ended 10:45.
    expect(verdictOf(steps, rows[1]!)).toMatchObject({ position: 2, dueAt: wib("2026-06-08 08:25"), workingSeconds: 1200, status: "on_time" });
    expect(verdictOf(steps, rows[3]!)).toMatchObject({ position: 2, dueAt: wib("2026-06-09 10:45"), workingSeconds: 1200, status: "on_time" });
    // Step 1 (applicant, 5 min): occurrence 2 took 9 h 30 of working time.
    expect(verdictOf(steps, rows[2]!)).toMatchObject({ position: 1, owner: "applicant", workingSeconds: 34_200, status: "late" });
    // Kadis, 1 hari from Tue 11:25 → Wed 11:25; ended Thu 09:00.
    expect(verdictOf(steps, rows[8]!)).toMatchObject({ position: 7, dueAt: wib("2026-06-10 11:25"), status: "late" });
  });
});

describe("case 3: a step redone after being sent back is judged per occurrence", () => {
  it("finds the first occurrence on time and the second late", () => {
    // Tukang Gigi step 5 (Verifikasi Berkas, 10 min) on Mon 2026-01-12: 08:00–08:10 (due 08:10,
    // on time); sent back and redone 13:00–13:30 (due 13:10, 30 min used: late, share 3).
    const first = row("Verifikasi Berkas", "2026-01-12 08:00", "2026-01-12 08:10");
    const second = row("Verifikasi Berkas", "2026-01-12 13:00", "2026-01-12 13:30", { occurrence: 2 });
    const { steps } = evaluatePermit(permitOf(4, [first, second]), tukangGigi, riau, wib("2026-01-13 08:00"));
    expect(verdictOf(steps, first)).toMatchObject({ position: 5, dueAt: wib("2026-01-12 08:10"), shareUsed: 1, status: "on_time" });
    expect(verdictOf(steps, second)).toMatchObject({
      position: 5,
      dueAt: wib("2026-01-12 13:10"),
      workingSeconds: 1800,
      shareUsed: 3,
      status: "late",
    });
  });
});

describe("case 4: an open step crossing 75 % and 100 % of its standard", () => {
  // Tukang Gigi step 3 open since Tue 2026-05-12 10:00; standard 30 h, due Wed 05-20 10:00 (case 1).
  // 75 % = 22.5 h is reached on Tue 05-19 at 10:00 (5 + 7.5 + 7.5 h, then 2.5 h from 07:30).
  const rows = [
    row("Pemeriksaan Kelengkapan Berkas", "2026-05-12 09:45", "2026-05-12 10:00"),
    row("Pemeriksaan Berkas Tim Teknis", "2026-05-12 10:00", null),
    row("Rekomendasi Teknis", null, null, { status: "waiting" }),
  ];
  const at = (now: string) => evaluatePermit(permitOf(5, rows), tukangGigi, riau, wib(now));
  const step3At = (now: string) => verdictOf(at(now).steps, rows[1]!);

  it.each([
    // now, working hours used, status
    ["2026-05-18 09:00", 14, "open"], // 5 + 7.5 + Mon 1.5 h = 14 h, share 0.467
    ["2026-05-19 10:00", 22.5, "open"], // exactly 75 %: not past it
    ["2026-05-19 10:30", 23, "at_risk"], // 76.7 %
    ["2026-05-20 10:00", 30, "at_risk"], // at the due: 100 %, not past it
    ["2026-05-20 10:01", 30 + 1 / 60, "open_late"],
  ] as const)("at %s: %s h used → %s", (now, hours, status) => {
    const v = step3At(now);
    expect(v.dueAt).toEqual(wib("2026-05-20 10:00"));
    expect(v.endedAt).toBeNull();
    expect(v.workingSeconds).toBeCloseTo(hours * H, 6);
    expect(v.shareUsed).toBeCloseTo(hours / 30, 10);
    expect(v.status).toBe(status);
  });

  it("uses another warning share when asked", () => {
    const { steps } = evaluatePermit(permitOf(5, rows), tukangGigi, riau, wib("2026-05-18 09:00"), { warnShare: 0.4 });
    expect(verdictOf(steps, rows[1]!).status).toBe("at_risk");
  });

  it("judges the open permit by the same share rule on its total", () => {
    // Due from receipt Tue 09:45: Wed 05-20 11:10 (case 1), no pause. At Wed 11:00: 31.25 h of
    // 31 h 25 min used (99.5 %) → at risk; at 11:11 → open and late.
    expect(at("2026-05-20 11:00").permit).toMatchObject({
      dueAt: wib("2026-05-20 11:10"),
      finishedAt: null,
      workingSeconds: 31.25 * H,
      standardSeconds: 31.25 * H + 600,
      applicantPauseSeconds: 0,
      status: "at_risk",
    });
    expect(at("2026-05-20 11:11").permit.status).toBe("open_late");
    expect(at("2026-05-12 11:00").permit.status).toBe("open");
  });

  it.each(["2026-05-18 09:00", "2026-05-19 10:30", "2026-05-20 10:01"])("brought forward from Monday's evaluation to %s, what is used is what evaluating then gives", (now) => {
    // The permit page's figures between refreshes (src/web/live-permit.ts): the weekend and nights add nothing.
    const evaluated = wib("2026-05-15 15:00");
    const [before, fresh] = [at("2026-05-15 15:00"), at(now)];
    const step = usedBy(riau, step3At("2026-05-15 15:00").workingSeconds!, step3At("2026-05-15 15:00").standardSeconds, evaluated, wib(now));
    expect(step.workingSeconds).toBeCloseTo(step3At(now).workingSeconds!, 6);
    expect(step.shareUsed).toBeCloseTo(step3At(now).shareUsed!, 10);
    const permit = usedBy(riau, before.permit.workingSeconds!, before.permit.standardSeconds, evaluated, wib(now));
    expect(permit.workingSeconds).toBeCloseTo(fresh.permit.workingSeconds!, 6);
    expect(permit.shareUsed).toBeCloseTo(fresh.permit.shareUsed!, 10);
  });
});

describe("records that cannot be measured", () => {
  const rows = [
    row("Langkah Misterius", "2026-01-12 08:00", "2026-01-12 08:10"),
    row("Cetak Izin", null, "2026-01-12 09:00"),
    row("Penomoran Izin", "2026-01-12 10:00", "2026-01-12 09:00"),
    row("Rekomendasi Teknis", null, null, { status: "skipped" }),
    row("Persetujuan Izin", null, null, { status: "waiting" }),
  ];
  const { steps } = evaluatePermit(permitOf(6, rows), tukangGigi, riau, wib("2026-01-13 08:00"));

  it.each([
    [0, /matches no SOP step/],
    [1, /no start time/],
    [2, /end before start/],
    [3, /skipped \(Drop\)/],
    [4, /waiting \(not started\)/],
  ] as const)("record %i is not measurable: %s", (i, reason) => {
    const v = verdictOf(steps, rows[i]!);
    expect(v.status).toBe("not_measurable");
    expect(v.reason).toMatch(reason);
    expect(v.dueAt).toBeNull();
    expect(v.workingSeconds).toBeNull();
  });

  it("keeps the mapped step's owner and standard on a record that cannot be measured", () => {
    expect(verdictOf(steps, rows[1]!)).toMatchObject({ position: 9, owner: "office", standard: { value: 15, unit: "minute" } });
  });

  it("marks a step without a standard no_standard, with its elapsed time", () => {
    const sop: SopForEvaluation = {
      ...tukangGigi,
      steps: tukangGigi.steps.map((s) => (s.position === 9 ? { ...s, standard: null } : s)),
    };
    const r = row("Cetak Izin", "2026-01-12 08:00", "2026-01-12 08:30");
    const { steps: [v] } = evaluatePermit(permitOf(7, [r]), sop, riau, wib("2026-01-13 08:00"));
    expect(v).toMatchObject({ status: "no_standard", workingSeconds: 1800, calendarSeconds: 1800, dueAt: null, reason: null });
  });
});

describe("a permit without an SOP", () => {
  it("is not measurable, nor are its steps", () => {
    const r = row("Cetak Izin", "2026-01-12 08:00", "2026-01-12 08:30");
    const { permit, steps } = evaluatePermit(permitOf(8, [r]), null, riau, wib("2026-01-13 08:00"));
    expect(permit).toMatchObject({ permitId: 8, sopId: null, status: "not_measurable", reason: "no SOP for the permit", dueAt: null });
    expect(steps[0]).toMatchObject({ status: "not_measurable", reason: "no SOP for the permit", position: null });
  });

  it("is not measurable when no step outside the applicant's has started", () => {
    const r = row("Pengajuan Permohonan", "2026-01-12 08:00", "2026-01-12 08:30");
    const { permit } = evaluatePermit(permitOf(9, [r]), tukangGigi, riau, wib("2026-01-13 08:00"));
    expect(permit).toMatchObject({ status: "not_measurable", receivedAt: null, reason: expect.stringMatching(/no step/) });
  });
});

describe("the applicant's collection after the office's last step (rule 6)", () => {
  const kampar = sopFor("kampar-izin-kerja-teknisi-gigi", 3);
  // Kampar's SOP: 1 applicant (10 min), 2 office 15 min, 3 and 4 office 1 h, 5 office 10 min,
  // 6 applicant collection (no standard): 15 min + 1 h + 1 h + 10 min = 2 h 25 min.
  const finishedAt = (collection: StepRecordInput) => [
    row("Pengajuan Permohonan", "2025-02-04 09:00", "2025-02-04 09:10"),
    row("Pendaftaran", "2025-02-04 09:10", "2025-02-04 09:25"),
    row("Verifikasi Kasi", "2025-02-04 09:25", "2025-02-04 10:25"),
    row("TTE", "2025-02-04 10:25", "2025-02-04 11:25"),
    row("Cetak Izin", "2025-02-04 11:25", "2025-02-04 11:35:00"),
    collection,
  ];

  it("a permit printed at its due and collected a week later, outside hours, is on time", () => {
    // Received Tue 2025-02-04 09:10; due 09:10 + 2 h 25 = 11:35:00. Printing ends 11:35:00; the
    // applicant collects on Wed 02-12 06:28:52.
    const rows = finishedAt(row("Penyerahan Dokumen Izin", "2025-02-04 11:35", "2025-02-12 06:28:52"));
    const { permit, steps } = evaluatePermit(permitOf(20, rows), kampar, riau, wib("2026-12-03 10:00"));
    expect(permit).toMatchObject({
      receivedAt: wib("2025-02-04 09:10"),
      dueAt: wib("2025-02-04 11:35"),
      finishedAt: wib("2025-02-04 11:35"),
      applicantPauseSeconds: 0,
      workingSeconds: 8_700,
      standardSeconds: 8_700,
      shareUsed: 1,
      status: "on_time",
    });
    // The collection keeps its own record: the applicant's time after issue.
    expect(verdictOf(steps, rows[5]!)).toMatchObject({ owner: "applicant", status: "no_standard", endedAt: wib("2025-02-12 06:28:52") });
  });

  it("a permit collected years later is judged the same", () => {
    const rows = finishedAt(row("Penyerahan Dokumen Izin", "2025-02-04 11:35", "2028-07-03 10:00"));
    const { permit } = evaluatePermit(permitOf(21, rows), kampar, riau, wib("2028-08-01 10:00"));
    expect(permit).toMatchObject({ finishedAt: wib("2025-02-04 11:35"), applicantPauseSeconds: 0, workingSeconds: 8_700, status: "on_time" });
  });

  // Received Fri 2025-01-24 16:00:05: 29 min 55 s to Friday's 16:30 close; Mon 01-27 libur
  // (Isra Mikraj), Tue 01-28 cuti bersama, Wed 01-29 libur (Imlek); the remaining 1 h 55 min 5 s
  // from Thu 01-30 07:30 → due 09:25:05.
  const uncollected = (officeEnd: string, collection: Partial<StepRecordInput>) => [
    row("Pendaftaran", "2025-01-24 16:00:05", "2025-01-27 08:00"),
    row("Verifikasi Kasi", "2025-01-30 07:30", "2025-01-30 07:45"),
    row("TTE", "2025-01-30 07:45", "2025-01-30 08:00"),
    row("Cetak Izin", "2025-01-30 08:00", officeEnd),
    row("Penyerahan Dokumen Izin", null, null, collection),
  ];

  it.each([
    ["waiting", { status: "waiting" }],
    ["started, not finished", { status: "in_progress", startedAt: wib("2025-01-30 08:31:27") }],
  ] as const)("a permit not yet collected (%s) is finished, not open", (_, collection) => {
    const rows = uncollected("2025-01-30 08:31:27", collection);
    const { permit } = evaluatePermit(permitOf(22, rows), kampar, riau, wib("2026-12-03 10:00"));
    // Working: Fri 16:00:05–16:30 = 1,795 s; Thu 07:30–08:31:27 = 3,687 s.
    expect(permit).toMatchObject({
      dueAt: wib("2025-01-30 09:25:05"),
      finishedAt: wib("2025-01-30 08:31:27"),
      workingSeconds: 5_482,
      standardSeconds: 8_700,
      applicantPauseSeconds: 0,
      status: "on_time",
    });
  });

  it("a permit issued late and not yet collected is late, not open and late", () => {
    const rows = uncollected("2025-01-30 10:00", { status: "in_progress", startedAt: wib("2025-01-30 10:00") });
    const { permit } = evaluatePermit(permitOf(23, rows), kampar, riau, wib("2026-12-03 10:00"));
    expect(permit).toMatchObject({ dueAt: wib("2025-01-30 09:25:05"), finishedAt: wib("2025-01-30 10:00"), status: "late" });
  });

  it("an applicant step before the office's last one that is still open keeps the permit open", () => {
    // Pekanbaru: Front Office sends the file back at Mon 08:25; the applicant has not returned it
    // and no later step has a record yet (an export of events).
    const rows = [
      row("Pemeriksaan Berkas", "2026-06-08 08:05", "2026-06-08 08:25"),
      row("Pemasukan Berkas", "2026-06-08 08:25", null, { occurrence: 2 }),
    ];
    const { permit } = evaluatePermit(permitOf(24, rows), siktg, riau, wib("2026-06-09 08:00"));
    // Due Wed 08:05, pushed back by the pause so far (Mon 08:25–16:00 = 6 h 35 + Tue 07:30–08:00).
    expect(permit).toMatchObject({ finishedAt: null, applicantPauseSeconds: 7 * H + 5 * 60, status: "open" });
  });
});

describe("a day standard whose clock time falls in a break keeps it (rule 3)", () => {
  it("a step started Thu 11:45 with 1 hari is due Fri 11:45, in Friday's break", () => {
    // Pekanbaru's Kadis step (1 hari). Standard in working time: Thu 11:45–12:00 + 13:00–16:00
    // (3 h 15) + Fri 07:30–11:30 (4 h) = 7 h 15 min; from 11:30 to 11:45 Friday is in its break.
    const at = (end: string) => {
      const r = row("TTE Kadis", "2025-06-12 11:45", end);
      return verdictOf(evaluatePermit(permitOf(30, [r]), siktg, riau, wib("2025-07-01 08:00")).steps, r);
    };
    const standard = 7 * H + 15 * 60;
    // Ends inside the break before its due: on time, the working time used equals the standard.
    expect(at("2025-06-13 11:40")).toMatchObject({ dueAt: wib("2025-06-13 11:45"), standardSeconds: standard, workingSeconds: standard, shareUsed: 1, status: "on_time" });
    // Exactly at the due, still in the break: on time.
    expect(at("2025-06-13 11:45").status).toBe("on_time");
    // Inside the break after its due: late, although no more working time was used.
    expect(at("2025-06-13 11:50")).toMatchObject({ workingSeconds: standard, status: "late" });
    // Before the break, inside working hours: on time with time to spare.
    expect(at("2025-06-13 11:20")).toMatchObject({ workingSeconds: standard - 10 * 60, status: "on_time" });
    // After the break: late.
    expect(at("2025-06-13 13:05")).toMatchObject({ workingSeconds: standard + 5 * 60, status: "late" });
  });

  it("a step due in Monday's break: ending inside the break before and after its due", () => {
    // Ramadan Tue 2026-03-17 12:45 (working: Ramadan's break is 12:00–12:30) + 4 Hari (Tukang Gigi
    // step 3) → Mon 03-30 12:45 (rows of calendar.test.ts), inside Monday's 12:00–13:00 break.
    const at = (end: string) => {
      const r = row("Pemeriksaan Berkas Tim Teknis", "2026-03-17 12:45", end);
      return verdictOf(evaluatePermit(permitOf(31, [r]), tukangGigi, riau, wib("2026-04-01 08:00")).steps, r);
    };
    expect(at("2026-03-30 12:30")).toMatchObject({ dueAt: wib("2026-03-30 12:45"), shareUsed: 1, status: "on_time" });
    expect(at("2026-03-30 12:50")).toMatchObject({ shareUsed: 1, status: "late" });
  });

  it("a permit's day total received Wed 11:59:35 is due Fri 11:59:35", () => {
    // Pekanbaru's stated 2 hari kerja; Wed 2025-06-11 11:59:35 → Thu 06-12 (1), Fri 06-13 (2),
    // 11:59:35 inside Friday's 11:30–13:00 break. Standard: Wed 25 s + 3 h, Thu 7.5 h, Fri 4 h.
    const rows = [
      row("Pemeriksaan Berkas", "2025-06-11 11:59:35", "2025-06-11 13:10"),
      row("Penyerahan Izin", "2025-06-13 11:00", "2025-06-13 11:40"),
    ];
    const { permit } = evaluatePermit(permitOf(32, rows), siktg, riau, wib("2025-07-01 08:00"));
    const standard = 14.5 * H + 25;
    expect(permit).toMatchObject({ dueAt: wib("2025-06-13 11:59:35"), standardSeconds: standard, workingSeconds: standard, status: "on_time" });
  });
});

describe("property: on time exactly when the working time used is at most the standard's", () => {
  // For a finished step that ends inside working hours (some working time just before its end),
  // ending at or before the due and using no more working time than the standard are the same.
  const standards = fc.oneof(
    fc.record({ value: fc.integer({ min: 1, max: 600 }), unit: fc.constant("minute" as const) }),
    fc.record({ value: fc.integer({ min: 1, max: 16 }), unit: fc.constant("hour" as const) }),
    fc.record({ value: fc.integer({ min: 1, max: 7 }), unit: fc.constant("day" as const) }),
  );
  const from = wib("2025-01-01 00:00").getTime();
  const span = wib("2026-12-01 00:00").getTime() - from;
  it("holds on the Riau calendar (holidays, cuti bersama, Ramadan hours, both breaks)", () => {
    fc.assert(
      fc.property(standards, fc.integer({ min: 0, max: Math.floor(span / 1000) }), fc.integer({ min: 1, max: 20 * 86400 }), (standard, startS, lengthS) => {
        const start = new Date(from + startS * 1000);
        const end = new Date(start.getTime() + lengthS * 1000);
        fc.pre(workingSecondsBetween(riau, new Date(end.getTime() - 1000), end) > 0);
        const sop: SopForEvaluation = { ...tukangGigi, steps: tukangGigi.steps.map((s) => (s.position === 5 ? { ...s, standard } : s)) };
        const r: StepRecordInput = { ...row("Verifikasi Berkas", null, null), startedAt: start, endedAt: end, status: "finished" };
        const v = verdictOf(evaluatePermit(permitOf(40, [r]), sop, riau, end).steps, r);
        const toDue = workingSecondsBetween(riau, start, v.dueAt!);
        expect(v.status === "on_time").toBe(v.workingSeconds! <= toDue);
        // Minutes and hours are working time: the due holds exactly the standard's.
        if (standard.unit !== "day") expect(toDue).toBe(standard.value * (standard.unit === "hour" ? 3600 : 60));
        expect(["on_time", "late"]).toContain(v.status);
      }),
      { numRuns: 2_000 },
    );
  });
});
