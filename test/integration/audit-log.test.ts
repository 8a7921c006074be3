import { CSRF_HEADER } from "../../src/auth/csrf.ts";
import { readFile } from "node:fs/promises";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/auth/password.ts";
import { createUser } from "../../src/db/repos/users.ts";
import type { Role } from "../../src/db/schema.ts";
import { AUDITED_ROUTES } from "../../src/web/audit.ts";
import { csrfTokenOf, reportsDirOf, TEST_NOW, testApp, visibleText } from "../support/app.ts";
import { movableClock } from "../support/sicantik-rows.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// The audit log as an admin reads it on Log audit: sign-ins (and the failed and refused ones),
// sign-outs, an import, a step-name change, downloads and a program's token, each with who, from
// which address and what; never a password or a token; the admin's page alone; its filters narrow it.

const PASSWORD = "tenang-sekali-pagi-ini";
const WRONG = "bukan-ini-sandinya-kok";
const CHANNEL_SECRET = "rahasia-webhook-kampar-99";
const SOP = "kampar-izin-kerja-teknisi-gigi";
const ADDRESS = "10.20.30.40";
/** What @hono/node-server hands a request: the connection the address is read from. */
const FROM = { incoming: { socket: { remoteAddress: ADDRESS } } };

describe.each(BACKENDS)("audit log on %s", (kind) => {
  const t = useTestDatabase(kind);
  const clock = movableClock("2026-11-23 08:00");
  const app = () => testApp(t.database, TEST_NOW, { clock });
  const send = (path: string, init: RequestInit = {}, cookie?: string) =>
    app().anonymous.request(path, { ...init, headers: { ...(cookie ? { cookie, ...(init.method === "POST" ? { [CSRF_HEADER]: csrfTokenOf(cookie) } : {}) } : {}), ...Object.fromEntries(new Headers(init.headers)) } }, FROM);
  const post = (path: string, body: Record<string, string> | FormData, cookie?: string) => send(path, { method: "POST", body: body instanceof FormData ? body : new URLSearchParams(body) }, cookie);
  const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";

  /** The rows of Log audit, as the test admin sees them, each row's visible text. */
  async function auditRows(query = ""): Promise<string[]> {
    const res = await app().request(`/admin/audit${query}`);
    expect(res.status).toBe(200);
    return [...(await res.text()).matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).filter((r) => !r.includes("<th")).map(visibleText);
  }
  const rowOf = (rows: string[], text: string) => rows.find((r) => r.includes(text)) ?? `(no row with "${text}" in ${JSON.stringify(rows)})`;

  async function user(email: string, role: Role) {
    await createUser(t.database.db, { email, name: email.split("@")[0]!, passwordHash: await hashPassword(PASSWORD), role, allOffices: true }, clock.now());
  }
  async function signIn(email: string) {
    const res = await post("/masuk", { email, password: PASSWORD });
    expect(res.status).toBe(303);
    return cookieOf(res);
  }

  let batchPath = "";
  beforeAll(async () => {
    await user("kasi@kampar.go.id", "admin");
    await user("tamu@kampar.go.id", "viewer");
  });

  it("logs a failed sign-in with the e-mail typed, a sign-in, an import, a step-name change, downloads and a sign-out, each with who, where from and what", async () => {
    clock.set("2026-11-23 08:00");
    expect((await post("/masuk", { email: "kasi@kampar.go.id", password: WRONG })).status).toBe(401);
    const cookie = await signIn("kasi@kampar.go.id");

    const upload = new FormData();
    upload.set("office", "kampar");
    upload.set("file", new File([await readFile(fileURLToPath(new URL("../fixtures/imports/kampar-2026-03a.csv", import.meta.url)))], "maret.csv"));
    const imported = await post("/impor", upload, cookie);
    expect(imported.status).toBe(303);
    batchPath = imported.headers.get("location") ?? "";
    expect(batchPath).toMatch(/^\/impor\/\d+$/);

    expect((await post(`/sop/${SOP}/alias?versi=1&petakan=1`, { name: "Daftar Loket", position: "1" }, cookie)).status).toBe(303);

    // A report made earlier, its file in the reports folder.
    writeFileSync(join(reportsDirOf(t.database), "audit-test.xlsx"), "PK");
    const report = await t.database.db
      .insertInto("report")
      .values({ office_id: null, office_ids: null, period_from: "2026-10-01", period_to: "2026-10-31", lang: "id", made_by: "jadwal", status: "done", file_name: "audit-test.xlsx", bytes: 2, last_batch_id: null, calendar_version_id: null, sop_version_id: null, alias_id: null, error: null, finished_at: clock.now() })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await send(`/laporan/${report.id}/unduh`, {}, cookie)).status).toBe(200);
    expect((await send(`${batchPath}/ditolak.csv`, {}, cookie)).status).toBe(200);
    expect((await send("/permohonan/unduh.csv?office=kampar&status=late", {}, cookie)).status).toBe(200);
    // Pages that only show are not logged.
    expect((await send("/permohonan?office=kampar", {}, cookie)).status).toBe(200);
    expect((await post("/keluar", {}, cookie)).status).toBe(303);

    const rows = await auditRows();
    expect(rows).toHaveLength(8);
    // Newest first.
    expect(rows[0]).toContain("Keluar");
    expect(rows[7]).toContain("Gagal masuk");
    for (const r of rows) expect(r).toContain("kasi@kampar.go.id");
    for (const r of rows) expect(r).toContain(ADDRESS);
    for (const r of rows) expect(r).toContain("23 Nov 2026, 08.00");
    expect(rowOf(rows, "Gagal masuk")).toContain("Gagal (401)");
    expect(rowOf(rows, "Masuk sign_in ")).toContain("Berhasil (303)");
    expect(rowOf(rows, "Impor ekspor")).toContain(`→ ${batchPath}`);
    expect(rowOf(rows, "Ubah nama langkah")).toMatch(new RegExp(`/sop/${SOP}/alias .*slug: ${SOP} versi: 1 petakan: 1 name: Daftar Loket position: 1`));
    expect(rowOf(rows, "Unduh laporan")).toContain(`/laporan/${report.id}/unduh`);
    expect(rowOf(rows, "Unduh baris ditolak")).toContain(`${batchPath}/ditolak.csv`);
    expect(rowOf(rows, "Unduh daftar")).toContain("/permohonan/unduh.csv Berhasil (200) file: unduh.csv office: kampar status: late");
  });

  it("logs a program's API token by its name, at most once a minute, and never holds a password or a token", async () => {
    clock.set("2026-11-23 09:00");
    const cookie = await signIn("kasi@kampar.go.id");
    const made = await (await post("/akun/token", { name: "Sinkron SiCantik", scope: "read", days: "" }, cookie)).text();
    const secret = /<code>([\w-]+)<\/code>/.exec(made)?.[1] ?? "";
    expect(secret).toMatch(/^[\w-]{43}$/);
    const api = () => send("/api/v1/permits", { headers: { authorization: `Bearer ${secret}` } });
    expect((await api()).status).toBe(200);
    expect((await api()).status).toBe(200);
    clock.set("2026-11-23 09:01");
    expect((await api()).status).toBe(200);
    // A channel's webhook secret and address are typed into its form: neither is kept.
    await post("/peringatan/pengaturan/kampar/saluran", { kind: "webhook", name: "Grup Kasi", url: `https://hooks.example/${CHANNEL_SECRET}`, secret: CHANNEL_SECRET, enabled: "on" }, cookie);

    const uses = await auditRows("?action=token.use");
    expect(uses).toHaveLength(2);
    for (const r of uses) expect(r).toMatch(/Pemakaian token API token\.use \/api\/v1\/permits Berhasil \(200\) token: Sinkron SiCantik \(#\d+\)/);
    expect(rowOf(await auditRows("?action=token.create"), "Buat token API")).toContain("name: Sinkron SiCantik scope: read");
    expect(rowOf(await auditRows("?action=alert_channel.change"), "Ubah saluran peringatan")).toContain("kind: webhook name: Grup Kasi enabled: on");

    const { rows } = await sql<{ text: string }>`select coalesce(string_agg(a::text, ' '), '') as text from audit_event a`.execute(t.database.db);
    const everything = rows[0]!.text;
    expect(everything).toContain("kasi@kampar.go.id");
    for (const secretText of [PASSWORD, WRONG, secret, CHANNEL_SECRET, cookie.split("=")[1]!]) expect(everything).not.toContain(secretText);
  });

  it("is the admin's page alone: a viewer gets 403 and no link to it, and its refused change is logged", async () => {
    clock.set("2026-11-23 10:00");
    const cookie = await signIn("tamu@kampar.go.id");
    const refused = await send("/admin/audit", {}, cookie);
    expect(refused.status).toBe(403);
    expect(visibleText(await refused.text())).toContain("Tidak diizinkan");
    expect(visibleText(await (await send("/", {}, cookie)).text())).not.toContain("Log audit");
    expect(visibleText(await (await app().request("/")).text())).toContain("Log audit");
    expect((await post(`/sop/${SOP}/alias?versi=1&petakan=1`, { name: "Loket Tamu", position: "1" }, cookie)).status).toBe(403);
    expect(rowOf(await auditRows("?user=TAMU@kampar.go.id"), "Ubah nama langkah")).toContain("Gagal (403)");
  });

  it("narrows the list by period, user, action and any text, and says when nothing matches", async () => {
    clock.set("2026-11-24 08:00");
    expect((await post("/masuk", { email: "tamu@kampar.go.id", password: WRONG })).status).toBe(401);
    expect((await post("/masuk", { email: "siapa@kampar.go.id", password: WRONG })).status).toBe(401);

    const day = await auditRows("?from=2026-11-24&to=2026-11-24");
    expect(day).toHaveLength(2);
    for (const r of day) expect(r).toContain("24 Nov 2026, 08.00");
    const before = await auditRows("?to=2026-11-23");
    expect(before.length).toBeGreaterThan(0);
    for (const r of before) expect(r).toContain("23 Nov 2026");

    const failed = await auditRows("?action=sign_in.failed");
    expect(failed.map((r) => r.split(" ").slice(4, 6).join(" "))).toEqual(["siapa@kampar.go.id 10.20.30.40", "tamu@kampar.go.id 10.20.30.40", "kasi@kampar.go.id 10.20.30.40"]);
    const tamu = await auditRows("?user=tamu@kampar.go.id");
    expect(tamu.length).toBeGreaterThanOrEqual(3);
    for (const r of tamu) expect(r).toContain("tamu@kampar.go.id");
    expect(await auditRows("?user=tamu@kampar.go.id&action=sign_in.failed&from=2026-11-24")).toHaveLength(1);
    const search = await auditRows("?q=daftar%20loket");
    expect(search).toHaveLength(1);
    expect(search[0]).toContain("Ubah nama langkah");

    const none = await app().request("/admin/audit?user=tidak-ada@kampar.go.id");
    expect(visibleText(await none.text())).toContain("Tidak ada kejadian yang cocok dengan filter ini.");
    expect((await app().request("/admin/audit?from=2026-11-24&to=2026-11-01")).status).toBe(400);
    expect((await app().request("/admin/audit?from=kemarin")).status).toBe(400);
  });

  it("names only routes the app has, so a renamed download is not silently left out", () => {
    const routes = new Set(app().anonymous.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(AUDITED_ROUTES).filter((key) => !routes.has(key))).toEqual([]);
  });

  // Last: the ten failures lock this address too.
  it("logs a sign-in the throttle refused unchecked apart from a wrong password", async () => {
    clock.set("2026-11-25 08:00");
    for (let i = 0; i < 10; i++) expect((await post("/masuk", { email: "kasi@kampar.go.id", password: `${WRONG}-${i}` })).status).toBe(401);
    expect((await post("/masuk", { email: "kasi@kampar.go.id", password: PASSWORD })).status).toBe(429);
    const day = await auditRows("?from=2026-11-25&user=kasi@kampar.go.id");
    expect(day).toHaveLength(11);
    expect(day[0]).toMatch(/kasi@kampar\.go\.id 10\.20\.30\.40 Masuk ditolak \(terkunci\) sign_in\.locked \/masuk Gagal \(429\)/);
    expect(day.slice(1).every((r) => r.includes("Gagal masuk"))).toBe(true);
  });
});
