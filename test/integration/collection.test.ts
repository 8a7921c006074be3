import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { refreshOpenVerdicts } from "../../src/jobs/refresh-open-verdicts.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { testApp, visibleText } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// The applicant's collection after the office's last step is not part of the permit (DOMAIN.md
// rule 6, issue 17): imported as an office exports it, read as a head of office reads it.

const NOW = "2026-12-03T03:00:00Z";
const header = "id,permohonan_izin_id,no_permohonan,jenis_izin,nama_proses,status,start_date,end_date,diproses_oleh,tgl_pengajuan,tgl_selesai";
const T = "Izin Kerja Teknisi Gigi";
const rows = [
  // Printed at its due (11:35:00), collected a week later before the office opens.
  `1,1,503/KMP/2025/0204,${T},Pendaftaran,Selesai,2025-02-04 09:10:00,2025-02-04 09:25:00,Siti,2025-02-04 09:10:00,2025-02-12 06:28:52`,
  `2,1,503/KMP/2025/0204,${T},Verifikasi Kasi,Selesai,2025-02-04 09:25:00,2025-02-04 10:25:00,Budi,2025-02-04 09:10:00,2025-02-12 06:28:52`,
  `3,1,503/KMP/2025/0204,${T},TTE Kepala Dinas,Selesai,2025-02-04 10:25:00,2025-02-04 11:25:00,Kadis,2025-02-04 09:10:00,2025-02-12 06:28:52`,
  `4,1,503/KMP/2025/0204,${T},Cetak Izin,Selesai,2025-02-04 11:25:00,2025-02-04 11:35:00,Andi,2025-02-04 09:10:00,2025-02-12 06:28:52`,
  `5,1,503/KMP/2025/0204,${T},Penyerahan Dokumen Izin,Selesai,2025-02-04 11:35:00,2025-02-12 06:28:52,Loket,2025-02-04 09:10:00,2025-02-12 06:28:52`,
  // Finished before its due (09:25:05 after the holidays of 27–29 January), never collected.
  `11,2,503/KMP/2025/0124,${T},Pendaftaran,Selesai,2025-01-24 16:00:05,2025-01-27 08:00:00,Siti,2025-01-24 16:00:05,0001-01-01 00:00:00`,
  `12,2,503/KMP/2025/0124,${T},Verifikasi Kasi,Selesai,2025-01-30 07:30:00,2025-01-30 07:45:00,Budi,2025-01-24 16:00:05,0001-01-01 00:00:00`,
  `13,2,503/KMP/2025/0124,${T},TTE Kepala Dinas,Selesai,2025-01-30 07:45:00,2025-01-30 08:00:00,Kadis,2025-01-24 16:00:05,0001-01-01 00:00:00`,
  `14,2,503/KMP/2025/0124,${T},Cetak Izin,Selesai,2025-01-30 08:00:00,2025-01-30 08:31:27,Andi,2025-01-24 16:00:05,0001-01-01 00:00:00`,
  `15,2,503/KMP/2025/0124,${T},Penyerahan Dokumen Izin,Proses,2025-01-30 08:31:27,0001-01-01 00:00:00,,2025-01-24 16:00:05,0001-01-01 00:00:00`,
];

describe.each(BACKENDS)("a permit's collection by the applicant on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-collection-"));
  beforeAll(async () => {
    writeFileSync(join(dir, "kampar.csv"), `${header}\n${rows.join("\n")}\n`);
    await runImport(t.database.db, fixedClock(NOW), { office: "kampar", files: [{ name: "kampar.csv", path: join(dir, "kampar.csv") }] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const app = () => testApp(t.database, NOW);
  const permit = async (q: string) => {
    const list = (await (await app().request(`/api/v1/permits?q=${q}`)).json()) as { permits: { id: number }[] };
    const id = list.permits[0]!.id;
    return { id, body: (await (await app().request(`/api/v1/permits/${id}`)).json()) as Record<string, unknown> };
  };

  it("a permit printed at its due and collected a week later is on time, finished at the printing", async () => {
    const { id, body } = await permit("0204");
    expect(body).toMatchObject({ status: "on_time", finishedAt: "2025-02-04T11:35:00+07:00", dueAt: "2025-02-04T11:35:00+07:00", applicantPauseSeconds: 0, shareUsed: 1 });
    const page = visibleText(await (await app().request(`/permohonan/${id}`)).text());
    expect(page).toContain("Tepat waktu");
    expect(page).toMatch(/Diambil pemohon\s*12 Feb 2025/);
    expect(page).toContain("Waktu pemohon setelah terbit");
  });

  it("a permit never collected is finished, not open, and says it is not yet collected", async () => {
    const { id, body } = await permit("0124");
    expect(body).toMatchObject({ status: "on_time", finishedAt: "2025-01-30T08:31:27+07:00", dueAt: "2025-01-30T09:25:05+07:00" });
    const page = visibleText(await (await app().request(`/permohonan/${id}`)).text());
    expect(page).toMatch(/Diambil pemohon\s*belum diambil/);
    // Not among the open permits of the office.
    for (const status of ["open", "at_risk", "open_late"]) {
      const res = await app().request(`/api/v1/permits?office=kampar&status=${status}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { total: number }).total).toBe(0);
    }
  });

  it("an uncollected permit's open collection step still ages with the clock", async () => {
    // SILASTRI's log: each row is a step entered; the last, the applicant's collection, stays open.
    const steps = ["Pengajuan Permohonan", "Pemeriksaan Kelengkapan Berkas", "Pemeriksaan Berkas Tim Teknis", "Rekomendasi Teknis", "Verifikasi Berkas", "Persetujuan Izin", "Penomoran Izin", "Penandatanganan TTE", "Cetak Izin", "Pengambilan Izin"];
    const log = ["no_registrasi;jenis_izin;tgl_permohonan;tahapan;waktu;petugas;id_tracking"].concat(
      steps.map((name, i) => `RH/77;Izin Praktik Tukang Gigi;01/12/2026 08:00;${name};01/12/2026 ${String(8 + Math.floor(i / 4)).padStart(2, "0")}:${String((i % 4) * 15).padStart(2, "0")};Sri Wahyuni;${i + 1}`),
    );
    writeFileSync(join(dir, "rokan-hilir.csv"), `${log.join("\n")}\n`);
    await runImport(t.database.db, fixedClock("2026-12-01T03:35:00Z"), { office: "rokan-hilir", files: [{ name: "rokan-hilir.csv", path: join(dir, "rokan-hilir.csv") }] });
    const collection = () =>
      t.database.db
        .selectFrom("step_verdict as v")
        .innerJoin("step_record as r", "r.id", "v.step_record_id")
        .select(["v.status", "v.working_seconds"])
        .where("r.step_name", "=", "Pengambilan Izin")
        .executeTakeFirstOrThrow();
    // Entered 10:15 WIB, judged at 10:35: 20 minutes of its 5, open and late; the permit is finished.
    expect(await collection()).toMatchObject({ status: "open_late", working_seconds: 1200 });
    const refreshed = await refreshOpenVerdicts({ db: t.database.db, clock: fixedClock("2026-12-01T04:15:00Z"), logger: silentLogger });
    expect(refreshed).toBeGreaterThanOrEqual(1);
    expect(await collection()).toMatchObject({ working_seconds: 3600 });
  });
});
