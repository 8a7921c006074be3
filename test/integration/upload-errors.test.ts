import type { AddressInfo } from "node:net";
import { readdir } from "node:fs/promises";
import { Readable } from "node:stream";
import { serve, type ServerType } from "@hono/node-server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { csrfTokenOf, sessionCookie, TEST_NOW, testApp, visibleText } from "../support/app.ts";
import { useOwnTmpdir } from "../support/own-tmpdir.ts";
import { BACKENDS, openTestDatabase } from "../support/test-db.ts";
import { post } from "../support/uploads.ts";

// Uploads the server must refuse with an answer that says what is wrong: a body that is no
// well-formed multipart form (400, never logged as a server failure), an empty file (a failed
// import in the history, naming the file), no file at all.

const tmp = useOwnTmpdir("mutubaku-upload-errors-");
const uploadFolders = async () => (await readdir(tmp())).filter((d) => d.startsWith("mutubaku-upload-"));
const FORM = { origin: "http://localhost" };

describe.each(BACKENDS)("refused uploads on %s", (kind) => {
  let database: Database;
  let server: ServerType;
  let port = 0;
  const logged: { level: number; msg: string }[] = [];
  let app: ReturnType<typeof testApp>;
  /** A signed-in browser's session, for the posts over a socket. */
  let cookie = "";
  /** The headers of the import page's script: the session cookie and its CSRF token. */
  const signedIn = () => ({ cookie, "x-csrf-token": csrfTokenOf(cookie) });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    // A real logger writing into this list: what the server logs as errors is seen.
    const logger = pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) });
    app = testApp(database, TEST_NOW, { logger });
    server = serve({ fetch: app.anonymous.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    cookie = await sessionCookie(database.db, new Date(TEST_NOW));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.close();
  });

  const broken = () => Readable.from([Buffer.from("--zz\r\nbroken")]);
  const errors = () => logged.filter((l) => l.level >= 50);

  it("answers a malformed multipart body with 400 naming the problem, through the server and not as a server error", async () => {
    const api = await post(port, "/api/v1/imports", broken(), { ...signedIn(), "content-type": "multipart/form-data; boundary=zz" });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body)).toEqual({ error: expect.stringMatching(/^malformed multipart body: \w+/) });
    const page = await post(port, "/impor", broken(), { ...signedIn(), "content-type": "multipart/form-data; boundary=zz" });
    expect(page.status).toBe(400);
    const text = visibleText(page.body);
    expect(text).toMatch(/malformed multipart body: \w+/);
    expect(text).toContain("Riwayat impor"); // the imports page, with its form and history
    const noBoundary = await post(port, "/api/v1/imports", broken(), { ...signedIn(), "content-type": "multipart/form-data" });
    expect(noBoundary.status).toBe(400);
    expect(JSON.parse(noBoundary.body)).toEqual({ error: expect.stringMatching(/^malformed multipart body: /) });
    expect(errors()).toEqual([]);
    expect(await uploadFolders()).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it("answers a malformed multipart body the same through app.request (a web stream)", async () => {
    const res = await app.request("/api/v1/imports", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=zz" }, body: "--zz\r\nbroken" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^malformed multipart body: /) });
    expect(errors()).toEqual([]);
  });

  it("answers a malformed form body on the other upload pages (calendar, SOP document) with 400, not as a server error", async () => {
    for (const path of ["/kantor/kampar/kalender/impor", "/kantor/kampar/sop/baca"]) {
      const res = await app.request(path, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=zz" }, body: "--zz\r\nbroken" });
      expect(res.status, path).toBe(400);
      expect(await res.text()).toContain("malformed form body");
    }
    expect(errors()).toEqual([]);
  });

  it("names an empty file and keeps the failed import in the history; a form without a file keeps its message", async () => {
    const body = new FormData();
    body.set("office", "kampar");
    body.set("file", new File([], "kosong.csv"));
    const res = await app.request("/api/v1/imports", { method: "POST", body });
    expect(res.status).toBe(422);
    const answer = (await res.json()) as { error: string; file: string; batchId: number };
    expect(answer).toMatchObject({ file: "kosong.csv", error: "kosong.csv: the file is empty", batchId: expect.any(Number) });
    const batch = visibleText(await (await app.request(`/impor/${answer.batchId}`)).text());
    expect(batch).toContain("kosong.csv: the file is empty");
    expect(batch).toContain("Impor ini gagal dan tidak menyimpan apa pun");

    // From the page: the batch page of the failed attempt.
    const form = new FormData();
    form.set("office", "kampar");
    form.set("file", new File([], "kosong-juga.csv"));
    const page = await app.request("/impor", { method: "POST", body: form, headers: FORM });
    expect(page.status).toBe(303);
    expect(visibleText(await (await app.request(page.headers.get("location") ?? "")).text())).toContain("kosong-juga.csv: the file is empty");

    // A file input left empty: a nameless, empty part.
    const none = new FormData();
    none.set("office", "kampar");
    none.set("file", new File([], ""));
    const refused = await app.request("/impor", { method: "POST", body: none, headers: FORM });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("file: pilih berkas untuk diunggah");
    expect(await uploadFolders()).toEqual([]);
  });

  it("refuses a body over the limit by its declared length before reading it", async () => {
    const res = await post(port, "/api/v1/imports", Readable.from([Buffer.from("x")]), { ...signedIn(), "content-length": String(300 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: "upload larger than 256 MB: use mutubaku import for big exports" });
  });
});
