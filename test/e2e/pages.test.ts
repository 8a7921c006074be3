import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import ExcelJS from "exceljs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { createApp } from "../../src/web/app.tsx";
import { TEST_NOW } from "../support/app.ts";
import { openTestDatabase } from "../support/test-db.ts";

// The main pages in a real browser (Debian's chromium, driven by playwright-core) on a sample of
// two offices: each page opens, shows its charts and figures, a drill-down link leads to the list
// behind a figure, and every page is saved as a screenshot in test-results/screenshots/.

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = join(process.cwd(), "test-results", "screenshots");

describe("the dashboard in headless Chromium", () => {
  let database: Database;
  let server: ServerType;
  let browser: Browser;
  let base = "";
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-e2e-"));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH; .ci/run installs it`);
    mkdirSync(SHOTS, { recursive: true });
    database = await openTestDatabase("pglite");
    const clock = fixedClock(TEST_NOW);
    for (const office of ["kampar", "pekanbaru"]) {
      const sample = await writeSampleExport({ officeSlug: office, months: 3, seed: 5, outDir: join(dir, office), now: new Date(TEST_NOW) });
      await runImport(database.db, clock, { office, files: sample.files.map((f) => ({ name: f.slice(f.lastIndexOf("/") + 1), path: f })) });
    }
    const app = createApp({ db: database.db, clock, logger: silentLogger, reportsDir: join(dir, "reports") });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string, shot: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const res = await page.goto(`${base}${path}`);
    expect(res?.status(), path).toBe(200);
    await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
    return page;
  }

  it("Beranda shows the month's figures and four charts; a figure leads to the permits it counts", async () => {
    const page = await open("/", "beranda");
    await expect(page.locator("h1").textContent()).resolves.toBe("Beranda");
    expect(await page.locator("figure.chart svg[aria-description]").count()).toBe(4);
    const finished = page.locator(".stat").first().locator("a.figure-link").first();
    const n = Number((await finished.textContent())!.replace(/\./g, ""));
    expect(n).toBeGreaterThan(0);
    await finished.click();
    await page.waitForURL(/\/permohonan\?/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Permohonan");
    expect(await page.locator(".pager").textContent()).toContain(`${n.toLocaleString("id-ID")} baris`);
    expect(await page.locator("table.permits tbody tr").count()).toBe(Math.min(n, 50));
    await page.screenshot({ path: join(SHOTS, "beranda-drilldown.png"), fullPage: true });
    await page.close();
  });

  it("a bar of the trend chart is a link to that month's permits", async () => {
    const page = await open("/?office=kampar", "beranda-kampar");
    const bar = page.locator('section[aria-labelledby="h-trend"] svg a[href*="status=late"]').last();
    const href = await bar.getAttribute("href");
    expect(href).toContain("from=2026-11-01");
    await bar.click();
    await page.waitForURL(/status=late/);
    expect(await page.locator("table.permits .status-late").count()).toBeGreaterThan(0);
    expect(await page.locator("table.permits .status-on_time").count()).toBe(0);
    await page.close();
  });

  it("Jenis izin, Permohonan, Detail, Langkah and Petugas open with their charts and figures", async () => {
    const types = await open("/jenis-izin", "jenis-izin");
    expect(await types.locator("tbody tr").count()).toBeGreaterThanOrEqual(3);
    await types.locator('tbody a[href^="/jenis-izin/"]').first().click();
    await types.waitForURL(/\/jenis-izin\/[a-z-]+/);
    expect(await types.locator("svg[aria-description^='Histogram']").count()).toBeGreaterThan(0);
    await types.screenshot({ path: join(SHOTS, "jenis-izin-detail.png"), fullPage: true });
    await types.close();

    const list = await open("/permohonan", "permohonan");
    await list.fill('input[name="q"]', "0001");
    await list.click("form.search button");
    await list.waitForURL(/q=0001/);
    const rows = await list.locator("table.permits tbody tr").count();
    expect(rows).toBeGreaterThan(0);
    await list.locator("table.permits tbody a").first().click();
    await list.waitForURL(/\/permohonan\/\d+$/);
    expect(await list.locator("svg[aria-description^='Linimasa']").count()).toBe(1);
    expect(await list.locator("details.source-row").count()).toBeGreaterThan(1);
    await list.screenshot({ path: join(SHOTS, "permohonan-detail.png"), fullPage: true });
    await list.close();

    const officers = await open("/petugas", "petugas");
    expect(await officers.locator("figure.chart svg").count()).toBe(1);
    await officers.locator("tbody a.figure-link").first().click();
    await officers.waitForURL(/\/langkah\?/);
    expect(await officers.locator("tbody tr").count()).toBeGreaterThan(0);
    await officers.screenshot({ path: join(SHOTS, "langkah.png"), fullPage: true });
    await officers.close();
  });

  it("reads on a phone: no sideways scrolling of the page, and English on request", async () => {
    const page = await open("/?lang=en", "beranda-phone-en", 390);
    await expect(page.locator("h1").textContent()).resolves.toBe("Home");
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });

  it("Laporan makes a report and downloads it as an Excel file", async () => {
    const page = await open("/laporan", "laporan");
    await page.check('input[name="office"][value="kampar"]');
    await page.fill('input[name="month"]', "2026-10");
    await page.click('form[data-testid="report-form"] button[type="submit"]');
    await page.waitForURL(/\/laporan$/);
    // The page reloads itself while the report is made.
    const link = page.locator('table[data-testid="reports"] a', { hasText: "Unduh" }).first();
    await link.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, "laporan-made.png"), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("laporan-kampar-2026-10.xlsx");
    const saved = join(dir, "downloaded.xlsx");
    await download.saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    expect(wb.worksheets[0]!.name).toBe("Ringkasan");
    await page.close();
  });

  it("prints without the navigation and filters", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("nav.tabs").isVisible()).toBe(false);
    expect(await page.locator("figure.chart svg").first().isVisible()).toBe(true);
    await page.pdf({ path: join(SHOTS, "beranda-print.pdf") });
    await page.close();
  });
});
