import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { formatPercent } from "../../views/format.ts";
import { testApp, visibleText } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// An open permit's status read at every request from its stored crossing instants: imported once,
// never evaluated again, it is open, then at risk, then open and late as the clock passes them, in
// the API, the permit list's status filter, Beranda's open-now counts and the permit's own page.

const fixture = fileURLToPath(new URL("../fixtures/imports/kampar-2026-03a.csv", import.meta.url));
const NUMBER = "503/KMP/2026/0001";

describe.each(BACKENDS)("statuses read live on %s", (kind) => {
  const t = useTestDatabase(kind);

  it("an open permit becomes at risk and then late as the clock passes its crossings, with nothing re-evaluated", async () => {
    const db = t.database.db;
    // Imported at 08:40 WIB on its day of submission, minutes into its standard.
    await runImport(db, fixedClock("2026-03-02T01:40:00Z"), { office: "kampar", files: [{ name: "kampar.csv", path: fixture }] });
    const stored = () =>
      db.selectFrom("permit_verdict as v").innerJoin("permit as p", "p.id", "v.permit_id")
        .select(["p.id", "v.status", "v.warn_at", "v.late_at", "v.evaluated_at"]).where("p.permit_number", "=", NUMBER).executeTakeFirstOrThrow();
    const verdict = await stored();
    expect(verdict.status).toBe("open");
    const warnAt = new Date(verdict.warn_at!).getTime();
    const lateAt = new Date(verdict.late_at!).getTime();
    expect(lateAt).toBeGreaterThan(warnAt);
    const iso = (ms: number) => new Date(ms).toISOString();
    const moments = [
      { now: iso(warnAt - 60_000), status: "open", word: "Berjalan" },
      { now: iso(Math.round((warnAt + lateAt) / 2)), status: "at_risk", word: "Hampir lewat" },
      { now: iso(lateAt + 60_000), status: "open_late", word: "Berjalan, lewat waktu" },
    ];

    for (const m of moments) {
      const app = testApp(t.database, m.now);
      const get = async (path: string) => {
        const res = await app.request(path);
        expect(res.status, path).toBe(200);
        return res;
      };
      const api = (await (await get(`/api/v1/permits?office=kampar&q=0001`)).json()) as { permits: { permitNumber: string; status: string }[] };
      expect(api.permits.find((p) => p.permitNumber === NUMBER)?.status, m.now).toBe(m.status);
      const detail = (await (await get(`/api/v1/permits/${verdict.id}`)).json()) as { status: string; shareUsed: number };
      expect(detail.status, m.now).toBe(m.status);
      // The share shown beside it is as of now too, not as of the import: within the status's bounds.
      if (m.status === "open") expect(detail.shareUsed, m.now).toBeLessThanOrEqual(0.75);
      if (m.status === "at_risk") expect([detail.shareUsed > 0.75, detail.shareUsed <= 1], m.now).toEqual([true, true]);
      if (m.status === "open_late") expect(detail.shareUsed, m.now).toBeGreaterThan(1);

      // The list filtered by each open status holds the permit under its status only, in the API and on the page.
      for (const s of ["open", "at_risk", "open_late"]) {
        const listed = (await (await get(`/api/v1/permits?office=kampar&status=${s}`)).json()) as { total: number; permits: { permitNumber: string }[] };
        expect(listed.permits.some((p) => p.permitNumber === NUMBER), `${m.now} ${s}`).toBe(s === m.status);
        const page = visibleText(await (await get(`/permohonan?office=kampar&status=${s}`)).text());
        expect(page.includes(NUMBER), `${m.now} /permohonan ${s}`).toBe(s === m.status);
      }

      // Beranda's open-now card counts it under its status: one permit open now in all.
      const html = await (await get("/?office=kampar")).text();
      const card = visibleText(/data-testid="open-now">([^]*?)<\/div>/.exec(html)![1]!);
      const counts = { open_late: m.status === "open_late" ? 1 : 0, at_risk: m.status === "at_risk" ? 1 : 0, open: m.status === "open" ? 1 : 0 };
      expect(card, m.now).toContain(`Berjalan saat ini 1 ${counts.open_late} Berjalan, lewat waktu ${counts.at_risk} Hampir lewat ${counts.open} Berjalan`);

      // The permit's own page heads it with its status.
      const permitPage = visibleText(await (await get(`/permohonan/${verdict.id}`)).text());
      expect(permitPage, m.now).toMatch(new RegExp(`${NUMBER} ${m.word} Izin Kerja Teknisi Gigi`));
      expect(permitPage, m.now).toContain(`% standar terpakai ${formatPercent(detail.shareUsed, "id")}`);
    }

    // Nothing was evaluated again: the stored verdict is the import's.
    const after = await stored();
    expect(after.status).toBe("open");
    expect(after.evaluated_at).toEqual(verdict.evaluated_at);
  });
});
