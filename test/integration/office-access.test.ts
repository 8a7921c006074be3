import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { raiseDueAlerts } from "../../src/jobs/raise-alerts.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { apiToken, settleBackground, TEST_NOW, type TestUser, testApp, visibleText } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// Two offices on one installation: a user of Kampar reads Kampar's permits, batches, reports and
// alerts as if Pekanbaru's were not there. Another office's id answers exactly as a missing one,
// and no figure, list, search or counter of Kampar's user counts a permit of Pekanbaru.

const KAMPAR_VIEWER: TestUser = { email: "viewer@kampar.go.id", role: "viewer", offices: ["kampar"] };
const KAMPAR_HEAD: TestUser = { email: "kepala@kampar.go.id", role: "kepala", offices: ["kampar"] };
const KAMPAR_OPERATOR: TestUser = { email: "operator@kampar.go.id", role: "operator", offices: ["kampar"] };
const ORIGIN = "http://localhost";

describe.each(BACKENDS)("office boundaries on %s", (kind) => {
  const t = useTestDatabase(kind);
  const admin = () => testApp(t.database, TEST_NOW).request;
  const as = (u: TestUser) => testApp(t.database, TEST_NOW, {}, u).request;
  const json = async (res: Response | Promise<Response>) => (await res).json() as Promise<Record<string, unknown>>;
  const post = (request: ReturnType<typeof admin>, path: string, fields: Record<string, string> = {}) =>
    request(path, { method: "POST", body: new URLSearchParams(fields), headers: { origin: ORIGIN } });
  let other: { permit: number; batch: number; report: number; alert: number; sop: string; number: string };

  beforeAll(async () => {
    const db = t.database.db;
    const clock = fixedClock(TEST_NOW);
    const dir = mkdtempSync(join(tmpdir(), "mutubaku-office-access-"));
    for (const [slug, seed] of [["kampar", 5], ["pekanbaru", 6]] as const) {
      const sample = await writeSampleExport({ officeSlug: slug, months: 2, seed, outDir: join(dir, slug), now: clock.now(), permitsPerDay: 3 });
      await runImport(db, clock, { office: slug, files: sample.files.map((f) => ({ name: f.slice(f.lastIndexOf("/") + 1), path: f })) });
    }
    rmSync(dir, { recursive: true, force: true });
    // Weeks on, every permit still open has passed its standard: each office has alerts.
    await raiseDueAlerts({ db, clock: fixedClock("2026-12-31T03:00:00Z") });
    expect((await post(admin(), "/laporan", { office: "pekanbaru", month: "2026-10", lang: "id" })).status).toBe(303);
    await settleBackground(t.database);
    const pekanbaru = (await db.selectFrom("office").select("id").where("slug", "=", "pekanbaru").executeTakeFirstOrThrow()).id;
    const permit = await db.selectFrom("permit").select(["id", "permit_number"]).where("office_id", "=", pekanbaru)
      // A number Kampar has no permit of, to search for.
      .where(sql<boolean>`permit_number not in (select permit_number from permit where office_id <> ${pekanbaru})`).orderBy("id").executeTakeFirstOrThrow();
    const found = <T,>(what: string, row: T | undefined): T => {
      if (row === undefined) throw new Error(`the fixture has no ${what} of Pekanbaru`);
      return row;
    };
    const batch = found("batch", await db.selectFrom("import_batch").select("id").where("office_id", "=", pekanbaru).executeTakeFirst());
    const report = found("report", await db.selectFrom("report").select("id").where("office_id", "=", pekanbaru).where("status", "=", "done").executeTakeFirst());
    const alert = found("alert", await db.selectFrom("alert").select("id").where("office_id", "=", pekanbaru).orderBy("id").executeTakeFirst());
    const sop = found("SOP", await db.selectFrom("sop").select("slug").where("office_id", "=", pekanbaru).orderBy("id").executeTakeFirst());
    other = { permit: permit.id, batch: batch.id, report: report.id, alert: Number(alert.id), sop: sop.slug, number: permit.permit_number };
  }, 240_000);

  it("counts in the API only the user's office: what an admin counts with the office filter", async () => {
    const viewer = as(KAMPAR_VIEWER);
    const mine = await json(viewer("/api/v1/permits?page_size=1"));
    const kampar = await json(admin()("/api/v1/permits?page_size=1&office=kampar"));
    const all = await json(admin()("/api/v1/permits?page_size=1"));
    expect(mine.total).toBe(kampar.total);
    expect(Number(all.total)).toBeGreaterThan(Number(kampar.total));
    for (const by of ["month", "permit_type", "officer"]) {
      expect(await json(viewer(`/api/v1/compliance?by=${by}`)), by).toEqual(await json(admin()(`/api/v1/compliance?by=${by}&office=kampar`)));
    }
    const alerts = await json(viewer("/api/v1/alerts"));
    expect(alerts.total).toBe((await json(admin()("/api/v1/alerts?office=kampar"))).total);
    expect((alerts.alerts as Array<{ office: string }>).every((a) => a.office === "kampar")).toBe(true);
    const batches = (await json(viewer("/api/v1/imports"))) as unknown as Array<{ office_slug: string }>;
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((b) => b.office_slug === "kampar")).toBe(true);
  });

  it("answers another office's name in a filter exactly as an unknown one", async () => {
    const viewer = as(KAMPAR_VIEWER);
    const asOther = await viewer("/api/v1/permits?office=pekanbaru");
    const asNone = await viewer("/api/v1/permits?office=atlantis");
    expect(asOther.status).toBe(400);
    expect(asNone.status).toBe(400);
    expect(JSON.stringify(await asOther.json()).replace("pekanbaru", "X")).toBe(JSON.stringify(await asNone.json()).replace("atlantis", "X"));
    expect((await viewer("/permohonan?office=pekanbaru")).status).toBe(400);
  });

  it("shows on Beranda, Jenis izin and Petugas the figures of Kampar alone, as an admin sees Kampar's", async () => {
    // The office filter's choices aside (an admin may choose among all offices).
    const main = async (res: Response) => visibleText(/<main[\s\S]*<\/main>/.exec((await res.text()).replace(/<select[\s\S]*?<\/select>/g, ""))?.[0] ?? "");
    for (const path of ["/", "/jenis-izin", "/petugas", "/langkah"]) {
      const mine = await main(await as(KAMPAR_VIEWER)(path));
      const kampar = await main(await admin()(`${path}${path.includes("?") ? "&" : "?"}office=kampar`));
      expect(mine.length, path).toBeGreaterThan(200);
      expect(mine, path).toBe(kampar);
      expect(mine, path).not.toContain("Pekanbaru");
    }
  });

  it("finds no permit of another office by searching for its number, and counts none in the header", async () => {
    const viewer = as(KAMPAR_VIEWER);
    const search = await json(viewer(`/api/v1/permits?q=${encodeURIComponent(other.number)}`));
    expect(search.total).toBe(0);
    expect((await json(admin()(`/api/v1/permits?q=${encodeURIComponent(other.number)}`))).total).toBeGreaterThan(0);
    const page = visibleText(await (await viewer(`/permohonan?q=${encodeURIComponent(other.number)}`)).text());
    expect(page).not.toContain(other.number);
    // The header's counter: Kampar's unacknowledged alerts only.
    const counter = (html: string) => /data-testid="alert-counter"[^>]*>([\s\S]*?)<\/a>/.exec(html)?.[1] ?? "";
    const kamparAlerts = Number((await json(admin()("/api/v1/alerts?office=kampar&state=new"))).total);
    const allAlerts = Number((await json(admin()("/api/v1/alerts?state=new"))).total);
    expect(allAlerts).toBeGreaterThan(kamparAlerts);
    expect(visibleText(counter(await (await viewer("/peringatan")).text()))).toContain(String(kamparAlerts));
  });

  it("answers another office's permit, batch, rejects, report, alert, SOP and settings as missing", async () => {
    const head = as(KAMPAR_HEAD);
    const missing = 99_999_999;
    const pairs: Array<[string, string]> = [
      [`/permohonan/${other.permit}`, `/permohonan/${missing}`],
      [`/api/v1/permits/${other.permit}`, `/api/v1/permits/${missing}`],
      [`/impor/${other.batch}`, `/impor/${missing}`],
      [`/impor/${other.batch}/ditolak.csv`, `/impor/${missing}/ditolak.csv`],
      [`/api/v1/imports/${other.batch}`, `/api/v1/imports/${missing}`],
      [`/laporan/${other.report}/unduh`, `/laporan/${missing}/unduh`],
      [`/peringatan/${other.alert}`, `/peringatan/${missing}`],
      [`/sop/${other.sop}`, "/sop/tidak-ada"],
      [`/jenis-izin/${other.sop}`, "/jenis-izin/tidak-ada"],
      ["/kantor/pekanbaru/kalender", "/kantor/tidak-ada/kalender"],
      ["/peringatan/pengaturan/pekanbaru", "/peringatan/pengaturan/tidak-ada"],
    ];
    for (const [theirs, none] of pairs) {
      const a = await head(theirs);
      const b = await head(none);
      expect(a.status, theirs).toBe(404);
      expect(b.status, none).toBe(404);
      // The same answer but for the address itself (the language links repeat it).
      expect((await a.text()).replaceAll(theirs, "…"), theirs).toBe((await b.text()).replaceAll(none, "…"));
      // The admin reaches each.
      expect((await admin()(theirs)).status, theirs).toBe(200);
    }
    expect(visibleText(await (await head("/laporan")).text())).not.toContain("Pekanbaru");
  });

  it("lets a head of office act on Kampar's alerts only, by their own name", async () => {
    const head = as(KAMPAR_HEAD);
    expect((await post(head, `/peringatan/${other.alert}/tandai`)).status).toBe(404);
    expect((await post(head, `/peringatan/${other.alert}/komentar`, { text: "bukan urusan saya" })).status).toBe(404);
    expect((await post(head, `/laporan/${other.report}/ulang`)).status).toBe(404);
    const row = await t.database.db.selectFrom("alert").select(["acknowledged_at"]).where("id", "=", other.alert).executeTakeFirstOrThrow();
    expect(row.acknowledged_at).toBeNull();
    const mine = await t.database.db.selectFrom("alert as a").innerJoin("office as o", "o.id", "a.office_id").select("a.id").where("o.slug", "=", "kampar").orderBy("a.id").executeTakeFirstOrThrow();
    expect((await post(head, `/peringatan/${mine.id}/tandai`)).status).toBe(303);
    expect(visibleText(await (await head(`/peringatan/${mine.id}`)).text())).toContain("kepala <kepala@kampar.go.id>");
  });

  it("keeps each role to its work: a viewer cannot import or edit, an operator imports only into its office, a read token cannot import", async () => {
    const viewer = as(KAMPAR_VIEWER);
    const before = await t.database.db.selectFrom("import_batch").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const form = (office: string) => {
      const f = new FormData();
      f.set("office", office);
      f.set("file", new Blob(["a,b\n1,2\n"], { type: "text/csv" }), "x.csv");
      return f;
    };
    const upload = (request: ReturnType<typeof admin>, office: string, headers: Record<string, string> = {}) =>
      request("/api/v1/imports", { method: "POST", body: form(office), headers: { origin: ORIGIN, ...headers } });
    expect((await upload(viewer, "kampar")).status).toBe(403);
    expect((await post(viewer, "/impor", { office: "kampar" })).status).toBe(403);
    expect((await post(viewer, "/kantor/kampar/target", { target: "90" })).status).toBe(403);
    expect((await post(viewer, `/sop/${other.sop}/alias`, {})).status).toBe(403);
    expect((await viewer("/kantor/kampar/kalender/ubah")).status).toBe(403);
    expect((await post(as(KAMPAR_HEAD), "/impor", { office: "kampar" })).status).toBe(403);
    // An operator's upload for another office is refused as one for an office that does not exist.
    const theirs = await upload(as(KAMPAR_OPERATOR), "pekanbaru");
    expect(theirs.status).toBe(400);
    expect(JSON.stringify(await theirs.json())).toContain('unknown office \\"pekanbaru\\" (known: kampar)');
    const readToken = await apiToken(t.database.db, "read", KAMPAR_OPERATOR);
    const app = testApp(t.database, TEST_NOW).anonymous;
    const byToken = await app.request("/api/v1/imports", { method: "POST", body: form("kampar"), headers: { authorization: `Bearer ${readToken}` } });
    expect(byToken.status).toBe(403);
    const after = await t.database.db.selectFrom("import_batch").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // The operator's token reads Kampar only.
    const read = await app.request("/api/v1/permits?page_size=1", { headers: { authorization: `Bearer ${readToken}` } });
    expect(((await read.json()) as { total: number }).total).toBe((await json(admin()("/api/v1/permits?page_size=1&office=kampar"))).total);
  });
});
