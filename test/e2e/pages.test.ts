import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import ExcelJS from "exceljs";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { raiseDueAlerts } from "../../src/jobs/raise-alerts.ts";
import { hashPassword } from "../../src/auth/password.ts";
import { createUser } from "../../src/db/repos/users.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { createApp } from "../../src/web/app.tsx";
import { sessionCookie, TEST_NOW } from "../support/app.ts";
import { permitRows, SICANTIK_HEADER } from "../support/sicantik-rows.ts";
import { openTestDatabase } from "../support/test-db.ts";

// The main pages in a real browser (Debian's chromium, driven by playwright-core) on a sample of
// two offices: each page opens, shows its charts and figures, a drill-down link leads to the list
// behind a figure, and every page is saved as a screenshot in test-results/screenshots/.

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = join(process.cwd(), "test-results", "screenshots");

interface ScreenMeasure {
  /** How far the page scrolls sideways. */
  sideways: number;
  chips: number;
  clipped: string[];
  labels: number;
  small: string[];
}

// Run in the page (a string: this project's TypeScript knows no DOM). Each Status chip in a table
// must be inside the visible part of its cell: the viewport, cut by every ancestor that clips or
// scrolls; each chart text must be at least 11 px as drawn, after the SVG is scaled to its card.
// The 12-month trend chart is being redrawn on its own (src/charts/trend.ts) and is not measured yet.
const MEASURE_SCREEN = `(() => {
  const doc = document.documentElement;
  const out = { sideways: doc.scrollWidth - doc.clientWidth, chips: 0, clipped: [], labels: 0, small: [] };
  for (const chip of document.querySelectorAll("td .chip.status")) {
    out.chips++;
    const r = chip.getBoundingClientRect();
    let left = 0;
    let right = doc.clientWidth;
    for (let a = chip.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === "visible") continue;
      const box = a.getBoundingClientRect();
      left = Math.max(left, box.left);
      right = Math.min(right, box.right);
    }
    if (r.width === 0 || r.left < left - 0.5 || r.right > right + 0.5 || chip.scrollWidth > chip.clientWidth)
      out.clipped.push('"' + chip.textContent + '" ' + Math.round(r.left) + "–" + Math.round(r.right) + " px, visible " + Math.round(left) + "–" + Math.round(right) + " px");
  }
  for (const svg of document.querySelectorAll("figure.chart svg[viewBox]")) {
    const shown = svg.getBoundingClientRect().width;
    if (shown === 0) continue;
    const scale = shown / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll("text")) {
      out.labels++;
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (px < 11) out.small.push(text.textContent + ": " + px.toFixed(1) + " px");
    }
  }
  return out;
})()`;

describe("the dashboard in headless Chromium", () => {
  let database: Database;
  let server: ServerType;
  let browser: Browser;
  let cookieName = "";
  let cookieValue = "";

  /** A page of a browser context of its own (its own language cookie), signed in; closing it closes the context. */
  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context: BrowserContext = await browser.newContext({ acceptDownloads: true, ...options });
    await context.addCookies([{ name: cookieName, value: cookieValue, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    page.once("close", () => void context.close().catch(() => {}));
    return page;
  }
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
    // The pages are walked signed in (one session); the sign-in itself is a test of its own.
    [cookieName, cookieValue] = (await sessionCookie(database.db, new Date(TEST_NOW))).split("=") as [string, string];
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string, shot: string, width = 1280): Promise<Page> {
    const page = await newPage();
    // What the Content-Security-Policy refused (a script, style or image the page needs), as Chromium reports it.
    const refused: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.setViewportSize({ width, height: 900 });
    const res = await page.goto(`${base}${path}`);
    expect(res?.status(), path).toBe(200);
    await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
    expect(refused, path).toEqual([]);
    return page;
  }

  it("sends a visitor to Masuk, signs in with e-mail and password back to the page asked for, and signs out", async () => {
    await createUser(database.db, { email: "kepala@kampar.go.id", name: "Kepala Dinas", passwordHash: await hashPassword("tenang-sekali-pagi-ini"), role: "admin", allOffices: true }, new Date(TEST_NOW));
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.goto(`${base}/permohonan?office=kampar`);
    await page.waitForURL(/\/masuk\?next=/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Masuk");
    expect(await page.locator("nav[aria-label=Menu]").count()).toBe(0);
    await page.fill('input[name="email"]', "kepala@kampar.go.id");
    await page.fill('input[name="password"]', "salah-sama-sekali");
    await page.click('button[type="submit"]');
    await expect(page.getByTestId("sign-in-error").textContent()).resolves.toContain("E-mail atau kata sandi salah.");
    await page.fill('input[name="password"]', "tenang-sekali-pagi-ini");
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/permohonan\?office=kampar$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Permohonan");
    expect(await page.locator(".account").textContent()).toContain("Masuk sebagai Kepala Dinas");
    await page.screenshot({ path: join(SHOTS, "signed-in.png"), fullPage: true });
    await page.getByRole("button", { name: "Keluar" }).click();
    await page.waitForURL(/\/masuk$/);
    await page.goto(`${base}/`);
    await page.waitForURL(/\/masuk\?next=/);
    await visitor.close();
  });

  it("Beranda shows the month's figures and four charts; a figure leads to the permits it counts", async () => {
    const page = await open("/", "beranda");
    await expect(page.locator("h1").textContent()).resolves.toBe("Beranda");
    expect(await page.locator("figure.chart svg[aria-description]:visible").count()).toBe(4);
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

  it("a bar of the trend chart is a link to that month's permits, as many as its title counts", async () => {
    const page = await open("/?office=kampar", "beranda-kampar");
    const bar = page.locator('section[aria-labelledby="h-trend"] svg:visible a[href*="from=2026-11-01"]').last();
    const href = await bar.getAttribute("href");
    expect(href).toContain("status=on_time%2Clate");
    // "November 2026: 84% tepat waktu (157 dari 186 selesai)"
    const title = (await bar.locator("title").textContent())!;
    const finished = Number(/dari ([\d.]+) selesai/.exec(title)![1]!.replace(/\./g, ""));
    expect(finished).toBeGreaterThan(0);
    await bar.click();
    await page.waitForURL(/from=2026-11-01/);
    expect(await page.locator(".pager").textContent()).toContain(`${finished.toLocaleString("id-ID")} baris`);
    expect(await page.locator("table.permits .status-open").count()).toBe(0);
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
    expect(await list.locator("svg[aria-description^='Linimasa']:visible").count()).toBe(1);
    expect(await list.locator("details.source-row").count()).toBeGreaterThan(1);
    await list.screenshot({ path: join(SHOTS, "permohonan-detail.png"), fullPage: true });
    await list.close();

    const officers = await open("/petugas", "petugas");
    expect(await officers.locator("figure.chart svg:visible").count()).toBe(1);
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

  it("shows the unacknowledged alerts in the header, opens Peringatan from it, and acknowledges one", async () => {
    // The sample's open permits already past a threshold are alerted by the job's first run.
    const { alertIds } = await raiseDueAlerts({ db: database.db, clock: fixedClock(TEST_NOW) });
    expect(alertIds.length).toBeGreaterThan(0);
    const page = await open("/impor", "alerts-header");
    const counter = page.getByTestId("alert-counter");
    const count = async () => Number((await counter.locator(".count").textContent())!.replace(/\./g, ""));
    expect(await count()).toBe(alertIds.length);
    await counter.click();
    await page.waitForURL(/\/peringatan$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Peringatan");
    const rows = page.locator('[data-testid="alert-list"] tbody tr');
    expect(await rows.count()).toBe(Math.min(alertIds.length, 50));
    const number = await rows.first().locator("td").nth(2).textContent();
    await page.screenshot({ path: join(SHOTS, "peringatan.png"), fullPage: true });
    await rows.first().getByRole("button", { name: "Tandai sudah dilihat" }).click();
    await page.waitForURL(/\/peringatan$/);
    expect(await count()).toBe(alertIds.length - 1);
    // Acknowledged rows follow the unacknowledged ones: the one just marked is now further down.
    await page.locator('[data-testid="alert-list"] tbody tr', { hasText: number! }).last().getByRole("link").first().click();
    await page.waitForURL(/\/peringatan\/\d+$/);
    expect(await page.getByTestId("alert-history").textContent()).toContain("Ditandai sudah dilihat");
    await page.close();
  });

  it("imports a file from Impor with its script and without JavaScript, each carrying the session's CSRF token", async () => {
    const csv = (n: number) =>
      [SICANTIK_HEADER, ...permitRows(n, "Izin Kerja Teknisi Gigi", "2026-11-02 08:00", [["Pendaftaran", "2026-11-02 08:00", "2026-11-02 08:10", "Rina"]])].join("\n");
    for (const [javaScriptEnabled, n] of [[true, 8801], [false, 8802]] as const) {
      const page = await newPage({ javaScriptEnabled });
      await page.goto(`${base}/impor`);
      await page.selectOption('select[name="office"]', "kampar");
      await page.setInputFiles('input[name="file"]', { name: `ekspor-${n}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv(n)) });
      await page.click('#import-form button[type="submit"]');
      await page.waitForURL(/\/impor\/\d+$/);
      expect(await page.locator("main").textContent(), `JavaScript ${javaScriptEnabled}`).toContain(`ekspor-${n}.csv`);
      await page.close();
    }
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

  /** The main pages, with a permit type's, a permit's and an SOP's own page picked from the lists. */
  async function mainPages(): Promise<Record<string, string>> {
    const page = await newPage();
    await page.goto(`${base}/jenis-izin`);
    const sop = (await page.locator('tbody a[href^="/jenis-izin/"]').first().getAttribute("href"))!.split("?")[0]!;
    await page.goto(`${base}/permohonan`);
    const permit = (await page.locator("table.permits tbody a").first().getAttribute("href"))!;
    await page.close();
    return {
      beranda: "/",
      "jenis-izin": "/jenis-izin",
      "jenis-izin-detail": sop,
      permohonan: "/permohonan",
      "permohonan-detail": permit,
      langkah: "/langkah",
      petugas: "/petugas",
      sop: `/sop/${sop.replace("/jenis-izin/", "")}`,
      kalender: "/kantor/kampar/kalender",
    };
  }

  it("fits 1366 px and a 390 px phone: no page scrolls sideways, every Status chip is whole, chart labels are at least 11 px", async () => {
    const problems: string[] = [];
    let chips = 0;
    let labels = 0;
    for (const width of [1366, 390]) {
      for (const [name, path] of Object.entries(await mainPages())) {
        const page = await open(path, `${name}-${width}`, width);
        const m = await page.evaluate<ScreenMeasure>(MEASURE_SCREEN);
        if (m.sideways > 1) problems.push(`${path} at ${width} px scrolls sideways by ${m.sideways} px`);
        for (const c of m.clipped.slice(0, 3)) problems.push(`${path} at ${width} px: Status chip ${c}`);
        for (const c of m.small.slice(0, 3)) problems.push(`${path} at ${width} px: chart text ${c}`);
        chips += m.chips;
        labels += m.labels;
        await page.close();
      }
    }
    expect(problems).toEqual([]);
    // The pages measured did have chips and chart labels to measure.
    expect(chips).toBeGreaterThan(100);
    expect(labels).toBeGreaterThan(100);
  }, 120_000);

  it("prints on A4 landscape: each main page within its page count, Beranda with its heading and no controls, a permit with all its step columns", async () => {
    // Bounds at this sample (3 months, two offices): the list pages hold 50 rows, about 20 a sheet.
    const bounds: Record<string, number> = { beranda: 3, "jenis-izin": 2, "jenis-izin-detail": 6, permohonan: 3, "permohonan-detail": 3, langkah: 5, petugas: 3, sop: 3, kalender: 6 };
    const pages = await mainPages();
    const counts: Record<string, number> = {};
    for (const [name, path] of Object.entries(pages)) {
      const page = await newPage();
      await page.goto(`${base}${path}`);
      await page.emulateMedia({ media: "print" });
      const pdf = await page.pdf({ path: join(SHOTS, `${name}-print.pdf`), preferCSSPageSize: true, printBackground: true });
      const text = pdf.toString("latin1");
      counts[name] = (text.match(/\/Type\s*\/Page\b/g) ?? []).length;
      // A4 landscape, as the print style asks: 842 × 595 pt.
      expect(/\/MediaBox\s*\[\s*0 0 (841\.\d+|842) (59[45](\.\d+)?)\s*\]/.test(text), `${path} on A4 landscape`).toBe(true);

      if (name === "beranda") {
        expect(await page.locator("input:visible, select:visible, button:visible, textarea:visible").count()).toBe(0);
        expect(await page.locator("nav.tabs").isVisible()).toBe(false);
        const heading = page.getByTestId("print-heading");
        expect(await heading.isVisible()).toBe(true);
        const said = (await heading.textContent())!;
        expect(said).toContain("Semua kantor");
        expect(said).toMatch(/periode \d+ \S+ \d{4} – \d+ \S+ \d{4}/);
        expect(said).toContain("Dicetak pada 23 Nov 2026");
        // Every chart prints, in the one drawing that fits the paper.
        expect(await page.locator("figure.chart svg:visible").count()).toBe(await page.locator("figure.chart").count());
      }
      if (name === "permohonan-detail") {
        // Every column of the step table is on paper: inside the printed width, none cut off.
        const paper = await page.evaluate<number>("document.documentElement.clientWidth");
        const columns: string[] = [];
        for (const th of await page.locator("table.steps thead th").all()) {
          const text = (await th.textContent())!.trim();
          columns.push(text);
          const box = (await th.boundingBox())!;
          expect(box.width, text).toBeGreaterThan(0);
          expect(box.x + box.width, text).toBeLessThanOrEqual(paper + 0.5);
        }
        expect(columns).toEqual(expect.arrayContaining(["Batas waktu", "Waktu kerja", "% standar terpakai", "Status"]));
        const chips = await page.locator("table.steps td .chip.status").all();
        expect(chips.length).toBeGreaterThan(0);
        for (const chip of chips) {
          const box = (await chip.boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(paper + 0.5);
        }
      }
      await page.close();
    }
    for (const [name, n] of Object.entries(counts)) {
      expect(n, `${pages[name]} printed pages`).toBeGreaterThan(0);
      expect(n, `${pages[name]} printed pages`).toBeLessThanOrEqual(bounds[name]!);
    }
  }, 120_000);

  it("downloads each list export: Permohonan's CSV and XLSX links give every row of the list, not its page", async () => {
    const page = await open("/permohonan?office=kampar", "permohonan-unduh");
    const total = Number(/· ([\d.]+) baris/.exec((await page.locator(".pager").textContent())!)![1]!.replace(/\./g, ""));
    expect(total).toBeGreaterThan(50);
    const bytesOf = async (d: { createReadStream(): Promise<AsyncIterable<Buffer>> }) => {
      const parts: Buffer[] = [];
      for await (const part of await d.createReadStream()) parts.push(part);
      return Buffer.concat(parts);
    };

    const [csv] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="download-csv"]')]);
    expect(csv.suggestedFilename()).toBe("permohonan-kampar-2025-12-01_2026-11-23.csv");
    const text = (await bytesOf(csv)).toString("utf8");
    expect(text.startsWith("\uFEFFNomor permohonan,")).toBe(true);
    // A line a permit (no field of these holds a line break), after the header.
    expect(text.split("\r\n").filter((line) => line !== "").length - 1).toBe(total);

    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="download-xlsx"]')]);
    expect(xlsx.suggestedFilename()).toBe("permohonan-kampar-2025-12-01_2026-11-23.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytesOf(xlsx)) as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.views[0] as { ySplit: number }).ySplit;
    expect(sheet.getRow(header).getCell(1).value).toBe("Nomor permohonan");
    expect(sheet.rowCount - header).toBe(total);
    await page.close();
  });
});
