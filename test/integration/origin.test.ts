import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_NOW, testApp, visibleText } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

const SOP = "kampar-izin-kerja-teknisi-gigi";
const EVIL = "http://evil.example";
const PUBLIC_URL = "https://izin.kampar.example.go.id";
const ROW = { id: 9001, no_permohonan: "503/KMP/2026/0777", jenis_izin: "Izin Kerja Teknisi Gigi", nama_proses: "Pendaftaran", status: "Selesai", start_date: "2026-03-05 08:00:00", end_date: "2026-03-05 08:05:00", tgl_pengajuan: "2026-03-05 08:00:00" };
const importBody = JSON.stringify({ office: "kampar", rows: [ROW] });

describe.each(BACKENDS)("origin and method guards on %s", (kind) => {
  const t = useTestDatabase(kind);
  /** The re-evaluations an app started: the side effect of saving step names. */
  const started: Promise<unknown>[] = [];
  const app = () => testApp(t.database, TEST_NOW, { publicUrl: PUBLIC_URL, background: (p) => started.push(p) });

  const batches = async () => (await t.database.db.selectFrom("import_batch").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
  const aliases = async () => (await t.database.db.selectFrom("sop_step_alias").select("alias").orderBy("alias").execute()).map((r) => r.alias);
  const settle = () => Promise.allSettled(started.splice(0));
  afterAll(settle);

  it("refuses a cross-origin JSON post to a page route: 403, a short page, no re-evaluation", async () => {
    const before = await aliases();
    const cases: Record<string, string>[] = [
      { origin: EVIL, "content-type": "application/json" },
      { origin: "null", "content-type": "application/json" },
      { "sec-fetch-site": "cross-site", "content-type": "application/json" },
      { origin: EVIL, "content-type": "application/x-www-form-urlencoded" },
    ];
    for (const headers of cases) {
      const res = await app().request(`/sop/${SOP}/alias`, { method: "POST", headers, body: "{}" });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(visibleText(await res.text())).toContain("Permintaan ditolak");
    }
    expect(started).toHaveLength(0);
    expect(await aliases()).toEqual(before);
  });

  it("refuses a cross-origin JSON import: 403 as JSON, no batch recorded", async () => {
    const before = await batches();
    const cases: Record<string, string>[] = [{ origin: EVIL }, { "sec-fetch-site": "cross-site" }];
    for (const headers of cases) {
      const res = await app().request("/api/v1/imports", { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: importBody });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: expect.stringContaining("cross-origin request refused") });
    }
    expect(await batches()).toBe(before);
  });

  it("takes a post from the app's own origin, from PUBLIC_URL, and from a program that sends neither header", async () => {
    await settle();
    const form = (alias: string) => new URLSearchParams({ name: alias, position: "1" });
    const own = await app().request(`/sop/${SOP}/alias?versi=1&petakan=1`, { method: "POST", headers: { origin: "http://localhost", "sec-fetch-site": "same-origin" }, body: form("Daftar Loket") });
    expect(own.status).toBe(303);
    const proxied = await app().request(`/sop/${SOP}/alias?versi=1&petakan=1`, { method: "POST", headers: { origin: PUBLIC_URL }, body: form("Daftar Online") });
    expect(proxied.status).toBe(303);
    expect(await aliases()).toEqual(expect.arrayContaining(["Daftar Loket", "Daftar Online"]));
    expect(started).toHaveLength(2);
    await settle();

    const before = await batches();
    const program = await app().request("/api/v1/imports", { method: "POST", headers: { "content-type": "application/json" }, body: importBody });
    expect(program.status).toBe(201);
    expect(await program.json()).toMatchObject({ inserted: 1 });
    expect(await batches()).toBe(before + 1);
  });

  it("answers OPTIONS with the path's methods and runs no handler", async () => {
    const before = await aliases();
    const res = await app().request(`/sop/${SOP}/alias?versi=1&petakan=1`, {
      method: "OPTIONS",
      headers: { origin: EVIL, "access-control-request-method": "POST" },
      body: new URLSearchParams({ name: "Lewat OPTIONS", position: "1" }),
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect([...res.headers.keys()].filter((h) => h.startsWith("access-control-"))).toEqual([]);
    expect(await res.text()).toBe("");
    expect(await aliases()).toEqual(before);
    expect(started).toHaveLength(0);

    expect((await app().request("/api/v1/permits", { method: "OPTIONS" })).headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect((await app().request("/tidak-ada", { method: "OPTIONS" })).status).toBe(404);
  });

  it("answers a method no route takes with 405 and Allow, and runs no handler", async () => {
    const before = await batches();
    for (const method of ["PROPFIND", "FOO", "PUT", "DELETE", "PATCH"]) {
      const res = await app().request("/api/v1/imports", { method, headers: { "content-type": "application/json" }, body: importBody });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow"), method).toBe("GET, HEAD, POST, OPTIONS");
      expect(await res.json()).toMatchObject({ error: expect.stringContaining("not allowed") });
    }
    expect(await batches()).toBe(before);

    const page = await app().request(`/sop/${SOP}/alias`, { method: "DELETE" });
    expect(page.status).toBe(405);
    expect(page.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    // A page that only shows answers a post with 405 too, not with a 404 or the page.
    const catalogue = await app().request("/sop", { method: "POST", body: new URLSearchParams({ x: "1" }) });
    expect(catalogue.status).toBe(405);
    expect(catalogue.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(started).toHaveLength(0);
    // HEAD still reaches the page's GET.
    expect((await app().request("/sop", { method: "HEAD" })).status).toBe(200);
  });

  it("answers TRACE, which fetch cannot send but a socket can, with 405 and no echo", async () => {
    const server = createServer(getRequestListener(app().anonymous.fetch));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await new Promise<{ status: number | undefined; allow: string | undefined; body: string }>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, method: "TRACE", path: "/api/v1/imports", headers: { cookie: "secret=1" } }, (r) => {
          let body = "";
          r.on("data", (d: Buffer) => (body += d.toString()));
          r.on("end", () => resolve({ status: r.statusCode, allow: r.headers.allow, body }));
        });
        req.on("error", reject);
        req.end();
      });
      expect(res).toEqual({ status: 405, allow: "GET, HEAD, POST, OPTIONS", body: expect.not.stringContaining("secret") });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
