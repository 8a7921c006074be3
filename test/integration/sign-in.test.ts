import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/auth/password.ts";
import { createUser } from "../../src/db/repos/users.ts";
import { csrfTokenOf, testApp, visibleText } from "../support/app.ts";
import { movableClock } from "../support/sicantik-rows.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// Signing in as a browser does: a session cookie (HttpOnly, SameSite=Lax) made at sign-in,
// ended at sign-out, after an hour idle, after twelve hours whatever the use, and when the
// password changes; the anonymous are sent to Masuk (pages) or refused 401 (API); ten wrong
// passwords lock an account for a quarter of an hour, unchecked.

const PASSWORD = "tenang-sekali-pagi-ini";

describe.each(BACKENDS)("sign-in on %s", (kind) => {
  const t = useTestDatabase(kind);
  const clock = movableClock("2026-11-23 08:00");
  const app = () => testApp(t.database, "2026-11-23T01:00:00Z", { clock }).anonymous;
  // Signed in, a form sends its session's CSRF token first, as the pages' forms do.
  const post = (path: string, fields: Record<string, string>, cookie?: string) =>
    app().request(path, { method: "POST", body: new URLSearchParams(cookie ? { _csrf: csrfTokenOf(cookie), ...fields } : fields), headers: cookie ? { cookie } : {} });
  const get = (path: string, cookie?: string) => app().request(path, { headers: cookie ? { cookie } : {} });
  const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";
  let userNo = 0;
  async function user(o: { mustChange?: boolean } = {}) {
    const email = `kasi${++userNo}@kampar.go.id`;
    await createUser(t.database.db, { email, name: `Kasi ${userNo}`, passwordHash: await hashPassword(PASSWORD), role: "admin", allOffices: true, mustChangePassword: o.mustChange ?? false }, clock.now());
    return email;
  }
  async function signIn(email: string, next = "/") {
    const res = await post("/masuk", { email, password: PASSWORD, next });
    expect(res.status).toBe(303);
    return { res, cookie: cookieOf(res) };
  }

  it("sends the anonymous to Masuk from a page and back after signing in; the API answers 401", async () => {
    const page = await get("/permohonan?office=kampar");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/masuk?next=%2Fpermohonan%3Foffice%3Dkampar");
    const api = await get("/api/v1/permits");
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: "sign in first: this needs a session" });
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/static/app.css")).status).toBe(200);
    expect(visibleText(await (await get("/masuk")).text())).toContain("Kata sandi");

    const email = await user();
    const { res, cookie } = await signIn(email, "/permohonan?office=kampar");
    expect(res.headers.get("location")).toBe("/permohonan?office=kampar");
    expect(res.headers.get("set-cookie")).toMatch(/^mb_session=[\w-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/);
    const signedIn = await get("/permohonan?office=kampar", cookie);
    expect(signedIn.status).toBe(200);
    expect(visibleText(await signedIn.text())).toContain("Masuk sebagai Kasi");
    expect((await get("/api/v1/permits", cookie)).status).toBe(200);
  });

  it("never leads back to another site, and refuses a wrong password with one message for a wrong e-mail too", async () => {
    const email = await user();
    expect((await signIn(email, "//evil.example/x")).res.headers.get("location")).toBe("/");
    expect((await signIn(email, "https://evil.example/")).res.headers.get("location")).toBe("/");
    const wrong = await post("/masuk", { email, password: "bukan-ini-kata-sandinya" });
    const unknown = await post("/masuk", { email: "siapa@kampar.go.id", password: PASSWORD });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(visibleText(await wrong.text())).toContain("E-mail atau kata sandi salah.");
    expect(visibleText(await unknown.text())).toContain("E-mail atau kata sandi salah.");
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("makes a new session at sign-in, so a session id planted before it is useless, and ends it server-side at sign-out", async () => {
    const email = await user();
    const planted = "mb_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const res = await post("/masuk", { email, password: PASSWORD }, planted);
    const cookie = cookieOf(res);
    expect(cookie).not.toBe(planted);
    expect((await get("/", planted)).status).toBe(303);
    expect((await get("/", cookie)).status).toBe(200);
    const out = await post("/keluar", {}, cookie);
    expect(out.headers.get("location")).toBe("/masuk");
    expect((await get("/", cookie)).status).toBe(303);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from user_session s join app_user u on u.id = s.user_id where u.email = ${email}`.execute(t.database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it("ends a session after an hour without a request, and twelve hours after sign-in however busy", async () => {
    const email = await user();
    clock.set("2026-11-23 08:00");
    const { cookie } = await signIn(email);
    clock.set("2026-11-23 08:59");
    expect((await get("/", cookie)).status).toBe(200);
    clock.set("2026-11-23 09:58");
    expect((await get("/", cookie)).status).toBe(200);
    clock.set("2026-11-23 10:59");
    expect((await get("/", cookie)).status).toBe(303);

    clock.set("2026-11-24 07:00");
    const busy = (await signIn(email)).cookie;
    // A request every 50 minutes from 07:50 to 18:40 keeps it; at 19:00 its twelve hours are up.
    const at = (minutes: number) => `2026-11-24 ${String(7 + Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    for (let m = 50; m <= 700; m += 50) {
      clock.set(at(m));
      expect((await get("/", busy)).status, at(m)).toBe(200);
    }
    clock.set("2026-11-24 19:00");
    expect((await get("/", busy)).status).toBe(303);
  });

  it("refuses the 11th sign-in of an account within minutes without checking its password, and says when to try", async () => {
    const email = await user();
    clock.set("2026-11-25 08:00");
    for (let i = 0; i < 10; i++) expect((await post("/masuk", { email, password: `salah-${i}-kali-ini` })).status).toBe(401);
    const locked = await post("/masuk", { email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("set-cookie")).toBeNull();
    expect(visibleText(await locked.text())).toContain("Coba lagi dalam 15 menit.");
    clock.set("2026-11-25 08:16");
    expect((await post("/masuk", { email, password: PASSWORD })).status).toBe(303);
    // Failures no lock can count any more are forgotten at the next failure: the table stays small.
    const failures = () => t.database.db.selectFrom("sign_in_failure").select("at").execute();
    expect((await failures()).length).toBeGreaterThanOrEqual(10);
    clock.set("2026-11-25 09:00");
    expect((await post("/masuk", { email: "tidak-ada@kampar.go.id", password: "salah-sekali-lagi" })).status).toBe(401);
    expect((await failures()).map((f) => f.at.toISOString())).toEqual(["2026-11-25T02:00:00.000Z", "2026-11-25T02:00:00.000Z"]);
  });

  it("sends an account with an initial password to change it, refuses weak ones naming why, and ends its other sessions", async () => {
    const email = await user({ mustChange: true });
    clock.set("2026-11-26 08:00");
    const { res, cookie } = await signIn(email, "/permohonan");
    expect(res.headers.get("location")).toBe("/akun/sandi");
    expect((await get("/permohonan", cookie)).headers.get("location")).toBe("/akun/sandi");
    expect((await get("/api/v1/permits", cookie)).status).toBe(403);
    const other = (await signIn(email)).cookie;
    const weak = async (password: string) => visibleText(await (await post("/akun/sandi", { current: PASSWORD, password, repeat: password }, cookie)).text());
    expect(await weak("pendek")).toContain("terlalu pendek");
    expect(await weak("password1234")).toContain("terlalu umum");
    expect(await weak(`${email.split("@")[0]}-rahasia-sekali`)).toContain("memuat nama atau e-mail Anda");
    expect(visibleText(await (await post("/akun/sandi", { current: "bukan", password: "pagi-cerah-di-bangkinang", repeat: "pagi-cerah-di-bangkinang" }, cookie)).text())).toContain("kata sandi sekarang salah");
    const changed = await post("/akun/sandi", { current: PASSWORD, password: "pagi-cerah-di-bangkinang", repeat: "pagi-cerah-di-bangkinang" }, cookie);
    expect(changed.status).toBe(200);
    const renewed = cookieOf(changed);
    expect(renewed).not.toBe(cookie);
    expect((await get("/permohonan", renewed)).status).toBe(200);
    expect((await get("/permohonan", cookie)).status).toBe(303);
    expect((await get("/permohonan", other)).status).toBe(303);
  });

  it("ends the sessions of a disabled user", async () => {
    const email = await user();
    clock.set("2026-11-27 08:00");
    const { cookie } = await signIn(email);
    await t.database.db.updateTable("app_user").set({ disabled_at: clock.now() }).where("email", "=", email).execute();
    expect((await get("/", cookie)).status).toBe(303);
    expect((await post("/masuk", { email, password: PASSWORD })).status).toBe(401);
  });
  it("makes an API token shown once, reads with it, imports only with an import token, and refuses it revoked, expired or on a page", async () => {
    const email = await user();
    clock.set("2026-11-28 08:00");
    const { cookie } = await signIn(email);
    const make = async (fields: Record<string, string>) => {
      const html = await (await post("/akun/token", fields, cookie)).text();
      return /<code>([\w-]+)<\/code>/.exec(html)?.[1] ?? "";
    };
    const read = await make({ name: "Sinkron baca", scope: "read", days: "" });
    const importer = await make({ name: "Tarik SiCantik", scope: "import", days: "30" });
    expect(read).toMatch(/^[\w-]{43}$/);
    const list = visibleText(await (await get("/akun/token", cookie)).text());
    expect(list).toContain("Sinkron baca");
    expect(list).not.toContain(read);
    const api = (path: string, secret: string, init: RequestInit = {}) => app().request(path, { ...init, headers: { authorization: `Bearer ${secret}`, ...(init.headers ?? {}) } });
    expect((await api("/api/v1/permits", read)).status).toBe(200);
    const row = { id: 9001, no_permohonan: "503/KMP/2026/0777", jenis_izin: "Izin Kerja Teknisi Gigi", nama_proses: "Pendaftaran", status: "Selesai", start_date: "2026-03-05 08:00:00", end_date: "2026-03-05 08:05:00", tgl_pengajuan: "2026-03-05 08:00:00" };
    const body = JSON.stringify({ office: "kampar", rows: [row] });
    const refused = await api("/api/v1/imports", read, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "this token may only read" });
    const imported = await api("/api/v1/imports", importer, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(imported.status).toBe(201);
    expect(await imported.json()).toMatchObject({ rowsRead: 1, inserted: 1 });
    expect((await api("/permohonan", read)).status).toBe(303);
    expect(visibleText(await (await get("/akun/token", cookie)).text())).toMatch(/Sinkron baca Baca .* 28 Nov 2026/);
    // Expired after its 30 days; revoked at once.
    clock.set("2026-12-28 08:01");
    expect((await api("/api/v1/permits", importer)).status).toBe(401);
    const id = (await t.database.db.selectFrom("api_token").select("id").where("name", "=", "Sinkron baca").executeTakeFirstOrThrow()).id;
    const { cookie: later } = await signIn(email);
    expect((await post(`/akun/token/${id}/cabut`, {}, later)).status).toBe(303);
    const revoked = await api("/api/v1/permits", read);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: "the API token is unknown, revoked or expired" });
    expect((await api("/api/v1/permits", "made-up-token")).status).toBe(401);
  });
  it("sends its security headers on every answer, HSTS and a Secure cookie only under https", async () => {
    const page = await get("/masuk");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    expect(page.headers.get("strict-transport-security")).toBeNull();
    const email = await user();
    const https = testApp(t.database, "2026-11-23T01:00:00Z", { clock, publicUrl: "https://mutubaku.kampar.go.id" }).anonymous;
    const res = await https.request("/masuk", { method: "POST", body: new URLSearchParams({ email, password: PASSWORD }), headers: { origin: "https://mutubaku.kampar.go.id" } });
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(res.headers.get("set-cookie")).toMatch(/; Secure/);
  });
});
