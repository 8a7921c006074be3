import { type ChildProcess, fork } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DatabaseKind } from "../../src/db/connect.ts";
import { csrfTokenOf } from "../support/app.ts";
import { databaseUrlFor } from "../support/database-url.ts";
import { useOwnTmpdir } from "../support/own-tmpdir.ts";
import { BACKENDS } from "../support/test-db.ts";
import { csvStream, MB, multipart, post } from "../support/uploads.ts";

// Uploads through the real HTTP server, as a browser or curl sends them: the body is streamed to
// disk as it arrives, so the server's memory does not follow the upload's size (Hono's parseBody
// held a 200 MB upload in memory: 968 MB RSS). The server runs in a process of its own
// (support/upload-server.ts) so its RSS is its own, not the test runner's; the upload is made
// as a stream, never whole.

const tmp = useOwnTmpdir("mutubaku-upload-memory-");
// The target: under 300 MB. The embedded PGlite database alone holds ~450 MB in the server's
// process, so there the bound is on what an upload adds (Hono's parseBody added more than the
// upload's size); on PostgreSQL the whole server is held to 300 MB.
const LIMIT_MB = 300;
const UPLOAD_GROWTH_MB = 60;
const IMPORT_GROWTH_MB = 200;

/** The largest upload file on disk now (in the app's temporary folders), in bytes. */
async function largestUploadOnDisk(): Promise<number> {
  let largest = 0;
  for (const dir of await readdir(tmp()).catch(() => [] as string[])) {
    if (!dir.startsWith("mutubaku-upload-")) continue;
    for (const f of await readdir(join(tmp(), dir)).catch(() => [] as string[])) {
      largest = Math.max(largest, (await stat(join(tmp(), dir, f)).catch(() => ({ size: 0 }))).size);
    }
  }
  return largest;
}

/** A seeded database for the server process: a copy of the PGlite template, or a PostgreSQL database made from its template. */
async function databaseFor(kind: DatabaseKind): Promise<{ where: string; drop: () => Promise<void> }> {
  if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "pglite-for-upload-test-"));
    cpSync(inject("pgliteTemplates").seeded, dir, { recursive: true });
    return { where: dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const url = process.env.DATABASE_URL;
  const templates = inject("postgresTemplates");
  if (!url || !templates) throw new Error("PostgreSQL tests need DATABASE_URL");
  const name = `mutubaku_up_${process.pid}_${Date.now()}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${templates.seeded}`);
  return {
    where: databaseUrlFor(url, name),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const uploadFolders = async () => (await readdir(tmp())).filter((d) => d.startsWith("mutubaku-upload-"));

describe.each(BACKENDS)("uploads streamed through the HTTP server on %s", (kind) => {
  let server: ChildProcess;
  let port = 0;
  let cookie = "";
  /** The headers of the import page's script: the session cookie and its CSRF token. */
  const signedIn = () => ({ cookie, "x-csrf-token": csrfTokenOf(cookie) });
  let database: { where: string; drop: () => Promise<void> } | undefined;

  /** The server's peak RSS since the last call and its RSS now, in MB. */
  const serverRss = () =>
    new Promise<{ peak: number; now: number }>((resolve) => {
      server.once("message", (m) => {
        const r = m as { peak: number; now: number };
        resolve({ peak: r.peak / MB, now: r.now / MB });
      });
      server.send("rss");
    });

  beforeAll(async () => {
    database = await databaseFor(kind);
    // With the V8 flag `npm start` gives the server (package.json): a young generation of 4 MB
    // semi-spaces, not 16, so an import's short-lived rows do not grow the heap by tens of MB.
    server = fork(fileURLToPath(new URL("../support/upload-server.ts", import.meta.url)), [database.where], { execArgv: ["--max-semi-space-size=4", "--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    [port, cookie] = await new Promise<[number, string]>((resolve, reject) => {
      server.once("message", (m) => resolve([(m as { port: number }).port, (m as { cookie: string }).cookie]));
      server.once("exit", (code) => reject(new Error(`upload server exited with ${code}`)));
    });
  }, 60_000);
  afterAll(async () => {
    if (server?.connected) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.send("stop");
      await exited;
    }
    await database?.drop();
  });

  it("refuses a 300 MB upload with 413 while it streams, keeping no part of it and no memory", async () => {
    const before = await serverRss();
    const answer = await post(port, "/api/v1/imports", multipart("terlalu-besar.csv", csvStream(300 * MB)), signedIn());
    const during = await serverRss();
    console.log(`300 MB upload: server RSS before ${before.now.toFixed(0)} MB, peak ${during.peak.toFixed(0)} MB`);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: "upload larger than 256 MB: use mutubaku import for big exports" });
    expect(during.peak - before.now).toBeLessThan(UPLOAD_GROWTH_MB);
    if (kind === "postgres") expect(during.peak).toBeLessThan(LIMIT_MB);
    expect(await uploadFolders()).toEqual([]);
    // The page's form without JavaScript (its CSRF token the first field, read as the upload
    // streams) gets the same answer, and the server goes on serving.
    const page = await post(port, "/impor", multipart("terlalu-besar.csv", csvStream(300 * MB), "kampar", csrfTokenOf(cookie)), { cookie });
    expect(page.status).toBe(413);
    expect((await serverRss()).peak - before.now).toBeLessThan(UPLOAD_GROWTH_MB);
    expect(await uploadFolders()).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 120_000);

  it("streams a 250 MB upload to disk: the server's memory does not follow it, during or after", async () => {
    // First the upload alone: an office that does not exist is refused once the form is read.
    let before = await serverRss();
    let answer = await post(port, "/api/v1/imports", multipart("besar.csv", csvStream(250 * MB), "tidak-ada"), signedIn());
    let during = await serverRss();
    console.log(`250 MB upload alone: server RSS before ${before.now.toFixed(0)} MB, peak ${during.peak.toFixed(0)} MB, after ${during.now.toFixed(0)} MB`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: expect.stringMatching(/^unknown office "tidak-ada"/) });
    expect(during.peak - before.now).toBeLessThan(UPLOAD_GROWTH_MB);
    expect(await uploadFolders()).toEqual([]);

    // Then as an import: the whole file on disk, then read (its header has no permit number column).
    before = await serverRss();
    let onDisk = 0;
    const watch = setInterval(() => void largestUploadOnDisk().then((n) => (onDisk = Math.max(onDisk, n))), 100);
    answer = await post(port, "/api/v1/imports", multipart("besar.csv", csvStream(250 * MB)), signedIn());
    clearInterval(watch);
    during = await serverRss();
    await new Promise((r) => setTimeout(r, 500));
    const after = await serverRss();
    console.log(
      `250 MB import: server RSS before ${before.now.toFixed(0)} MB, peak ${during.peak.toFixed(0)} MB, after ${after.now.toFixed(0)} MB; largest upload file seen on disk ${(onDisk / MB).toFixed(0)} MB`,
    );
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.body)).toMatchObject({ file: "besar.csv", error: expect.stringMatching(/^besar\.csv .*no column for the permit number/) });
    expect(onDisk).toBeGreaterThan(240 * MB);
    // Most of what this adds is the reading thread's start-up (imports read in a worker), not the upload.
    expect(during.peak - before.now).toBeLessThan(IMPORT_GROWTH_MB);
    expect(after.now - before.now).toBeLessThan(IMPORT_GROWTH_MB);
    if (kind === "postgres") {
      expect(during.peak).toBeLessThan(LIMIT_MB);
      expect(after.peak).toBeLessThan(LIMIT_MB);
    }
    expect(await uploadFolders()).toEqual([]);
  }, 120_000);
});
