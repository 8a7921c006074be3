import { CSRF_HEADER } from "../../src/auth/csrf.ts";
import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/auth/password.ts";
import { listOffices } from "../../src/db/repos/offices.ts";
import { createUser, findUserByEmail } from "../../src/db/repos/users.ts";
import type { Role } from "../../src/db/schema.ts";
import { csrfTokenOf, testApp, visibleText } from "../support/app.ts";
import { movableClock } from "../support/sicantik-rows.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// Pengguna, as an admin uses it: a new user with a generated initial password signs in with it and
// must change it; roles and offices changed show in the list; a disabled user's session and API
// token stop working; a sign-in lock lifted lets the right password in; the last active admin
// cannot demote or disable themselves; other roles are refused. And /akun: one's language, kept.

const PASSWORD = "tenang-sekali-pagi-ini";

describe.each(BACKENDS)("user admin on %s", (kind) => {
  const t = useTestDatabase(kind);
  const clock = movableClock("2026-11-23 08:00");
  const app = () => testApp(t.database, "2026-11-23T01:00:00Z", { clock });
  const admin = (path: string, init?: RequestInit) => app().request(path, init);
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return { method: "POST", body };
  };
  const anonymous = (path: string, init: RequestInit = {}) => app().anonymous.request(path, init);
  /** The cookies a browser keeps from an answer, to send with its next request. */
  const cookiesOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  const signIn = (email: string, password: string) => anonymous("/masuk", form({ email, password }));
  const page = async (res: Response) => visibleText(await res.text());
  const rowOf = (text: string, name: string) => text.slice(text.indexOf(name), text.indexOf(name) + 200);
  const offices = async () => {
    const all = await listOffices(t.database.db, EVERY_OFFICE);
    return { kampar: all.find((o) => o.slug === "kampar")!, pekanbaru: all.find((o) => o.slug === "pekanbaru")! };
  };
  let userNo = 0;
  /** A user made straight in the database, with a password they have chosen. */
  async function user(role: Role, o: { officeIds?: number[] } = {}) {
    const email = `pegawai${++userNo}@kampar.go.id`;
    const id = await createUser(t.database.db, { email, name: `Pegawai ${userNo}`, passwordHash: await hashPassword(PASSWORD), role, officeIds: o.officeIds ?? [(await offices()).kampar.id] }, clock.now());
    return { id, email, name: `Pegawai ${userNo}` };
  }

  it("makes a viewer of one office with a generated password, shown once; they sign in with it and must change it", async () => {
    clock.set("2026-11-23 08:00");
    const { kampar } = await offices();
    const blank = await page(await admin("/admin/pengguna/baru"));
    expect(blank).toContain("DPMPTSP Kabupaten Kampar");
    const made = await admin("/admin/pengguna/baru", form({ name: "Siti Aminah", email: "siti.aminah@kampar.go.id", role: "viewer", office: String(kampar.id), password_choice: "generate" }));
    expect(made.status).toBe(200);
    const html = await made.text();
    expect(visibleText(html)).toContain("Pengguna Siti Aminah sudah dibuat.");
    const password = /data-testid="initial-password"[\s\S]*?<code>([^<]+)<\/code>/.exec(html)?.[1] ?? "";
    expect(password).toMatch(/^[\w-]{16}$/);
    // Shown once: not on the user's page afterwards.
    const id = (await findUserByEmail(t.database.db, "siti.aminah@kampar.go.id"))!.id;
    expect(await (await admin(`/admin/pengguna/${id}`)).text()).not.toContain(password);

    const signedIn = await signIn("Siti.Aminah@kampar.go.id", password);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/akun/sandi");
    expect((await anonymous("/", { headers: { cookie: cookiesOf(signedIn) } })).headers.get("location")).toBe("/akun/sandi");

    const list = await page(await admin("/admin/pengguna"));
    expect(rowOf(list, "Siti Aminah")).toContain("siti.aminah@kampar.go.id Pemantau DPMPTSP Kabupaten Kampar Aktif; harus ganti kata sandi");
  });

  it("refuses a new user's form naming each problem: an e-mail already used in another case, a common password, no office", async () => {
    clock.set("2026-11-23 09:00");
    const { kampar } = await offices();
    const existing = await user("operator");
    const refused = await admin("/admin/pengguna/baru", form({ name: "Dobel", email: existing.email.toUpperCase(), role: "viewer", office: String(kampar.id), password_choice: "typed", password: "qwerty123456" }));
    expect(refused.status).toBe(400);
    const text = await page(refused);
    expect(text).toContain(`e-mail ini sudah dipakai oleh ${existing.name} (huruf besar dan kecil tidak dibedakan)`);
    expect(text).toContain("terlalu umum");
    const empty = await page(await admin("/admin/pengguna/baru", form({ name: " ", email: "bukan-email", role: "viewer" })));
    expect(empty).toContain("wajib diisi");
    expect(empty).toContain("bukan alamat e-mail");
    expect(empty).toContain("pilih paling sedikit satu kantor, atau semua kantor");
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from app_user where lower(email) = lower(${existing.email})`.execute(t.database.db);
    expect(rows[0]!.n).toBe(1);

    // A password the admin types passes the same rule, and is changed at the first sign-in too.
    const typed = await admin("/admin/pengguna/baru", form({ name: "Rudi Hartono", email: "rudi@kampar.go.id", role: "kepala", office: String(kampar.id), password_choice: "typed", password: "gunung-kerinci-3805" }));
    expect(typed.status).toBe(200);
    expect(await typed.text()).toContain("<code>gunung-kerinci-3805</code>");
    expect((await signIn("rudi@kampar.go.id", "gunung-kerinci-3805")).headers.get("location")).toBe("/akun/sandi");
  });

  it("changes a user's name, role and offices, shown in the list; all offices reads so", async () => {
    clock.set("2026-11-23 10:00");
    const { kampar, pekanbaru } = await offices();
    const u = await user("viewer");
    const saved = await admin(`/admin/pengguna/${u.id}`, form({ name: "Pegawai Pindahan", role: "operator", office: [String(kampar.id), String(pekanbaru.id)] }));
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/admin/pengguna/${u.id}?selesai=disimpan`);
    expect(await page(await admin(saved.headers.get("location")!))).toContain("Tersimpan.");
    expect(rowOf(await page(await admin("/admin/pengguna")), "Pegawai Pindahan")).toContain("Operator DPMPTSP Kabupaten Kampar, DPMPTSP Kota Pekanbaru Aktif");
    await admin(`/admin/pengguna/${u.id}`, form({ name: "Pegawai Pindahan", role: "kepala", all_offices: "1" }));
    expect(rowOf(await page(await admin("/admin/pengguna")), "Pegawai Pindahan")).toContain("Kepala Semua kantor Aktif");
    // The role applies at once, in the session the user already has.
    const edit = await page(await app().as(u.id)("/peringatan/pengaturan/kampar"));
    expect(edit).not.toContain("Tidak diizinkan");

    expect((await admin("/admin/pengguna/999999")).status).toBe(404);
    expect((await admin("/admin/pengguna/1e0")).status).toBe(404);
    expect((await admin("/admin/pengguna/abc")).status).toBe(404);
    expect((await admin(`/admin/pengguna/${u.id}`, form({ name: "Pegawai Pindahan", role: "raja", office: String(kampar.id) }))).status).toBe(400);
  });

  it("disables a user: their open session and API token stop working until enabled again", async () => {
    clock.set("2026-11-24 08:00");
    const u = await user("viewer");
    const cookie = cookiesOf(await signIn(u.email, PASSWORD));
    const tokenPage = await anonymous("/akun/token", { ...form({ name: "Sinkron", scope: "read", days: "" }), headers: { cookie, [CSRF_HEADER]: csrfTokenOf(cookie) } });
    const token = /<code>([\w-]+)<\/code>/.exec(await tokenPage.text())?.[1] ?? "";
    const api = () => anonymous("/api/v1/permits", { headers: { authorization: `Bearer ${token}` } });
    expect((await api()).status).toBe(200);

    const disabled = await admin(`/admin/pengguna/${u.id}/nonaktifkan`, { method: "POST" });
    expect(disabled.status).toBe(303);
    expect(await page(await admin(disabled.headers.get("location")!))).toContain(`${u.name} dinonaktifkan: sesinya sudah diakhiri dan token API-nya ditolak.`);
    const after = await anonymous("/", { headers: { cookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toBe("/masuk?next=%2F");
    expect((await api()).status).toBe(401);
    expect((await signIn(u.email, PASSWORD)).status).toBe(401);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from user_session where user_id = ${u.id}`.execute(t.database.db);
    expect(rows[0]!.n).toBe(0);
    expect(rowOf(await page(await admin("/admin/pengguna")), u.name)).toContain("Nonaktif sejak 24 Nov 2026");

    expect((await admin(`/admin/pengguna/${u.id}/aktifkan`, { method: "POST" })).status).toBe(303);
    expect((await signIn(u.email, PASSWORD)).status).toBe(303);
    expect((await api()).status).toBe(200);
  });

  it("gives a user a new initial password: their sessions end and they must change it", async () => {
    clock.set("2026-11-24 10:00");
    const u = await user("operator");
    const cookie = cookiesOf(await signIn(u.email, PASSWORD));
    const reset = await admin(`/admin/pengguna/${u.id}/sandi-awal`, { method: "POST" });
    const password = /<code>([\w-]+)<\/code>/.exec(await reset.text())?.[1] ?? "";
    expect(password).toMatch(/^[\w-]{16}$/);
    expect((await anonymous("/", { headers: { cookie } })).status).toBe(303);
    expect((await signIn(u.email, PASSWORD)).status).toBe(401);
    expect((await signIn(u.email, password)).headers.get("location")).toBe("/akun/sandi");
  });

  it("lifts a sign-in lock: ten wrong passwords lock the account and the address, lifting both lets the right one in", async () => {
    clock.set("2026-11-25 08:00");
    const u = await user("viewer");
    for (let i = 0; i < 10; i++) expect((await signIn(u.email, `salah-${i}-kali-ini`)).status).toBe(401);
    expect((await signIn(u.email, PASSWORD)).status).toBe(429);
    const list = await page(await admin("/admin/pengguna"));
    expect(rowOf(list, u.name)).toContain("terkunci sampai 25 Nov 2026");
    // Requests made in-process come from no address: the throttle counts them as "unknown".
    expect(list).toContain("Alamat yang terkunci");
    expect(list).toMatch(/Alamat Terkunci sampai unknown 25 Nov 2026/);

    const lifted = await admin(`/admin/pengguna/${u.id}/buka-kunci`, { method: "POST" });
    expect(lifted.headers.get("location")).toBe(`/admin/pengguna/${u.id}?selesai=kunci`);
    expect(await page(await admin(lifted.headers.get("location")!))).toContain("Kunci dibuka");
    // The address is still locked.
    expect((await signIn(u.email, PASSWORD)).status).toBe(429);
    expect((await admin("/admin/kunci/buka", form({ key: "address:unknown" }))).status).toBe(303);
    expect(await page(await admin("/admin/pengguna"))).not.toContain("Alamat yang terkunci");
    expect((await signIn(u.email, PASSWORD)).status).toBe(303);
    expect((await admin("/admin/kunci/buka", form({ key: "account:siapa@kampar.go.id" }))).status).toBe(400);
  });

  it("refuses the user pages to every role but admin, and shows Pengguna in the menu only to admins", async () => {
    clock.set("2026-11-26 08:00");
    for (const role of ["viewer", "kepala", "operator"] as const) {
      const u = await user(role);
      const as = app().as(u.id);
      const list = await as("/admin/pengguna");
      expect(list.status, role).toBe(403);
      expect(await page(list)).toContain("Tidak diizinkan");
      const made = await as("/admin/pengguna/baru", form({ name: "Penyusup", email: `penyusup-${role}@kampar.go.id`, role: "admin", all_offices: "1" }));
      expect(made.status, role).toBe(403);
      expect(await findUserByEmail(t.database.db, `penyusup-${role}@kampar.go.id`)).toBeUndefined();
      expect((await as(`/admin/pengguna/${u.id}`, form({ name: u.name, role: "admin", all_offices: "1" }))).status, role).toBe(403);
      expect((await as(`/admin/pengguna/${u.id}/buka-kunci`, { method: "POST" })).status, role).toBe(403);
      const home = await as("/");
      expect(await home.text()).not.toContain('href="/admin/pengguna"');
    }
    expect(await (await admin("/")).text()).toContain('href="/admin/pengguna"');
  });

  it("keeps the last active admin: they cannot demote or disable themselves until another admin is active", async () => {
    clock.set("2026-11-27 08:00");
    const me = (await findUserByEmail(t.database.db, "admin@mutubaku.test"))!;
    await sql`update app_user set disabled_at = ${clock.now()} where role = 'admin' and id <> ${me.id}`.execute(t.database.db);
    const demote = await admin(`/admin/pengguna/${me.id}`, form({ name: me.name, role: "kepala", all_offices: "1" }));
    expect(demote.status).toBe(409);
    expect(await page(demote)).toContain(`Tidak dapat: ${me.name} adalah admin aktif terakhir. Jadikan pengguna lain admin dulu.`);
    const disable = await admin(`/admin/pengguna/${me.id}/nonaktifkan`, { method: "POST" });
    expect(disable.status).toBe(409);
    expect(await page(disable)).toContain("admin aktif terakhir");
    // A disabled admin is no help.
    const other = await user("admin", { officeIds: [] });
    await admin(`/admin/pengguna/${other.id}/nonaktifkan`, { method: "POST" });
    expect((await admin(`/admin/pengguna/${me.id}`, form({ name: me.name, role: "kepala", all_offices: "1" }))).status).toBe(409);
    await admin(`/admin/pengguna/${other.id}/aktifkan`, { method: "POST" });
    expect((await admin(`/admin/pengguna/${me.id}`, form({ name: me.name, role: "kepala", all_offices: "1" }))).status).toBe(303);
    expect((await admin("/admin/pengguna")).status).toBe(403);
    // The other admin gives the role back.
    expect((await app().as(other.id)(`/admin/pengguna/${me.id}`, form({ name: me.name, role: "admin", all_offices: "1" }))).status).toBe(303);
    expect((await admin("/admin/pengguna")).status).toBe(200);
  });

  it("keeps one's own language: saved on Akun saya, it applies to the next page and at the next sign-in", async () => {
    clock.set("2026-11-28 08:00");
    const u = await user("viewer");
    const cookie = cookiesOf(await signIn(u.email, PASSWORD));
    const account = await page(await anonymous("/akun", { headers: { cookie } }));
    expect(account).toContain("Akun saya");
    expect(account).toContain(`${u.email} Peran Pemantau Kantor DPMPTSP Kabupaten Kampar`);
    const saved = await anonymous("/akun", { ...form({ lang: "en" }), headers: { cookie, [CSRF_HEADER]: csrfTokenOf(cookie) } });
    expect(saved.status).toBe(303);
    const next = await page(await anonymous(saved.headers.get("location")!, { headers: { cookie: `${cookie}; ${cookiesOf(saved)}` } }));
    expect(next).toContain("My account");
    expect(next).toContain("Language saved.");
    expect(next).toContain("Role Viewer");

    // Another browser, with no language of its own: English from the sign-in on.
    const fresh = await signIn(u.email, PASSWORD);
    expect(await page(await anonymous("/akun", { headers: { cookie: cookiesOf(fresh) } }))).toContain("My account");
    // The header's switch still changes this browser's pages.
    expect(await page(await anonymous("/akun?lang=id", { headers: { cookie: cookiesOf(fresh) } }))).toContain("Akun saya");
    expect((await anonymous("/akun", { ...form({ lang: "fr" }), headers: { cookie, [CSRF_HEADER]: csrfTokenOf(cookie) } })).status).toBe(400);
  });
});
