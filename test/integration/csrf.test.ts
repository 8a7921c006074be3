import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/auth/password.ts";
import type { Database } from "../../src/db/connect.ts";
import { createUser } from "../../src/db/repos/users.ts";
import { apiToken, csrfTokenOf, sessionCookie, TEST_NOW, testApp, visibleText } from "../support/app.ts";
import { formFields } from "../support/forms.ts";
import { SICANTIK_HEADER, permitRows } from "../support/sicantik-rows.ts";
import { SOP_DOCUMENTS } from "../support/sop-documents.ts";
import { BACKENDS, openTestDatabase } from "../support/test-db.ts";
import { BOUNDARY, multipart, post as postOverSocket } from "../support/uploads.ts";

// Every change a signed-in browser asks for carries its session's CSRF token besides the cookie:
// as the first field of the page's form, or in a header (the import page's script). Another
// site's post is refused whatever it carries; a form of another or an ended session is refused
// with a page that says to reload; a program's API token needs no CSRF token.

const OWN = "http://localhost";
const EVIL = "http://evil.example";
const PUBLIC_URL = "https://perizinan.example.go.id";
const SOP = "kampar-izin-kerja-teknisi-gigi";
const PASSWORD = "tenang-sekali-pagi-ini";
const ROW = { id: 9001, no_permohonan: "503/KMP/2026/0777", jenis_izin: "Izin Kerja Teknisi Gigi", nama_proses: "Pendaftaran", status: "Selesai", start_date: "2026-03-05 08:00:00", end_date: "2026-03-05 08:05:00", tgl_pengajuan: "2026-03-05 08:00:00" };

/** A SiCantik export of `permits` permits of three steps each, big enough to span many reads. */
function exportCsv(permits: number): string {
  const rows = Array.from({ length: permits }, (_, i) =>
    permitRows(7000 + i, "Izin Kerja Teknisi Gigi", "2026-03-02 08:00", [
      ["Pendaftaran", "2026-03-02 08:00", "2026-03-02 08:10", "Rina"],
      ["Verifikasi Berkas", "2026-03-02 08:10", "2026-03-02 09:00", "Sari"],
      ["Penerbitan Izin", "2026-03-02 09:00", "2026-03-02 10:00", "Budi"],
    ]),
  ).flat();
  return `${SICANTIK_HEADER}\n${rows.join("\n")}\n`;
}

describe.each(BACKENDS)("CSRF tokens on %s", (kind) => {
  let database: Database;
  let server: ServerType;
  let port = 0;
  let app: ReturnType<typeof testApp>["anonymous"];
  /** A signed-in browser's session, and another's. */
  let cookie = "";
  let other = "";

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    app = testApp(database, TEST_NOW, { publicUrl: PUBLIC_URL }).anonymous;
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    port = (server.address() as AddressInfo).port;
    cookie = await sessionCookie(database.db, new Date(TEST_NOW));
    other = await sessionCookie(database.db, new Date(TEST_NOW));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.close();
  });

  const target = async () => (await database.db.selectFrom("office").select("target_share").where("slug", "=", "kampar").executeTakeFirstOrThrow()).target_share;
  const batches = async () => (await database.db.selectFrom("import_batch").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
  /** Kampar's target form, as its page has it: the token first, then the fields. */
  const targetForm = (percent: number, token?: string) => new URLSearchParams({ ...(token === undefined ? {} : { _csrf: token }), target: String(percent), back: "/?office=kampar" });
  const postTarget = (percent: number, o: { token?: string; headers?: Record<string, string> }) =>
    app.request("/kantor/kampar/target", { method: "POST", body: targetForm(percent, o.token), headers: { origin: OWN, ...o.headers } });
  /** The token the page's forms carry for the session of `cookie`. */
  const pageToken = async (path: string, as: string) => /<input type="hidden" name="_csrf" value="([^"]+)"\/>/.exec(await (await app.request(path, { headers: { cookie: as } })).text())?.[1];

  it("refuses another site's post with or without a session cookie, and whatever token it sends", async () => {
    const before = await target();
    const cases: Record<string, string>[] = [
      { origin: EVIL },
      { origin: EVIL, cookie },
      { origin: EVIL, cookie, "x-csrf-token": csrfTokenOf(cookie) },
      { "sec-fetch-site": "cross-site", cookie },
    ];
    for (const headers of cases) {
      const res = await app.request("/kantor/kampar/target", { method: "POST", body: targetForm(55, csrfTokenOf(cookie)), headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(visibleText(await res.text())).toContain("Permintaan ditolak");
    }
    expect(await target()).toBe(before);
  });

  it("refuses a signed-in post of its own pages without the session's token, or with another session's, saying to reload", async () => {
    const before = await target();
    const refusals = [
      await postTarget(56, { headers: { cookie } }),
      await postTarget(57, { token: csrfTokenOf(other), headers: { cookie } }),
      await postTarget(58, { token: "", headers: { cookie } }),
      await postTarget(59, { headers: { cookie, "x-csrf-token": csrfTokenOf(other) } }),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(403);
      const text = visibleText(await res.text());
      expect(text).toContain("Formulir tidak berlaku");
      expect(text).toContain("Muat ulang halaman, lalu kirim lagi.");
    }
    const en = await app.request("/kantor/kampar/target", { method: "POST", body: targetForm(60), headers: { origin: OWN, cookie: `${cookie}; lang=en` } });
    expect(en.status).toBe(403);
    expect(visibleText(await en.text())).toContain("This form is not from your current session");
    expect(await target()).toBe(before);

    // The API answers in JSON, naming what is missing and nothing of the server.
    const json = await app.request("/api/v1/imports", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ office: "kampar", rows: [ROW] }) });
    expect(json.status).toBe(403);
    expect(await json.json()).toEqual({ error: "the session's CSRF token is missing or wrong: send it in x-csrf-token (a program uses an API token instead)" });
    expect(await batches()).toBe(0);
  });

  it("takes a signed-in post with the token its page gave, as the form's first field or in the header", async () => {
    const token = await pageToken("/?office=kampar", cookie);
    expect(token).toBe(csrfTokenOf(cookie));
    expect(await pageToken("/?office=kampar", other)).not.toBe(token);
    const field = await postTarget(61, { token, headers: { cookie } });
    expect(field.status).toBe(303);
    expect(await target()).toBeCloseTo(0.61);
    const header = await postTarget(62, { headers: { cookie, "x-csrf-token": token! } });
    expect(header.status).toBe(303);
    expect(await target()).toBeCloseTo(0.62);
  });

  it("puts the token first in every post form of the pages", async () => {
    const pages = [
      "/?office=kampar",
      "/impor",
      "/laporan",
      "/akun/token",
      "/akun/sandi",
      "/kantor/kampar/kalender/ubah",
      "/kantor/kampar/kalender/impor",
      "/kantor/kampar/sop/baru",
      "/kantor/kampar/sop/isi",
      `/sop/${SOP}/alias?versi=1`,
      "/peringatan/pengaturan/kampar",
      "/admin/pengguna/baru",
      "/akun",
    ];
    for (const path of pages) {
      const html = await (await app.request(path, { headers: { cookie } })).text();
      const forms = [...html.matchAll(/<form\b[^>]*method="post"[^>]*>(<input[^>]*>)?/g)];
      // Each page has its own form besides the sign-out button's.
      expect(forms.length, path).toBeGreaterThan(1);
      for (const [tag, first] of forms) expect(first, `${path}: ${tag}`).toBe(`<input type="hidden" name="_csrf" value="${csrfTokenOf(cookie)}"/>`);
    }
  });

  it("reads the token from the first field of a multipart upload and leaves the upload whole: imports and the SOP document", async () => {
    const csv = exportCsv(400);
    const upload = (fields: Record<string, string | File>) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.set(k, v);
      return body;
    };
    const token = csrfTokenOf(cookie);
    const api = await app.request("/api/v1/imports", { method: "POST", headers: { origin: OWN, cookie }, body: upload({ _csrf: token, office: "kampar", file: new File([csv], "ekspor-api.csv") }) });
    expect(api.status).toBe(201);
    expect(await api.json()).toMatchObject({ rowsRead: 1200, inserted: 1200 });

    // The page's form without JavaScript, to its own route and over a socket (the server's own request stream).
    const page = await app.request("/impor", { method: "POST", headers: { origin: OWN, cookie }, body: upload({ _csrf: token, office: "kampar", file: new File([csv], "ekspor-halaman.csv") }) });
    expect(page.status).toBe(303);
    expect(visibleText(await (await app.request(page.headers.get("location")!, { headers: { cookie } })).text())).toContain("ekspor-halaman.csv");
    const socket = await postOverSocket(port, "/api/v1/imports", multipart("ekspor-soket.csv", Readable.from([Buffer.from(exportCsv(500))]), "kampar", token), { cookie });
    expect(socket.status).toBe(201);
    expect(JSON.parse(socket.body)).toMatchObject({ rowsRead: 1500 });
    const refused = await postOverSocket(port, "/impor", multipart("ekspor-soket.csv", Readable.from([Buffer.from(csv)])), { cookie });
    expect(refused.status).toBe(403);
    expect(visibleText(refused.body)).toContain("Formulir tidak berlaku");

    // The SOP document, read by the handler after the check has looked at the body.
    const sop = await app.request("/kantor/pekanbaru/sop/baca", {
      method: "POST",
      headers: { origin: OWN, cookie },
      body: upload({ _csrf: token, file: new File([readFileSync(new URL("003_b266fc422bbf33e6.txt", SOP_DOCUMENTS))], "SIKTG-Pekanbaru.txt") }),
    });
    expect(sop.status).toBe(200);
    expect(formFields(await sop.text())).toMatchObject({ step_count: "10", source_document: "SIKTG-Pekanbaru.txt" });
    const noToken = await app.request("/kantor/pekanbaru/sop/baca", { method: "POST", headers: { origin: OWN, cookie, "content-type": `multipart/form-data; boundary=${BOUNDARY}` }, body: "--" + BOUNDARY + "--\r\n" });
    expect(noToken.status).toBe(403);
  });

  it("needs no token for a program's API token", async () => {
    const secret = await apiToken(database.db, "import");
    const res = await app.request("/api/v1/imports", { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify({ office: "kampar", rows: [ROW] }) });
    expect(res.status).toBe(201);
  });

  it("takes a post behind the proxy, from PUBLIC_URL with the token, and refuses it there without", async () => {
    const proxied = await postTarget(63, { token: csrfTokenOf(cookie), headers: { cookie, origin: PUBLIC_URL } });
    expect(proxied.status).toBe(303);
    expect(await target()).toBeCloseTo(0.63);
    const without = await postTarget(64, { headers: { cookie, origin: PUBLIC_URL } });
    expect(without.status).toBe(403);
    expect(await target()).toBeCloseTo(0.63);
  });

  it("retires a session's token at sign-out and sign-in; the page after a password change carries the new session's", async () => {
    const email = "kasi.csrf@kampar.go.id";
    await createUser(database.db, { email, name: "Kasi CSRF", passwordHash: await hashPassword(PASSWORD), role: "admin", allOffices: true }, new Date(0));
    const signIn = async () => {
      const res = await app.request("/masuk", { method: "POST", headers: { origin: OWN }, body: new URLSearchParams({ email, password: PASSWORD, next: "/" }) });
      expect(res.status).toBe(303);
      return res.headers.get("set-cookie")!.split(";")[0]!;
    };
    const first = await signIn();
    const firstToken = await pageToken("/?office=kampar", first);
    expect((await postTarget(65, { token: firstToken, headers: { cookie: first } })).status).toBe(303);
    const out = await app.request("/keluar", { method: "POST", headers: { origin: OWN, cookie: first }, body: new URLSearchParams({ _csrf: firstToken! }) });
    expect(out.headers.get("location")).toBe("/masuk");

    const second = await signIn();
    const stale = await postTarget(66, { token: firstToken, headers: { cookie: second } });
    expect(stale.status).toBe(403);
    expect(await target()).toBeCloseTo(0.65);
    const secondToken = await pageToken("/?office=kampar", second);
    expect(secondToken).not.toBe(firstToken);
    expect((await postTarget(67, { token: secondToken, headers: { cookie: second } })).status).toBe(303);

    // A password change starts a new session: the page it answers with has that session's token.
    const password = "pagi-cerah-di-bangkinang";
    const changed = await app.request("/akun/sandi", { method: "POST", headers: { origin: OWN, cookie: second }, body: new URLSearchParams({ _csrf: secondToken!, current: PASSWORD, password, repeat: password }) });
    expect(changed.status).toBe(200);
    const renewed = changed.headers.get("set-cookie")!.split(";")[0]!;
    const html = await changed.text();
    expect(/name="_csrf" value="([^"]+)"/.exec(html)?.[1]).toBe(csrfTokenOf(renewed));
    const signOut = await app.request("/keluar", { method: "POST", headers: { origin: OWN, cookie: renewed }, body: new URLSearchParams({ _csrf: csrfTokenOf(renewed) }) });
    expect(signOut.status).toBe(303);
  });
});
