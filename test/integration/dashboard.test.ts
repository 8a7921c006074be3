import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { TEST_NOW, visibleText } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// The dashboard pages on a Kampar sample of four months, read as a head of office would: the
// figures, the charts, and that every figure leads to a list of exactly that many rows.

const unescape = (s: string) => s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
/** "2.799" (id-ID) → 2799 */
const parseCount = (s: string) => Number(s.replace(/\./g, ""));

/** Every figure on a page: the number shown and the list it links to. */
function figures(html: string): { n: number; href: string }[] {
  return [...html.matchAll(/<a href="([^"]+)" class="figure-link"[^>]*>([\d.]+)<\/a>/g)].map((m) => ({ href: unescape(m[1]!), n: parseCount(m[2]!) }));
}

/** The row count a list page states under its table. */
function listTotal(html: string): number {
  const m = /Halaman [\d.]+ dari [\d.]+ · ([\d.]+) baris/.exec(visibleText(html));
  if (!m) throw new Error("no pager on the page");
  return parseCount(m[1]!);
}

describe.each(BACKENDS)("the dashboard on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-dashboard-"));
  const get = async (path: string) => {
    const res = await t.app.request(path);
    const html = await res.text();
    return { status: res.status, html, text: visibleText(html) };
  };
  const api = async (path: string) => (await t.app.request(path)).json() as Promise<Record<string, unknown>>;

  beforeAll(async () => {
    const sample = await writeSampleExport({ officeSlug: "kampar", months: 4, seed: 3, outDir: dir, now: new Date(TEST_NOW) });
    await runImport(t.database.db, fixedClock(TEST_NOW), { office: "kampar", files: sample.files.map((f) => ({ name: "kampar.csv", path: f })) });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("Beranda: the month so far against the same days of last month, with the same counts as the API", async () => {
    // TEST_NOW is 23 November: November so far is set against 1–23 October, not all of October.
    const { status, text, html } = await get("/?office=kampar");
    expect(status).toBe(200);
    expect(text).toContain("1–23 November 2026 dibanding 1–23 Oktober 2026");
    const rowOf = async (from: string, to: string) =>
      ((await api(`/api/v1/compliance?office=kampar&from=${from}&to=${to}&basis=finished&by=month`)).rows as { finished: number; onTime: number; late: number }[])[0]!;
    const [nov, oct, wholeOct] = await Promise.all([rowOf("2026-11-01", "2026-11-23"), rowOf("2026-10-01", "2026-10-23"), rowOf("2026-10-01", "2026-10-31")]);
    expect(nov.finished).toBeGreaterThan(20);
    // The sample finishes permits all month long: the whole of October is more than its first 23 days.
    expect(wholeOct.finished).toBeGreaterThan(oct.finished);
    const n = (x: number) => x.toLocaleString("id-ID").replace(".", "\\.");
    expect(text).toMatch(new RegExp(`Permohonan selesai ${n(nov.finished)} .*Tanggal sama bulan lalu: ${n(oct.finished)} Tepat waktu`));
    expect(html).toMatch(new RegExp(`href="/permohonan\\?office=kampar&amp;from=2026-10-01&amp;to=2026-10-23&amp;basis=finished&amp;status=on_time%2Clate" class="figure-link"[^>]*>${n(oct.finished)}</a>`));
    const share = Math.round((100 * nov.onTime) / nov.finished);
    expect(text).toContain(`Tepat waktu (%) ${share}%`);
    expect(text).toContain(`${nov.onTime.toLocaleString("id-ID")} tepat waktu dari ${nov.finished.toLocaleString("id-ID")}`);
    // Counts get an arrow, but neither green nor red: more permits is neither good nor bad.
    expect(html).toMatch(/Permohonan selesai<\/h3><p class="big"><a[^>]*>[\d.]+<\/a> <span class="change same">/);
    // Open now: the total, then each part with its label beside its number.
    const totals = await Promise.all(["open_late", "at_risk", "open"].map(async (s) => (await api(`/api/v1/permits?office=kampar&status=${s}&page_size=1`)).total as number));
    const openCard = visibleText(/data-testid="open-now">([^]*?)<\/div>/.exec(html)![1]!);
    expect(openCard).toContain(`Berjalan saat ini ${totals.reduce((a, b) => a + b, 0)} ${totals[0]} Berjalan, lewat waktu ${totals[1]} Hampir lewat ${totals[2]} Berjalan`);
  });

  it("a month that is over is compared with the whole month before", async () => {
    const { text } = await get("/?office=kampar&from=2026-10-01&to=2026-10-31");
    expect(text).toContain("Oktober 2026 dibanding September 2026");
    expect(text).not.toContain("Tanggal sama bulan lalu");
  });

  it("Beranda draws its charts as SVG, each bar a link to the permits it counts", async () => {
    const { html } = await get("/?office=kampar");
    const charts = html.split('<figure class="chart">').slice(1);
    expect(charts.length).toBe(4); // trend, by permit type, bottlenecks, time by owner
    for (const chart of charts) expect(chart).toMatch(/^[\s\S]*?<svg[^>]*class="plot-[^"]*"/);
    expect(html).toContain('aria-description="Diagram batang: persentase permohonan selesai tepat waktu per bulan, dengan garis target kantor."');
    // The trend has all twelve months on its axis, months without data too.
    for (const m of ["Des 2025", "Agu 2026", "Nov 2026"]) expect(html).toContain(`>${m}</text>`);
    // Bars are links (SVG <a>) into the permit list of their month.
    expect(html).toMatch(/<a href="\/permohonan\?office=kampar&amp;from=2026-11-01&amp;to=2026-11-30&amp;basis=finished&amp;status=on_time%2Clate"[^>]*><rect/);
    expect(visibleText(html)).toContain("Langkah penghambat");
  });

  it("the 12-month chart plots the share on time against the office's target, which the office sets", async () => {
    const trend = (html: string) => /aria-labelledby="h-trend">([^]*?)<\/section>/.exec(html)![1]!;
    const before = trend((await get("/?office=kampar")).html);
    const oct = ((await api("/api/v1/compliance?office=kampar&from=2026-10-01&to=2026-10-31&basis=finished&by=month")).rows as { finished: number; onTime: number }[])[0]!;
    const octShare = Math.round((100 * oct.onTime) / oct.finished);
    // Each bar's title gives the share and the counts behind it.
    expect(before).toContain(`<title>Oktober 2026: ${octShare}% tepat waktu (${oct.onTime} dari ${oct.finished} selesai)</title>`);
    expect(visibleText(before)).toContain("Target 90%");
    const saved = await t.app.request("/kantor/kampar/target", { method: "POST", body: new URLSearchParams({ target: "75", back: "/?office=kampar" }) });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/?office=kampar");
    const after = trend((await get("/?office=kampar")).html);
    expect(visibleText(after)).toContain("Target 75%");
    expect(after).toContain('name="target" min="1" max="100" step="1" required="" value="75"');
    // A bar below the target is red, one at or above it green.
    const fills = [...after.matchAll(/<rect[^>]*fill="(#[0-9a-f]+)"[^>]*><title>[^:]+: (\d+)%/g)].map((m) => ({ fill: m[1], share: Number(m[2]) }));
    expect(fills.length).toBeGreaterThan(2);
    for (const f of fills) expect(f.fill, String(f.share)).toBe(f.share >= 75 ? "#1b7f3b" : "#b3261e");
    // Offices with different targets together: no one line, and the caption says why.
    const all = trend((await get("/")).html);
    expect(visibleText(all)).not.toContain("Target 75%");
    expect(visibleText(all)).toContain("target berbeda");
    expect((await t.app.request("/kantor/kampar/target", { method: "POST", body: new URLSearchParams({ target: "0" }) })).status).toBe(400);
    expect((await t.app.request("/kantor/kampar/target", { method: "POST", body: new URLSearchParams({ target: "120" }) })).status).toBe(400);
    // Another site is never a place to go back to.
    const away = await t.app.request("/kantor/kampar/target", { method: "POST", body: new URLSearchParams({ target: "90", back: "//evil.example" }) });
    expect(away.headers.get("location")).toBe("/?office=kampar");
  });

  it("every figure on every page leads to a list of exactly that many rows", async () => {
    const pages = ["/?office=kampar", "/jenis-izin?office=kampar", "/jenis-izin/kampar-izin-kerja-teknisi-gigi", "/petugas?office=kampar"];
    let checked = 0;
    for (const page of pages) {
      const { status, html } = await get(page);
      expect(status, page).toBe(200);
      const found = figures(html);
      expect(found.length, page).toBeGreaterThanOrEqual(3);
      for (const f of found) {
        const list = await get(f.href);
        expect(list.status, f.href).toBe(200);
        expect(listTotal(list.html), `${page} → ${f.href}`).toBe(f.n);
        checked++;
      }
      // A share on time leads to the finished ones it is the share of: on time / (on time + late).
      for (const m of html.matchAll(/<a href="([^"]+)" class="share-link">(\d+)%<\/a>/g)) {
        const href = unescape(m[1]!);
        const [onTime, late] = await Promise.all(["on_time", "late"].map(async (s) => listTotal((await get(href.replace("status=on_time%2Clate", `status=${s}`))).html)));
        expect(Math.round((100 * onTime!) / (onTime! + late!)), href).toBe(Number(m[2]));
        expect(listTotal((await get(href)).html)).toBe(onTime! + late!);
      }
    }
    expect(checked).toBeGreaterThan(40);
  }, 180_000);

  it("Permohonan: open permits first by share of standard used; search, status, sort and pages in the URL", async () => {
    // The search box shows a number as the office writes them: one of the list's own.
    const page = await get("/permohonan?office=kampar");
    const placeholder = /name="q" value="" placeholder="([^"]*)"/.exec(page.html)?.[1];
    expect(placeholder).toMatch(/\S/);
    expect(page.html).toContain(`>${placeholder}</a>`);
    const all = await get("/permohonan?office=kampar");
    const total = listTotal(all.html);
    expect(total).toBe((await api("/api/v1/permits?office=kampar")).total);
    const shares = [...all.html.matchAll(/class="chip status status-(open|at_risk|open_late)"[^]*?<td class="num"[^>]*>[^<]*<\/td><td class="num"[^>]*>(\d+)%/g)].map((m) => Number(m[2]));
    expect(shares.length).toBeGreaterThan(0);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    // Page two continues where page one ended.
    const next = /<a href="([^"]+)" rel="next">/.exec(all.html);
    expect(next).not.toBeNull();
    const page2 = await get(unescape(next![1]!));
    expect(page2.text).toContain("Halaman 2 dari");
    // Search by part of a permit number.
    const number = /<a href="\/permohonan\/\d+">([^<]+)<\/a>/.exec(all.html)![1]!;
    const found = await get(`/permohonan?office=kampar&q=${encodeURIComponent(number.slice(-5))}`);
    expect(found.text).toContain(number);
    expect(listTotal(found.html)).toBeLessThan(total);
    // Late ones only, the chip marked as chosen.
    const late = await get("/permohonan?office=kampar&status=late");
    expect(late.html).toMatch(/class="chip status status-late" aria-current="true"/);
    expect(late.html).toMatch(/<td class="status-cell"><span class="chip status status-late"/);
    expect(late.html).not.toMatch(/<td class="status-cell"><span class="chip status status-on_time"/);
    // Sorted by permit number.
    const byNumber = await get("/permohonan?office=kampar&sort=number");
    const numbers = [...byNumber.html.matchAll(/<a href="\/permohonan\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]!);
    expect(numbers).toEqual([...numbers].sort());
  });

  it("Detail permohonan: steps against their due times, the SOP version used and the source rows", async () => {
    const list = await get("/permohonan?office=kampar&status=on_time&sort=newest");
    const id = /<a href="\/permohonan\/(\d+)">/.exec(list.html)![1]!;
    const { status, html, text } = await get(`/permohonan/${id}`);
    expect(status).toBe(200);
    const permit = await api(`/api/v1/permits/${id}`);
    expect(text).toContain(permit.permitNumber as string);
    expect(text).toContain("Tepat waktu");
    expect(html).toContain('href="/sop/kampar-izin-kerja-teknisi-gigi?versi=1"');
    expect(html).toMatch(/<svg[^>]*aria-description="Linimasa/);
    const steps = permit.steps as { stepName: string; source: { file: string; row: number } }[];
    for (const s of steps) expect(text).toContain(`${s.stepName} — kampar.csv, baris ${s.source.row}`);
    expect(text).toContain("Standar permohonan");
    expect(text).not.toMatch(/\d (minutes|hours|days)\b/);
    // The permit's standard as one duration; the steps' parts only on demand.
    const standard = /data-testid="total-standard">([^]*?)<\/dd>/.exec(html)![1]!;
    const [shown, parts] = standard.split('<details class="standard-parts">');
    expect(visibleText(shown!)).toMatch(/^\d+ (hari|jam|menit)[^+]*\(Jumlah langkah/);
    expect(visibleText(parts!)).toMatch(/^rincian per langkah \d+ [a-z]+( \+ \d+ [a-z ]+)+$/);
    expect((await get("/permohonan/999999")).status).toBe(404);
  });

  it("Jenis izin: per step, the distribution against the standard, % on time, median and p90", async () => {
    // A choice with nothing finished says so, and a chosen permit type narrows the list to it.
    const none = await get("/jenis-izin?office=kampar&from=2020-01-01&to=2020-01-31");
    expect(none.text).toContain("Tidak ada permohonan yang selesai untuk pilihan ini (DPMPTSP Kabupaten Kampar");
    const one = await get("/jenis-izin?permit_type=Izin%20Kerja%20Teknisi%20Gigi");
    expect(one.html).toContain('href="/jenis-izin/kampar-izin-kerja-teknisi-gigi');
    expect(one.html).not.toContain('href="/jenis-izin/rokan-hilir-izin-praktik-tukang-gigi');
    const { status, html, text } = await get("/jenis-izin/kampar-izin-kerja-teknisi-gigi");
    expect(status).toBe(200);
    expect(text).toContain("Izin Kerja Teknisi Gigi");
    // A histogram per step with a standard, with the line at 100 %.
    const histograms = html.match(/aria-description="Histogram waktu kerja langkah/g) ?? [];
    expect(histograms.length).toBeGreaterThanOrEqual(4);
    expect(text).toContain("Persentil 90");
    expect(text).toContain("Langkah ini tanpa standar waktu.");
    // Each bar of a histogram leads to exactly the step occurrences it counts.
    const bars = [...html.matchAll(/<a href="(\/langkah[^"]+)"[^>]*><rect[^>]*><title>[^<]*: ([\d.]+)<\/title>/g)];
    expect(bars.length).toBeGreaterThan(8);
    for (const [, href, n] of bars) expect(listTotal((await get(unescape(href!))).html), href).toBe(parseCount(n!));
  });

  it("Langkah: each step by its number and the office's name for it; the SOP's paragraph only on demand", async () => {
    const step = await t.database.db
      .selectFrom("step_verdict as v")
      .innerJoin("step_record as r", "r.id", "v.step_record_id")
      .innerJoin("permit_verdict as pv", "pv.permit_id", "v.permit_id")
      .innerJoin("sop_step as ss", (j) => j.onRef("ss.sop_version_id", "=", "pv.sop_version_id").onRef("ss.position", "=", "v.position"))
      .innerJoin("sop as s", "s.id", "v.sop_id")
      .select(["s.slug", "v.position", "r.step_name", "ss.description"])
      .where("s.slug", "=", "kampar-izin-kerja-teknisi-gigi")
      .orderBy(sql`length(ss.description)`, "desc")
      .executeTakeFirstOrThrow();
    // A paragraph of the SOP, not the name the office's system gives the step.
    expect(step.description.length).toBeGreaterThan(step.step_name.length + 20);
    const { status, html, text } = await get(`/langkah?office=kampar&sop=${step.slug}&position=${step.position}`);
    expect(status).toBe(200);
    const name = `${step.position}. ${step.step_name}`;
    const lead = /<p class="lead">([^<]*)<\/p>/.exec(html)?.[1];
    expect(unescape(lead ?? "")).toBe(name);
    const rows = [...html.matchAll(/<tr>\s*<td><a href="\/permohonan\/[^"]+">[^<]+<\/a><\/td><td>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
    expect(rows.length).toBe(50);
    // Each row names the step shortly; its SOP text is folded under that name, closed.
    for (const cell of rows) {
      expect(cell).toMatch(/^<details class="step-text"><summary title="Uraian langkah di SOP">/);
      expect(visibleText(cell).startsWith(name)).toBe(true);
      expect(cell).not.toMatch(/<details[^>]* open/);
    }
    // Out of the closed <details>, the paragraph is nowhere on the page.
    const folded = html.replace(/<details[\s\S]*?<\/details>/g, "");
    expect(visibleText(folded)).not.toContain(step.description.slice(0, 40));
    expect(text).toContain(step.description.slice(0, 40));
  });

  it("Petugas: steps finished and on-time share per officer", async () => {
    const { text } = await get("/petugas?office=kampar");
    const rows = (await api("/api/v1/compliance?office=kampar&by=officer")).rows as { key: string; finished: number }[];
    const busiest = rows.sort((a, b) => b.finished - a.finished)[0]!;
    expect(text).toContain(busiest.key);
    expect(text).toContain("Langkah selesai per petugas");
  });

  it("every page defaults to the last 12 months; a list of what is open now spans every date", async () => {
    for (const page of ["/?office=kampar", "/jenis-izin?office=kampar", "/permohonan?office=kampar", "/langkah?office=kampar", "/petugas?office=kampar"]) {
      const { html } = await get(page);
      expect(html, page).toContain('name="from" value="2025-12-01"');
      expect(html, page).toContain('name="to" value="2026-11-23"');
    }
    const list = await get("/permohonan?office=kampar");
    expect(list.text).toContain("Diajukan antara 1 Desember 2025 dan 23 November 2026.");
    const open = await get("/permohonan?office=kampar&status=open_late,at_risk,open");
    expect(open.html).toContain('name="from" value=""');
    expect(open.text).toContain("Yang berjalan saat ini, dari tanggal berapa pun diajukan.");
    expect(listTotal(open.html)).toBe(listTotal((await get("/permohonan?office=kampar&from=2000-01-01&to=2026-11-23&status=open_late,at_risk,open")).html));
  });

  it("filters stay in the URL; a wrong one is a 400 naming it; English on request", async () => {
    const { html } = await get("/?office=kampar&from=2026-09-01&to=2026-10-31");
    expect(html).toContain('<input type="date" name="from" value="2026-09-01"/>');
    expect(html).toContain("Oktober 2026 dibanding September 2026");
    expect(html).toMatch(/<a href="\/jenis-izin\?office=kampar&amp;from=2026-09-01&amp;to=2026-10-31"/);
    const bad = await get("/permohonan?status=lost");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('status: nilai "lost" tidak dapat dipakai');
    const badDate = await get("/?from=2026-13-01");
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('from: nilai "2026-13-01" tidak dapat dipakai');
    expect((await get("/?from=2026-05-01&to=2026-04-01")).text).toContain('Tanggal "dari" jatuh setelah tanggal "sampai".');
    expect((await get("/?office=atlantis")).text).toContain('kantor "atlantis" tidak dikenal');
    const en = await get("/?office=kampar&lang=en");
    expect(en.text).toContain("1 – 23 November 2026 against 1 – 23 October 2026");
    expect(en.text).toContain("Permits finished");
    // Working days always with one decimal: "1.0 days" beside "0.9 days", never "1 days".
    const durations = [...en.text.matchAll(/(\d+(?:[.,]\d+)?) days\b/g)].map((m) => m[1]!);
    expect(durations.length).toBeGreaterThan(0);
    expect(durations.every((n) => /^\d+\.\d$/.test(n))).toBe(true);
    expect([...(await get("/jenis-izin?office=kampar")).text.matchAll(/(\d+(?:[.,]\d+)?) hari\b/g)].every((m) => /^\d+,\d$/.test(m[1]!))).toBe(true);
  });
});

describe.each(BACKENDS)("a newcomer's empty database on %s", (kind) => {
  const t = useTestDatabase(kind);
  it("offers sample data, loads it through the import path with progress, then shows the dashboard", async () => {
    const empty = visibleText(await (await t.app.request("/")).text());
    expect(empty).toContain("Belum ada data permohonan");
    const res = await t.app.request("/contoh", { method: "POST" });
    expect(res.status).toBe(303);
    const during = await (await t.app.request("/")).text();
    expect(during).toContain('<meta http-equiv="refresh" content="3"/>');
    expect(visibleText(during)).toContain("Memuat data contoh");
    let text = "";
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 500));
      text = visibleText(await (await t.app.request("/")).text());
      if (!text.includes("Memuat data contoh")) break;
    }
    expect(text).not.toContain("Belum ada data permohonan");
    const offices = ((await (await t.app.request("/api/v1/compliance?by=permit_type")).json()) as { rows: { key: string }[] }).rows.map((r) => r.key);
    expect(offices.length).toBe(5);
    // Sample data is never loaded over an office's own.
    await t.app.request("/contoh", { method: "POST" });
    expect(visibleText(await (await t.app.request("/")).text())).not.toContain("Memuat data contoh");
  }, 400_000);
});
