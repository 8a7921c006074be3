import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { findOffice } from "../../src/db/repos/offices.ts";
import { listSteps } from "../../src/db/repos/step-occurrences.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { writeReport } from "../../src/reports/monthly-report.ts";
import { daysPeriod, monthPeriod } from "../../src/reports/period.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { dueReportMonth, runMonthlyReports } from "../../src/jobs/monthly-reports.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { reportsDirOf, settleBackground, TEST_NOW, testApp, visibleText } from "../support/app.ts";
import { runCli } from "../support/cli.ts";
import { permitRows, SICANTIK_HEADER } from "../support/sicantik-rows.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// The monthly report on a sample office, read back as a reader's Excel would: every figure of
// Ringkasan, Per jenis izin, Per tahapan and Per petugas equals the JSON API's for the same office,
// period and basis, and the Data sheet lists the step occurrences the query layer lists.

const LIBREOFFICE = ["/usr/bin/libreoffice", "/usr/bin/soffice"].find((p) => existsSync(p));

describe.each(BACKENDS)("the monthly Excel report on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-report-"));
  const clock = fixedClock(TEST_NOW);
  const month = "2026-10";
  let file = "";
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    const sample = await writeSampleExport({ officeSlug: "kampar", months: 4, seed: 5, outDir: join(dir, "sample"), now: clock.now(), permitsPerDay: 8 });
    await runImport(t.database.db, clock, { office: "kampar", files: sample.files.map((f) => ({ name: f.slice(f.lastIndexOf("/") + 1), path: f })) });
    const office = (await findOffice(t.database.db, "kampar", EVERY_OFFICE))!;
    file = join(dir, "laporan-kampar-2026-10.xlsx");
    await writeReport(t.database.db, clock, { offices: [office], period: monthPeriod(month), lang: "id" }, file);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const api = async (by: string) =>
    ((await (await testApp(t.database).request(`/api/v1/compliance?office=kampar&from=2026-10-01&to=2026-10-31&basis=finished&by=${by}`)).json()) as {
      rows: Array<{ key: string; label: string; finished: number; onTime: number; late: number; onTimeShare: number | null; medianWorkingSeconds: number | null; p90WorkingSeconds: number | null; maxWorkingSeconds: number | null; standardSeconds: number | null }>;
    }).rows;

  /** The rows of a sheet's table under its header row (the row whose first cell is `header`). */
  function table(sheet: string, header: string, book: ExcelJS.Workbook = wb): unknown[][] {
    const ws = book.getWorksheet(sheet)!;
    const rows: unknown[][] = [];
    let inTable = false;
    ws.eachRow({ includeEmpty: true }, (row) => {
      const values = (row.values as unknown[]).slice(1);
      if (!inTable) {
        inTable = values[0] === header;
        return;
      }
      if (values.length === 0 || values[0] === undefined || values[0] === null) inTable = false;
      else rows.push(values);
    });
    return rows;
  }

  it("has the sheets in order, Indonesian names, and the three charts on Ringkasan", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Ringkasan", "Per jenis izin", "Per tahapan", "Per petugas", "Pelanggaran", "Berjalan", "Data", "Metodologi"]);
    expect(wb.getWorksheet("Ringkasan")!.getImages()).toHaveLength(3);
    const ws = wb.getWorksheet("Data")!;
    expect(ws.views[0]).toMatchObject({ state: "frozen" });
    expect(ws.pageSetup).toMatchObject({ orientation: "landscape", fitToWidth: 1 });
  });

  it("gives the headline figures the API gives for the month", async () => {
    const [m] = await api("month");
    const figures = table("Ringkasan", "Angka");
    const value = (label: string) => figures.find((r) => r[0] === label)?.[1];
    expect(m!.finished).toBeGreaterThan(50);
    expect(value("Permohonan selesai")).toBe(m!.finished);
    expect(value("Tepat waktu")).toBe(m!.onTime);
    expect(value("Terlambat")).toBe(m!.late);
    expect(value("% tepat waktu")).toBeCloseTo(m!.onTimeShare!, 10);
    expect(value("Median waktu kerja (hari kerja)")).toBeCloseTo(m!.medianWorkingSeconds! / (7.5 * 3600), 10);
    expect(value("P90 waktu kerja (hari kerja)")).toBeCloseTo(m!.p90WorkingSeconds! / (7.5 * 3600), 10);
  });

  it("gives per permit type, step and officer what the API gives", async () => {
    for (const [sheet, by, header] of [["Per jenis izin", "permit_type", "Jenis izin"], ["Per tahapan", "step", "Langkah"], ["Per petugas", "officer", "Petugas"]] as const) {
      const rows = await api(by);
      const got = table(sheet, header);
      expect(got.length).toBe(rows.length);
      for (const r of rows) {
        const line = got.find((g) => g[0] === r.label)!;
        expect(line, `${sheet}: ${r.label}`).toBeDefined();
        const n = (v: unknown) => (v === undefined ? null : v);
        // Durations: working days per permit type, working hours per step (7.5-hour days at Kampar).
        const inDays = (x: number | null) => (x === null ? null : x / (7.5 * 3600));
        const inHours = (x: number | null) => (x === null ? null : x / 3600);
        const close = (got: unknown, want: number | null, what: string) => (want === null ? expect(n(got), what).toBeNull() : expect(got as number, what).toBeCloseTo(want, 9));
        if (by === "step") {
          expect([n(line[2]), n(line[3]), n(line[4])]).toEqual([r.finished, r.onTime, r.late]);
          close(line[6], inHours(r.medianWorkingSeconds), `${r.label} median`);
          close(line[7], inHours(r.p90WorkingSeconds), `${r.label} p90`);
          close(line[8], inHours(r.maxWorkingSeconds), `${r.label} max`);
          close(line[9], inHours(r.standardSeconds), `${r.label} standard`);
        } else if (by === "officer") expect([n(line[1]), n(line[2])]).toEqual([r.finished, r.onTime]);
        else {
          expect([n(line[1]), n(line[2]), n(line[3])]).toEqual([r.finished, r.onTime, r.late]);
          close(line[5], inDays(r.medianWorkingSeconds), `${r.label} median`);
          close(line[6], inDays(r.p90WorkingSeconds), `${r.label} p90`);
          close(line[7], inDays(r.maxWorkingSeconds), `${r.label} max`);
          close(line[8], inDays(r.standardSeconds), `${r.label} standard`);
          // The longest is no shorter than the 90th percentile, and both are there.
          expect(r.maxWorkingSeconds!).toBeGreaterThanOrEqual(r.p90WorkingSeconds!);
          expect(r.standardSeconds!).toBeGreaterThan(0);
        }
      }
    }
  });

  it("lists in Data every step occurrence of the month the query layer lists, one row each", async () => {
    const steps = await listSteps(t.database.db, { officeId: (await findOffice(t.database.db, "kampar", EVERY_OFFICE))!.id, from: "2026-10-01", to: "2026-10-31", basis: "finished", page: 1, pageSize: 1 });
    const data = table("Data", "No. permohonan");
    expect(steps.total).toBeGreaterThan(100);
    expect(data.length).toBe(steps.total);
    // Dates are real dates, durations numbers, never text.
    const first = data[0]!;
    expect(first[8]).toBeInstanceOf(Date);
    expect(typeof first[10]).toBe("number");
  });

  it("judges the permits open at the period's end by the office's own time, as the pages do", async () => {
    // A permit still open now that was returned to the applicant for two days on the way: its
    // share counts the office's time only (a share of gross time would be smaller, not larger).
    const T = "Izin Kerja Teknisi Gigi";
    const csvRows = [SICANTIK_HEADER, ...permitRows(9999, T, "2026-11-16 08:00", [
      ["Pengajuan Permohonan", "2026-11-16 08:00", "2026-11-16 08:05", ""],
      ["Pendaftaran", "2026-11-16 08:05", "2026-11-16 08:20", "Siti"],
      ["Pengajuan Permohonan", "2026-11-16 08:20", "2026-11-18 10:00", ""],
      ["Verifikasi Kasi", "2026-11-18 10:00", null, "Budi"],
    ])];
    writeFileSync(join(dir, "returned.csv"), `${csvRows.join("\n")}\n`);
    await runImport(t.database.db, clock, { office: "kampar", files: [{ name: "returned.csv", path: join(dir, "returned.csv") }] });
    const returned = (await (await testApp(t.database).request("/api/v1/permits?q=9999")).json()) as { permits: { id: number }[] };
    const detail = (await (await testApp(t.database).request(`/api/v1/permits/${returned.permits[0]!.id}`)).json()) as { applicantPauseSeconds: number };
    expect(detail.applicantPauseSeconds).toBeGreaterThan(3600);
    // A period up to now: each open permit's share at its end is the share the list shows now.
    const office = (await findOffice(t.database.db, "kampar", EVERY_OFFICE))!;
    const upToNow = join(dir, "report-now.xlsx");
    await writeReport(t.database.db, clock, { offices: [office], period: daysPeriod("2026-11-01", "2026-11-23"), lang: "id" }, upToNow);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(upToNow);
    const open = table("Berjalan", "No. permohonan", back);
    const listed = { total: 0, rows: [] as { permitNumber: string; shareUsed: number | null }[] };
    for (const status of ["open", "at_risk", "open_late"]) {
      const page = (await (await testApp(t.database).request(`/api/v1/permits?office=kampar&status=${status}&page_size=200`)).json()) as { total: number; permits: { permitNumber: string; shareUsed: number | null }[] };
      listed.total += page.total;
      listed.rows.push(...page.permits);
    }
    expect(listed.rows.length).toBe(listed.total);
    expect(open.length).toBe(listed.total);
    expect(open.length).toBeGreaterThan(0);
    for (const r of listed.rows) {
      const line = open.find((o) => o[0] === r.permitNumber)!;
      expect(line, r.permitNumber).toBeDefined();
      if (r.shareUsed === null) expect(line[4] ?? null).toBeNull();
      else expect(line[4] as number, r.permitNumber).toBeCloseTo(r.shareUsed, 6);
    }
  });

  it("counts a permit late at the period's end even when a later return to the applicant pushed its due past that end", async () => {
    // Late by the evening of Friday 30 October (2 h 25 min of office time against a day of it);
    // sent back to the applicant on 2 November and still there, which moves its due of today
    // past 31 October. October's report judges it as it stood on the 31st: late.
    const T = "Izin Kerja Teknisi Gigi";
    const n = "503/KMP/2026/9998";
    const csvRows = [SICANTIK_HEADER, ...permitRows(9998, T, "2026-10-30 07:50", [
      ["Pengajuan Permohonan", "2026-10-30 07:50", "2026-10-30 08:00", ""],
      ["Pendaftaran", "2026-10-30 08:00", "2026-10-30 08:10", "Siti"],
      ["Verifikasi Kasi", "2026-10-30 08:10", "2026-11-02 08:00", "Budi"],
      ["Pengajuan Permohonan", "2026-11-02 08:00", null, ""],
    ])];
    writeFileSync(join(dir, "late-then-returned.csv"), `${csvRows.join("\n")}\n`);
    await runImport(t.database.db, clock, { office: "kampar", files: [{ name: "late-then-returned.csv", path: join(dir, "late-then-returned.csv") }] });
    const found = (await (await testApp(t.database).request(`/api/v1/permits?q=9998`)).json()) as { permits: { id: number }[] };
    const detail = (await (await testApp(t.database).request(`/api/v1/permits/${found.permits[0]!.id}`)).json()) as { dueAt: string };
    expect(new Date(detail.dueAt).getTime()).toBeGreaterThan(new Date("2026-10-31T17:00:00Z").getTime());
    const office = (await findOffice(t.database.db, "kampar", EVERY_OFFICE))!;
    const october = join(dir, "report-october-again.xlsx");
    await writeReport(t.database.db, clock, { offices: [office], period: monthPeriod("2026-10"), lang: "id" }, october);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(october);
    const line = table("Berjalan", "No. permohonan", back).find((o) => o[0] === n);
    expect(line?.[5]).toBe("Berjalan, lewat waktu");
    expect(line?.[4] as number).toBeGreaterThan(1);
  });

  it("writes English sheet names when asked", async () => {
    const office = (await findOffice(t.database.db, "kampar", EVERY_OFFICE))!;
    const en = join(dir, "report-en.xlsx");
    await writeReport(t.database.db, clock, { offices: [office], period: monthPeriod(month), lang: "en" }, en);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(en);
    expect(back.worksheets.map((w) => w.name)).toEqual(["Summary", "By permit type", "By step", "By officer", "Violations", "Open", "Data", "Method"]);
  });

  // .ci/run installs LibreOffice; elsewhere the check runs where it is installed.
  it.skipIf((!LIBREOFFICE && !process.env.CI) || kind !== "pglite")("is accepted by LibreOffice, an Excel-compatible reader", () => {
    if (!LIBREOFFICE) throw new Error("no LibreOffice: install Debian's libreoffice-calc (.ci/run does)");
    const out = join(dir, "lo");
    execFileSync(LIBREOFFICE!, ["--headless", "--norestore", `-env:UserInstallation=file://${join(dir, "lo-profile")}`, "--convert-to", "pdf", "--outdir", out, file], { timeout: 120_000, stdio: "pipe" });
    expect(existsSync(join(out, "laporan-kampar-2026-10.pdf"))).toBe(true);
   }, 150_000);
});

describe.each(BACKENDS)("making reports: the Laporan page, the schedule and the command line, on %s", (kind) => {
  const t = useTestDatabase(kind);
  const clock = fixedClock(TEST_NOW);
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "mutubaku-report-sample-"));
    const sample = await writeSampleExport({ officeSlug: "kampar", months: 2, seed: 9, outDir: dir, now: clock.now(), permitsPerDay: 4 });
    await runImport(t.database.db, clock, { office: "kampar", files: sample.files.map((f) => ({ name: f.slice(f.lastIndexOf("/") + 1), path: f })) });
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
  const post = (path: string, form: Record<string, string>) =>
    t.app.request(path, { method: "POST", body: new URLSearchParams(form), headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" } });

  it("makes a report from the page, lists it, and streams it as laporan-kampar-2026-10.xlsx", async () => {
    const res = await post("/laporan", { office: "kampar", month: "2026-10", lang: "id" });
    expect(res.status).toBe(303);
    await settleBackground(t.database);
    const page = visibleText(await (await t.app.request("/laporan")).text());
    expect(page).toMatch(/DPMPTSP Kabupaten Kampar 1 Oktober 2026 – 31 Oktober 2026 ID siap [0-9,]+ MB 23 Nov 2026/);
    const [report] = await t.database.db.selectFrom("report").select(["id", "status", "made_by"]).execute();
    // Made by whoever asked: the signed-in user.
    expect(report).toMatchObject({ status: "done", made_by: "Admin Uji <admin@mutubaku.test>" });
    const file = await t.app.request(`/laporan/${report!.id}/unduh`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="laporan-kampar-2026-10.xlsx"');
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(back.worksheets[0]!.name).toBe("Ringkasan");
    expect((await t.app.request("/laporan/999999/unduh")).status).toBe(404);
    // Beranda (November, set against October) links to last month's report.
    expect(await (await t.app.request("/?office=kampar")).text()).toContain(`href="/laporan/${report!.id}/unduh" data-testid="last-month-report"`);
  });

  it("says a report's data changed after a later import, and makes it again keeping the old file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mutubaku-report-later-"));
    const later = await writeSampleExport({ officeSlug: "kampar", months: 1, seed: 10, outDir: dir, now: clock.now(), permitsPerDay: 1 });
    await runImport(t.database.db, clock, { office: "kampar", files: later.files.map((f) => ({ name: "later.csv", path: f })) });
    rmSync(dir, { recursive: true, force: true });
    expect(visibleText(await (await t.app.request("/laporan")).text())).toContain("data berubah");
    const [old] = await t.database.db.selectFrom("report").select("id").execute();
    expect((await post(`/laporan/${old!.id}/ulang`, {})).status).toBe(303);
    await settleBackground(t.database);
    const reports = await t.database.db.selectFrom("report").select(["id", "status"]).orderBy("id").execute();
    expect(reports).toHaveLength(2);
    expect(reports[1]!.status).toBe("done");
    for (const r of reports) expect((await t.app.request(`/laporan/${r.id}/unduh`)).status).toBe(200);
  }, 120_000);

  it("refuses a bad period with a message", async () => {
    const res = await post("/laporan", { office: "kampar", month: "2026-13", lang: "id" });
    expect(res.status).toBe(400);
    expect(visibleText(await res.text())).toContain('Periode tidak sah: not a month: "2026-13"');
    const none = await post("/laporan", { month: "2026-10", lang: "id" });
    expect(none.status).toBe(400);
    expect(visibleText(await none.text())).toContain("office: pilih satu kantor atau lebih");
  });

  it("writes last month's report of every office with data once, from 07:00 on the 1st, however many runners race", async () => {
    const deps = (now: string) => ({ db: t.database.db, clock: fixedClock(now), logger: silentLogger, reportsDir: reportsDirOf(t.database), lang: "id" as const });
    expect(dueReportMonth(new Date("2026-11-30T23:59:00Z"), "Asia/Jakarta")).toBe("2026-10"); // 06:59 WIB on 1 December
    expect(dueReportMonth(new Date("2026-12-01T00:01:00Z"), "Asia/Jakarta")).toBe("2026-11"); // 07:01 WIB
    // Only Kampar has imported anything: the other offices have nothing to report.
    const before = await Promise.all([runMonthlyReports(deps("2026-11-30T23:59:00Z")), runMonthlyReports(deps("2026-11-30T23:59:00Z"))]);
    expect(before.flat().map((r) => `${r.office} ${r.month}`)).toEqual(["kampar 2026-10"]);
    const after = await Promise.all([runMonthlyReports(deps("2026-12-01T00:01:00Z")), runMonthlyReports(deps("2026-12-01T00:01:00Z"))]);
    expect(after.flat().map((r) => `${r.office} ${r.month}`)).toEqual(["kampar 2026-11"]);
    const scheduled = await t.database.db.selectFrom("report").select(["office_id", "period_from", "status"]).where("scheduled", "=", true).execute();
    expect(scheduled).toHaveLength(2);
    expect(scheduled.every((r) => r.status === "done")).toBe(true);
    // A restart later that month finds nothing left to do.
    expect(await runMonthlyReports(deps("2026-12-05T03:00:00Z"))).toEqual([]);
  });
});

describe.each(BACKENDS)("a report for two offices on %s", (kind) => {
  const t = useTestDatabase(kind);
  const clock = fixedClock(TEST_NOW);
  let wb: ExcelJS.Workbook;
  let disposition: string | null = null;
  let listed = "";
  let stored: { office_id: number | null; office_ids: number[] | null } | undefined;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "mutubaku-report-two-"));
    for (const [slug, seed] of [["kampar", 11], ["pekanbaru", 12]] as const) {
      const sample = await writeSampleExport({ officeSlug: slug, months: 2, seed, outDir: join(dir, slug), now: clock.now(), permitsPerDay: 4 });
      await runImport(t.database.db, clock, { office: slug, files: sample.files.map((f) => ({ name: f.slice(f.lastIndexOf("/") + 1), path: f })) });
    }
    rmSync(dir, { recursive: true, force: true });
    // Two boxes ticked on the Laporan page: the office field twice.
    const body = new URLSearchParams([["office", "pekanbaru"], ["office", "kampar"], ["month", "2026-10"], ["lang", "id"]]);
    const res = await t.app.request("/laporan", { method: "POST", body, headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(303);
    await settleBackground(t.database);
    listed = visibleText(await (await t.app.request("/laporan")).text());
    const [report] = await t.database.db.selectFrom("report").select(["id", "status", "office_id", "office_ids"]).execute();
    expect(report?.status).toBe("done");
    stored = report;
    const file = await t.app.request(`/laporan/${report!.id}/unduh`);
    disposition = file.headers.get("content-disposition");
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ExcelJS.Buffer);
  }, 180_000);

  type ApiRow = { key: string; label: string; finished: number; onTime: number; late: number };
  const api = async (office: string, by: string) =>
    ((await (await t.app.request(`/api/v1/compliance?office=${office}&from=2026-10-01&to=2026-10-31&basis=finished&by=${by}`)).json()) as { rows: ApiRow[] }).rows;
  const rowsOf = (sheet: string, header: string) => {
    const out: unknown[][] = [];
    let inTable = false;
    wb.getWorksheet(sheet)!.eachRow({ includeEmpty: true }, (row) => {
      const values = (row.values as unknown[]).slice(1);
      if (!inTable) inTable = values[0] === header;
      else if (values.length === 0 || values[0] === undefined || values[0] === null) inTable = false;
      else out.push(values);
    });
    return out;
  };

  it("records both offices, lists them, and is downloaded as laporan-kampar-pekanbaru-2026-10.xlsx", async () => {
    const ids = await Promise.all(["kampar", "pekanbaru"].map(async (s) => (await findOffice(t.database.db, s, EVERY_OFFICE))!.id));
    expect(stored).toMatchObject({ office_id: null, office_ids: [...ids].sort((a, b) => a - b) });
    expect(disposition).toBe('attachment; filename="laporan-kampar-pekanbaru-2026-10.xlsx"');
    expect(listed).toMatch(/DPMPTSP Kabupaten Kampar, DPMPTSP Kota Pekanbaru 1 Oktober 2026 – 31 Oktober 2026 ID siap/);
  });

  it("names both offices in its headings and gives each one's calendar", () => {
    const ringkasan = wb.getWorksheet("Ringkasan")!;
    expect(ringkasan.getCell("A2").value).toBe("Kantor: DPMPTSP Kabupaten Kampar, DPMPTSP Kota Pekanbaru");
    const method: string[] = [];
    wb.getWorksheet("Metodologi")!.eachRow((row) => method.push(String(row.getCell(1).value ?? "")));
    expect(method).toContain("Kalender · DPMPTSP Kabupaten Kampar");
    expect(method).toContain("Kalender · DPMPTSP Kota Pekanbaru");
    expect(method.some((r) => r.includes("Rokan Hilir"))).toBe(false);
  });

  it("gives on Ringkasan and Per jenis izin the sums of what the API gives for each office", async () => {
    const [a, b] = [(await api("kampar", "month"))[0]!, (await api("pekanbaru", "month"))[0]!];
    const figures = rowsOf("Ringkasan", "Angka");
    const value = (label: string) => figures.find((r) => r[0] === label)?.[1];
    expect(a.finished).toBeGreaterThan(0);
    expect(b.finished).toBeGreaterThan(0);
    expect(value("Permohonan selesai")).toBe(a.finished + b.finished);
    expect(value("Tepat waktu")).toBe(a.onTime + b.onTime);
    expect(value("Terlambat")).toBe(a.late + b.late);
    expect(value("% tepat waktu")).toBeCloseTo((a.onTime + b.onTime) / (a.finished + b.finished), 10);
    const types = rowsOf("Per jenis izin", "Jenis izin");
    const want = [...(await api("kampar", "permit_type")), ...(await api("pekanbaru", "permit_type"))];
    const sums = new Map<string, number[]>();
    for (const r of want) {
      const s = sums.get(r.label) ?? [0, 0, 0];
      sums.set(r.label, [s[0]! + r.finished, s[1]! + r.onTime, s[2]! + r.late]);
    }
    expect(types.length).toBe(sums.size);
    for (const [label, counts] of sums) expect(types.find((r) => r[0] === label)?.slice(1, 4), label).toEqual(counts);
  });
});

describe("mutubaku report", () => {
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-report-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_URL: "", DATA_DIR: join(dir, "data"), REPORTS_DIR: join(dir, "reports") };

  it("writes a report where asked and says where, and names what is wrong", { timeout: 180_000 }, async () => {
    const out = join(dir, "okt.xlsx");
    const ok = await runCli(["report", "--office", "kampar", "--month", "2026-10", "--out", out], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`Laporan ditulis: ${out}`);
    expect(existsSync(out)).toBe(true);
    const unknown = await runCli(["report", "--office", "kampur", "--month", "2026-10"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown office "kampur" (known: kampar, rokan-hilir, pekanbaru, or "semua")');
    const badMonth = await runCli(["report", "--office", "kampar", "--month", "2026-13"], env);
    expect(badMonth.code).toBe(2);
    expect(badMonth.stderr).toContain('not a month: "2026-13"');
    // A file where a folder should be (the tests run as root, who may write anywhere else).
    writeFileSync(join(dir, "berkas"), "");
    const unwritable = await runCli(["report", "--office", "kampar", "--month", "2026-10", "--out", join(dir, "berkas", "okt.xlsx")], env);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain(`cannot write ${join(dir, "berkas", "okt.xlsx")}: a part of ${join(dir, "berkas")} is a file, not a folder`);
  });

  it("writes one report of several offices given as a comma list, and names each unknown one", { timeout: 180_000 }, async () => {
    const ok = await runCli(["report", "--office", "pekanbaru,kampar", "--month", "2026-10"], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Laporan #\d+ ditulis: .*\/laporan-kampar-pekanbaru-2026-10-\d+\.xlsx/);
    const unknown = await runCli(["report", "--office", "kampar,kampur,pekanbru", "--month", "2026-10"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown offices "kampur", "pekanbru" (known: kampar, rokan-hilir, pekanbaru, or "semua")');
  });
});
