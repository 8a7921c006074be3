import { describe, expect, it } from "vitest";
import { fixture, ingest, scratch, wib } from "./ingest-helpers.ts";

const file = scratch();
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("events (silastri: a stage entered at a time)", () => {
  it("closes each stage when the next is entered, keeps file order for equal times, ends at a final step", async () => {
    const { steps, rejects, summary } = await ingest(fixture("silastri-riwayat.csv"), "silastri");
    expect(rejects).toEqual([]);
    expect(summary).toMatchObject({ rows: 8, steps: 7, permits: 2 });
    const one = steps.filter((s) => s.permitNumber === "RH/1").sort((a, b) => a.sequence - b.sequence);
    expect(one.map((s) => [s.sequence, s.stepName, s.sourceStepName, s.status, iso(s.startedAt), iso(s.endedAt), s.actor, s.sourceRecordId])).toEqual([
      [1, "Pengajuan Permohonan", "Pengajuan Permohonan", "finished", wib("2026-01-12 08:00"), wib("2026-01-12 08:30"), "Pemohon", "1"],
      [2, "Pemeriksaan Kelengkapan Berkas", "Cek Berkas", "finished", wib("2026-01-12 08:30"), wib("2026-01-12 08:45"), "Sri Wahyuni", "2"],
      [3, "Pemeriksaan Berkas Tim Teknis", "Pemeriksaan Berkas Tim Teknis", "finished", wib("2026-01-12 08:45"), wib("2026-01-16 14:00"), "Taufik Hidayat", "4"],
      // Two events at 14:00: the one first in the file comes first.
      [4, "Rekomendasi Teknis", "Rekomendasi Teknis", "finished", wib("2026-01-16 14:00"), wib("2026-01-16 14:00"), "Taufik Hidayat", "5"],
      [5, "Verifikasi Berkas", "Verifikasi Berkas", "finished", wib("2026-01-16 14:00"), wib("2026-01-16 15:00"), "Lina Marlina", "6"],
    ]);
    expect(one[0]).toMatchObject({ permitType: "Izin Praktik Tukang Gigi", submittedAt: new Date(wib("2026-01-12 08:00")), permitFinishedAt: new Date(wib("2026-01-16 15:00")) });
    // Still in its second stage; dates in another format (Indonesian month names) read too.
    const two = steps.filter((s) => s.permitNumber === "RH/2");
    expect(two.map((s) => [s.stepName, s.status, iso(s.startedAt), iso(s.endedAt)])).toEqual([
      ["Pengajuan Permohonan", "finished", wib("2026-01-12 09:00"), wib("2026-01-12 09:20")],
      ["Pemeriksaan Kelengkapan Berkas", "in_progress", wib("2026-01-12 09:20"), null],
    ]);
  });

  it("keeps an open stage across groups and closes it when the permit's next event comes", async () => {
    const lines = ["no_registrasi,jenis_izin,tahapan,waktu", "A,T,Satu,12/01/2026 08:00"];
    for (let i = 0; i < 20; i++) lines.push(`F${i},T,Satu,12/01/2026 08:00`);
    lines.push("A,T,Dua,12/01/2026 09:00", "A,T,Selesai,12/01/2026 10:00");
    const { steps } = await ingest(await file("late.csv", `${lines.join("\n")}\n`), "silastri", { windowRows: 5, oneByOne: true });
    expect(steps.filter((s) => s.permitNumber === "A").map((s) => [s.sequence, s.stepName, s.status, iso(s.endedAt)])).toEqual([
      [1, "Satu", "finished", wib("2026-01-12 09:00")],
      [2, "Dua", "finished", wib("2026-01-12 10:00")],
    ]);
  });
});

describe("events (xes: start and complete)", () => {
  it("pairs starts with completions; a completion alone began at the permit's previous event", async () => {
    const { steps, rejects } = await ingest(fixture("log.xes"), "xes");
    expect(rejects).toEqual([]);
    const x1 = steps.filter((s) => s.permitNumber === "X-1").sort((a, b) => a.sequence - b.sequence);
    expect(x1.map((s) => [s.sequence, s.stepName, s.status, iso(s.startedAt), iso(s.endedAt), s.actor])).toEqual([
      // The first completion starts at the trace's submission date.
      [1, "Pendaftaran", "finished", wib("2026-01-12 08:00"), wib("2026-01-12 08:15"), "Rina Marlina"],
      [2, "Pemeriksaan Teknis", "finished", wib("2026-01-12 09:00"), wib("2026-01-15 10:00"), "Taufik Hidayat"],
      [3, "TTE", "in_progress", wib("2026-01-15 10:00"), null, null],
    ]);
    expect(x1[0]!.permitType).toBe("Izin Praktik Tukang Gigi");
    const x2 = steps.filter((s) => s.permitNumber === "X-2");
    // "schedule" is ignored: Verifikasi runs from Pendaftaran's completion.
    expect(x2.map((s) => [s.stepName, iso(s.startedAt), iso(s.endedAt)])).toEqual([
      ["Pendaftaran", null, "2026-01-13T02:00:00.000Z"],
      ["Verifikasi", "2026-01-13T02:00:00.000Z", "2026-01-13T03:00:00.000Z"],
    ]);
    expect(x2[0]!.permitType).toBeNull();
  });

  it("rejects an unknown transition and a step started twice", async () => {
    const xes = `<log><trace><string key="concept:name" value="Y"/>
      <event><string key="concept:name" value="A"/><date key="time:timestamp" value="2026-01-12T08:00:00+07:00"/><string key="lifecycle:transition" value="start"/></event>
      <event><string key="concept:name" value="A"/><date key="time:timestamp" value="2026-01-12T08:10:00+07:00"/><string key="lifecycle:transition" value="start"/></event>
      <event><string key="concept:name" value="B"/><date key="time:timestamp" value="2026-01-12T08:20:00+07:00"/><string key="lifecycle:transition" value="finish"/></event>
    </trace></log>`;
    const { rejects } = await ingest(await file("odd.xes", xes), "xes");
    expect(rejects.map((r) => [r.row, r.field, r.reason])).toEqual([
      [3, "lifecycle:transition", expect.stringMatching(/unknown transition "finish"/)],
      [2, null, '"A" starts again before it completed'],
    ]);
  });
});

describe("wide (simple: a column per stage)", () => {
  it("ends each stage at its column's time and starts the next there; empty stages are skipped, current or waiting", async () => {
    const { steps, rejects, summary } = await ingest(fixture("simple-rekap.tsv"), "simple");
    expect(summary).toMatchObject({ rows: 3, steps: 16, rejects: 1, permits: 2 });
    expect(rejects).toEqual([
      expect.objectContaining({ row: 4, field: "tgl_front_office", reason: expect.stringMatching(/Pendaftaran \(2026-01-12T02:15:00.000Z\) is before the submission/) }),
    ]);
    const done = steps.filter((s) => s.permitNumber === "SIKTG/2026/0001");
    expect(done.map((s) => [s.sequence, s.stepName, s.status, iso(s.startedAt), iso(s.endedAt), s.actor])).toEqual([
      [1, "Pendaftaran", "finished", wib("2026-01-12 08:00"), wib("2026-01-12 08:20"), "Fitri Handayani"],
      [2, "Back Office", "finished", wib("2026-01-12 08:20"), wib("2026-01-12 08:31"), "Agus Salim"],
      [3, "Verifikasi Ahli Muda", "finished", wib("2026-01-12 08:31"), wib("2026-01-12 08:45"), "Dewi Lestari"],
      [4, "Verifikasi Ahli Madya", "finished", wib("2026-01-12 08:45"), wib("2026-01-12 09:00"), "Joko Susilo"],
      [5, "Verifikasi Sekretaris", "finished", wib("2026-01-12 09:00"), wib("2026-01-12 09:10"), null],
      [6, "Penandatanganan TTE", "finished", wib("2026-01-12 09:10"), wib("2026-01-13 10:00"), null],
      [7, "Penyerahan Izin", "finished", wib("2026-01-13 10:00"), wib("2026-01-13 10:05"), "Fitri Handayani"],
      [8, "Penerimaan Izin", "finished", wib("2026-01-13 10:05"), wib("2026-01-13 10:07"), null],
    ]);
    expect(done[0]).toMatchObject({ permitStatus: "Selesai", sourceRecordId: null, occurrence: 1, permitFinishedAt: new Date(wib("2026-01-13 10:07")) });
    const open = steps.filter((s) => s.permitNumber === "SIKTG/2026/0002");
    expect(open.map((s) => [s.stepName, s.status, iso(s.startedAt)])).toEqual([
      ["Pendaftaran", "finished", wib("2026-01-12 09:00")],
      ["Back Office", "skipped", null],
      ["Verifikasi Ahli Muda", "finished", wib("2026-01-12 09:15")],
      ["Verifikasi Ahli Madya", "in_progress", wib("2026-01-12 09:40")],
      ["Verifikasi Sekretaris", "waiting", null],
      ["Penandatanganan TTE", "waiting", null],
      ["Penyerahan Izin", "waiting", null],
      ["Penerimaan Izin", "waiting", null],
    ]);
  });

  it("takes the last of several rows of a permit (a later sync) and collapses exact repeats", async () => {
    const header = "no_registrasi\tjenis_izin\ttgl_permohonan\ttgl_front_office\ttgl_back_office\ttgl_verifikasi_ahli_muda\ttgl_verifikasi_ahli_madya\ttgl_paraf_sekretaris\ttgl_tte_kadis\ttgl_penyerahan\ttgl_diterima";
    const early = "W/1\tT\t12/01/2026 08:00\t12/01/2026 08:10\t\t\t\t\t\t\t";
    const later = "W/1\tT\t12/01/2026 08:00\t12/01/2026 08:10\t12/01/2026 08:30\t\t\t\t\t\t";
    const { steps, summary } = await ingest(await file("syncs.tsv", `${[header, early, early, later].join("\n")}\n`), "simple");
    expect(summary).toMatchObject({ rows: 3, duplicates: 1, superseded: 1 });
    expect(steps.map((s) => s.status)).toEqual(["finished", "finished", "in_progress", "waiting", "waiting", "waiting", "waiting", "waiting"]);
  });
});
