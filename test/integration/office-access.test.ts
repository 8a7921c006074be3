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
import { parseChannelInput } from "../../src/alerts/channel-config.ts";
import { can, ROLES } from "../../src/auth/permissions.ts";
import { createChannel } from "../../src/db/repos/alert-deliveries.ts";
import { createApp } from "../../src/web/app.tsx";
import { actionOf } from "../../src/web/route-access.ts";
import { silentLogger } from "../../src/log/logger.ts";

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
  let other: { permit: number; batch: number; report: number; alert: number; sop: string; number: string; channel: number };

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
    const channel = await createChannel(db, pekanbaru, parseChannelInput({ kind: "webhook", name: "WA Pekanbaru", config: { url: "https://wa.example/hook" } }));
    other = { permit: permit.id, batch: batch.id, report: report.id, alert: Number(alert.id), sop: sop.slug, number: permit.permit_number, channel };
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
      // A head of office, who may set the target as the admin may.
      const mine = await main(await as(KAMPAR_HEAD)(path));
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
    const counter = (html: string) => Number(/data-testid="alert-counter"[^>]*>[^<]*<span class="count"[^>]*>(\d+)<\/span>/.exec(html)?.[1]);
    const kamparAlerts = Number((await json(admin()("/api/v1/alerts?office=kampar&state=new"))).total);
    const allAlerts = Number((await json(admin()("/api/v1/alerts?state=new"))).total);
    expect(allAlerts).toBeGreaterThan(kamparAlerts);
    expect(kamparAlerts).toBeGreaterThan(0);
    expect(counter(await (await viewer("/peringatan")).text())).toBe(kamparAlerts);
    expect(counter(await (await admin()("/peringatan")).text())).toBe(allAlerts);
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

  it("makes an API token for some of one's offices, which reads and imports those alone", async () => {
    const made = await post(admin(), "/akun/token", { name: "sinkron Kampar", scope: "read", office: "kampar" });
    expect(made.status).toBe(200);
    const html = await made.text();
    const secret = /data-testid="new-token"[\s\S]*?<code>([^<]+)<\/code>/.exec(html)?.[1];
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(visibleText(html)).toMatch(/sinkron Kampar Baca DPMPTSP Kabupaten Kampar/);
    const app = testApp(t.database, TEST_NOW).anonymous;
    const read = async (path: string) => (await app.request(path, { headers: { authorization: `Bearer ${secret}` } })).json() as Promise<Record<string, unknown>>;
    expect((await read("/api/v1/permits?page_size=1")).total).toBe((await json(admin()("/api/v1/permits?page_size=1&office=kampar"))).total);
    expect((await app.request(`/api/v1/permits/${other.permit}`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(404);
    // Only among one's own offices.
    const theirs = await post(as(KAMPAR_HEAD), "/akun/token", { name: "x", scope: "read", office: "pekanbaru" });
    expect(theirs.status).toBe(400);
    expect(visibleText(await theirs.text())).toContain("pekanbaru");
  });

  // Every route of the app, from its own route table: a route added without a probe here fails.
  // A probe fills the route's parameters with Pekanbaru's rows, so a user of Kampar allowed by
  // role must meet 404 wherever the route is about a row of an office.
  const PROBES: Record<string, (o: typeof other) => string> = {
    "GET /static/:file": () => "/static/app.css",
    "GET /healthz": () => "/healthz",
    "GET /masuk": () => "/masuk",
    "POST /masuk": () => "/masuk",
    "POST /keluar": () => "/keluar",
    "GET /akun/token": () => "/akun/token",
    "POST /akun/token": () => "/akun/token",
    "POST /akun/token/:id/cabut": () => "/akun/token/1/cabut",
    "GET /akun/sandi": () => "/akun/sandi",
    "POST /akun/sandi": () => "/akun/sandi",
    "GET /": () => "/",
    "POST /kantor/:office/target": () => "/kantor/pekanbaru/target",
    "POST /contoh": () => "/contoh",
    "GET /jenis-izin": () => "/jenis-izin",
    "GET /jenis-izin/:file{unduh\\.(?:csv|xlsx)}": () => "/jenis-izin/unduh.csv",
    "GET /jenis-izin/:sop": (o) => `/jenis-izin/${o.sop}`,
    "GET /permohonan": () => "/permohonan",
    "GET /permohonan/:file{unduh\\.(?:csv|xlsx)}": () => "/permohonan/unduh.csv",
    "GET /permohonan/:id": (o) => `/permohonan/${o.permit}`,
    "GET /langkah": () => "/langkah",
    "GET /langkah/:file{unduh\\.(?:csv|xlsx)}": () => "/langkah/unduh.xlsx",
    "GET /petugas": () => "/petugas",
    "GET /petugas/:file{unduh\\.(?:csv|xlsx)}": () => "/petugas/unduh.csv",
    "GET /sop": () => "/sop",
    "GET /sop/:slug": (o) => `/sop/${o.sop}`,
    "GET /kantor/:office/kalender": () => "/kantor/pekanbaru/kalender",
    "GET /kantor/:office/kalender/ubah": () => "/kantor/pekanbaru/kalender/ubah",
    "POST /kantor/:office/kalender/ubah": () => "/kantor/pekanbaru/kalender/ubah",
    "GET /kantor/:office/kalender/impor": () => "/kantor/pekanbaru/kalender/impor",
    "POST /kantor/:office/kalender/impor": () => "/kantor/pekanbaru/kalender/impor",
    "POST /kantor/:office/kalender/impor/simpan": () => "/kantor/pekanbaru/kalender/impor/simpan",
    "GET /kantor/:office/sop/baru": () => "/kantor/pekanbaru/sop/baru",
    "POST /kantor/:office/sop/baca": () => "/kantor/pekanbaru/sop/baca",
    "GET /kantor/:office/sop/isi": () => "/kantor/pekanbaru/sop/isi",
    "POST /kantor/:office/sop/simpan": () => "/kantor/pekanbaru/sop/simpan",
    "GET /sop/:slug/versi-baru": (o) => `/sop/${o.sop}/versi-baru`,
    "POST /sop/:slug/baca": (o) => `/sop/${o.sop}/baca`,
    "GET /sop/:slug/ubah": (o) => `/sop/${o.sop}/ubah`,
    "POST /sop/:slug/simpan": (o) => `/sop/${o.sop}/simpan`,
    "GET /sop/:slug/bandingkan": (o) => `/sop/${o.sop}/bandingkan`,
    "GET /sop/:slug/alias": (o) => `/sop/${o.sop}/alias`,
    "POST /sop/:slug/alias": (o) => `/sop/${o.sop}/alias`,
    "POST /api/v1/imports": () => "/api/v1/imports",
    "GET /api/v1/imports/jobs/:id": () => "/api/v1/imports/jobs/00000000-0000-0000-0000-000000000000",
    "GET /api/v1/imports": () => "/api/v1/imports",
    "GET /api/v1/imports/:id": (o) => `/api/v1/imports/${o.batch}`,
    "GET /impor": () => "/impor",
    "GET /impor/hapus-contoh": () => "/impor/hapus-contoh",
    "POST /impor/hapus-contoh": () => "/impor/hapus-contoh",
    "POST /impor": () => "/impor",
    "GET /impor/:id": (o) => `/impor/${o.batch}`,
    "GET /impor/:id/ditolak.csv": (o) => `/impor/${o.batch}/ditolak.csv`,
    "GET /kantor/:office/impor": () => "/kantor/pekanbaru/impor",
    "GET /laporan": () => "/laporan",
    "POST /laporan": () => "/laporan",
    "POST /laporan/:id/ulang": (o) => `/laporan/${o.report}/ulang`,
    "GET /laporan/:id/unduh": (o) => `/laporan/${o.report}/unduh`,
    "GET /peringatan": () => "/peringatan",
    "GET /peringatan/:id": (o) => `/peringatan/${o.alert}`,
    "POST /peringatan/:id/tandai": (o) => `/peringatan/${o.alert}/tandai`,
    "POST /peringatan/:id/tugaskan": (o) => `/peringatan/${o.alert}/tugaskan`,
    "POST /peringatan/:id/komentar": (o) => `/peringatan/${o.alert}/komentar`,
    "POST /peringatan/:id/pengiriman/:delivery/kirim-ulang": (o) => `/peringatan/${o.alert}/pengiriman/1/kirim-ulang`,
    "GET /api/v1/alerts": () => "/api/v1/alerts",
    "GET /peringatan/pengaturan/:office": () => "/peringatan/pengaturan/pekanbaru",
    "POST /peringatan/pengaturan/:office/ambang": () => "/peringatan/pengaturan/pekanbaru/ambang",
    "POST /peringatan/pengaturan/:office/saluran": () => "/peringatan/pengaturan/pekanbaru/saluran",
    "POST /peringatan/pengaturan/:office/saluran/:id": (o) => `/peringatan/pengaturan/pekanbaru/saluran/${o.channel}`,
    "POST /peringatan/pengaturan/:office/saluran/:id/uji": (o) => `/peringatan/pengaturan/pekanbaru/saluran/${o.channel}/uji`,
    "GET /api/v1/compliance": () => "/api/v1/compliance?office=pekanbaru",
    "GET /api/v1/permits": () => "/api/v1/permits?office=pekanbaru",
    "GET /api/v1/permits/:id": (o) => `/api/v1/permits/${o.permit}`,
    "GET /admin/audit": () => "/admin/audit",
    "GET /admin/pengguna": () => "/admin/pengguna",
    "GET /admin/pengguna/baru": () => "/admin/pengguna/baru",
    "POST /admin/pengguna/baru": () => "/admin/pengguna/baru",
    "GET /admin/pengguna/:id": () => "/admin/pengguna/1",
    "POST /admin/pengguna/:id": () => "/admin/pengguna/1",
    "POST /admin/pengguna/:id/nonaktifkan": () => "/admin/pengguna/1/nonaktifkan",
    "POST /admin/pengguna/:id/aktifkan": () => "/admin/pengguna/1/aktifkan",
    "POST /admin/pengguna/:id/sandi-awal": () => "/admin/pengguna/1/sandi-awal",
    "POST /admin/pengguna/:id/buka-kunci": () => "/admin/pengguna/1/buka-kunci",
    "POST /admin/kunci/buka": () => "/admin/kunci/buka",
    "GET /akun": () => "/akun",
    "POST /akun": () => "/akun",
  };
  // Routes about no office's row (nor another user's token): a user allowed by role is answered, not refused nor missing.
  const UNOWNED = /^(GET|POST) \/(static|healthz|masuk|keluar|akun(?!\/token\/:id)|contoh|impor(\/hapus-contoh)?$|laporan$|peringatan$|sop$|jenis-izin$|permohonan$|langkah$|petugas$|api\/v1\/(imports|alerts)$)|^GET \/$|^(GET|POST) \/impor$|:file\{unduh/;
  const routeTable = () => {
    const app = createApp({ db: t.database.db, clock: fixedClock(TEST_NOW), logger: silentLogger });
    return [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))];
  };
  const send = (request: (path: string, init?: RequestInit) => Promise<Response>, key: string) => {
    const [method] = key.split(" ");
    const path = PROBES[key]!(other);
    return method === "GET" ? request(path) : request(path, { method: method!, body: new URLSearchParams(), headers: { origin: ORIGIN } });
  };

  it("has a probe for every route in the app's route table", () => {
    const routes = routeTable();
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((k) => !PROBES[k])).toEqual([]);
  });

  it("sends the anonymous of every route but the open ones to Masuk, or answers 401 on the API", async () => {
    const anonymous = testApp(t.database, TEST_NOW).anonymous;
    for (const key of routeTable()) {
      if (actionOf(key) === "open") continue;
      const res = await send(async (path, init) => anonymous.request(path, init), key);
      if (PROBES[key]!(other).startsWith("/api/")) expect(res.status, key).toBe(401);
      else {
        expect(res.status, key).toBe(303);
        expect(res.headers.get("location"), key).toMatch(/^\/masuk\?next=/);
      }
    }
  });

  it("refuses each role what the role table does not grant, on every route, and answers another office's rows as missing", async () => {
    for (const role of ROLES.filter((r) => r !== "admin")) {
      const request = as({ email: `${role}.probe@kampar.go.id`, role, offices: ["kampar"] });
      for (const key of routeTable()) {
        const action = actionOf(key);
        if (action === "open" || key === "POST /akun/token") continue;
        const res = await send(request, key);
        if (!can(role, action)) expect(res.status, `${role} ${key}`).toBe(403);
        else if (UNOWNED.test(key)) expect([403, 404], `${role} ${key}`).not.toContain(res.status);
        // Another office named in a filter is an unknown office (400); a row of one, a missing row.
        else expect(res.status, `${role} ${key}`).toBe(PROBES[key]!(other).includes("?office=") ? 400 : 404);
      }
    }
  });
});
