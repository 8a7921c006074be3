import { describe, expect, it } from "vitest";
import { testApp, visibleText } from "../support/app.ts";
import { BACKENDS, openTestDatabase, useTestDatabase } from "../support/test-db.ts";

describe.each(BACKENDS)("web pages on %s", (kind) => {
  const t = useTestDatabase(kind);

  async function page(path: string, init?: RequestInit) {
    const res = await t.app.request(path, init);
    const html = await res.text();
    return { res, html, text: visibleText(html) };
  }

  it("serves the catalogue: every office with its system, calendar and SOPs", async () => {
    const { res, html, text } = await page("/sop");
    expect(res.status).toBe(200);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="id">');
    for (const office of ["DPMPTSP Kabupaten Rokan Hilir", "DPMPTSP Kabupaten Kampar", "DPMPTSP Kota Pekanbaru"]) {
      expect(text).toContain(office);
    }
    expect(text).toContain("SILASTRI RV");
    expect(text).toContain("SiCantik Cloud");
    expect(text).toContain("SIMPLE");
    const sopLinks = [...html.matchAll(/href="\/sop\/([a-z0-9-]+)"/g)].map((m) => m[1]).sort();
    expect(sopLinks).toEqual([
      "kampar-izin-kerja-teknisi-gigi",
      "pekanbaru-surat-izin-kerja-teknisi-gigi",
      "rokan-hilir-izin-operasional-organisasi-sosial",
      "rokan-hilir-izin-praktik-penata-anestesi",
      "rokan-hilir-izin-praktik-tukang-gigi",
    ]);
    expect(text).toContain("SOP/DPMPTSP-NP/02");
    expect(text).toContain("10 Mei 2023");
    expect(html).toContain('href="/kantor/kampar/kalender"');
  });

  it("shows an SOP's steps and warns where the stated total and the sum of the steps disagree", async () => {
    const { res, html, text } = await page("/sop/pekanbaru-surat-izin-kerja-teknisi-gigi");
    expect(res.status).toBe(200);
    expect(html.match(/<tbody>[\s\S]*?<\/tbody>/g)?.at(-1)?.match(/<tr>/g)).toHaveLength(9);
    expect(text).toContain("Kadis memvalidasi dan menyetujui dengan tanda tangan elektronik");
    expect(text).toContain("Total tertulis 2 hari kerja");
    expect(html).toContain('data-testid="totals-warning"');
    expect(text).toContain("Total tertulis berbeda dari jumlah langkah");
    for (const label of ["Pelaksana", "Pemilik waktu", "Waktu", "Kelengkapan", "Output"]) expect(text).toContain(label);
  });

  it("says when an SOP states no total, and shows no warning", async () => {
    const { res, html, text } = await page("/sop/rokan-hilir-izin-praktik-tukang-gigi");
    expect(res.status).toBe(200);
    // Every Waktu in one form ("4 Hari" and "10 Menit" in the document read as "4 hari", "10 menit").
    expect(text).toContain("Tim Teknis (OPD) 4 hari");
    expect(text).toContain("DPMPTSP 10 menit");
    expect(text).not.toMatch(/\d+ (?:Menit|Hari)\b/);
    expect(text).toContain("SOP tidak menyebut total");
    expect(html).not.toContain('data-testid="totals-warning"');
  });

  it("shows an office's calendar: hours, Ramadan periods and holidays by year", async () => {
    const { res, text } = await page("/kantor/kampar/kalender");
    expect(res.status).toBe(200);
    expect(text).toContain("Asia/Jakarta");
    expect(text).toMatch(/Senin 07:30–12:00, 13:00–16:00 7,5/);
    expect(text).toMatch(/Jumat 07:30–11:30, 13:00–16:30 7,5/);
    expect(text).toMatch(/Sabtu Libur 0/);
    expect(text).toContain("Ramadan 1447 H");
    expect(text).toContain("19 Februari 2026 – 20 Maret 2026");
    for (const year of ["2024", "2025", "2026"]) expect(text).toContain(`Hari libur ${year}`);
    expect(text).toContain("Kamis, 24 Desember 2026");
    expect(text).toContain("Cuti bersama");
  });

  it("speaks English when asked, and remembers it", async () => {
    const first = await page("/sop/kampar-izin-kerja-teknisi-gigi?lang=en");
    expect(first.html).toContain('<html lang="en">');
    expect(first.text).toContain("The SOP states no total");
    const cookie = first.res.headers.get("set-cookie");
    expect(cookie).toMatch(/lang=en/);
    const next = await page("/sop", { headers: { cookie: "lang=en" } });
    expect(next.text).toContain("SOP catalogue");
    expect(next.text).toContain("10 May 2023");
  });

  it("answers unknown pages with a 404 page, not a crash", async () => {
    for (const path of ["/sop/tidak-ada", "/kantor/tidak-ada/kalender", "/sop/kampar-izin-kerja-teknisi-gigi?versi=9", "/nope"]) {
      const { res, text } = await page(path);
      expect(res.status, path).toBe(404);
      expect(text).toContain("Tidak ditemukan");
    }
  });

  it("reports health with the database", async () => {
    const res = await t.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});

describe.each(BACKENDS)("health on %s when the database is gone", (kind) => {
  it("answers 503", async () => {
    const database = await openTestDatabase(kind);
    const app = testApp(database);
    await database.close();
    const res = await app.anonymous.request("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "error", database: "unreachable" });
  });
});
