import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { exitOf, freePort, runCli, spawnCli, waitForOutput } from "../support/cli.ts";
import { formFields } from "../support/forms.ts";

const dirs: string[] = [];
function dataDirFrom(template: "migrated" | "seeded"): string {
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-cli-"));
  cpSync(inject("pgliteTemplates")[template], dir, { recursive: true });
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// The CLI always runs on PGlite here unless a test sets DATABASE_URL itself.
const pglite = { DATABASE_URL: "" };


/**
 * The first sign-in of a fresh server's admin, as a person would do it: sign in, change the initial
 * password as asked; returns the session cookie that shows the dashboard.
 */
async function firstSignIn(base: string, email: string, password: string): Promise<string> {
  const signIn = await fetch(`${base}/masuk`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email, password, next: "/" }) });
  expect(signIn.headers.get("location")).toBe("/akun/sandi");
  const first = signIn.headers.get("set-cookie")!.split(";")[0]!;
  const mine = "pagi-yang-tenang-di-kampar";
  // The page's form as shown, its session's CSRF token first.
  const form = formFields(await (await fetch(`${base}/akun/sandi`, { headers: { cookie: first } })).text());
  const changed = await fetch(`${base}/akun/sandi`, { method: "POST", redirect: "manual", headers: { cookie: first }, body: new URLSearchParams({ ...form, current: password, password: mine, repeat: mine }) });
  expect(changed.status).toBe(200);
  return changed.headers.get("set-cookie")!.split(";")[0]!;
}

describe("the mutubaku command", () => {
  it("lists its commands on --help", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["serve", "migrate", "seed"]) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
    expect(r.stdout).toContain("DATABASE_URL");
  });

  it("refuses an unknown command with exit code 2", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown command "frobnicate"');
  });

  it("refuses an unknown option", async () => {
    const r = await runCli(["migrate", "--force"], pglite);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--force");
  });

  it("names DATABASE_URL when it is malformed", async () => {
    const r = await runCli(["migrate"], { DATABASE_URL: "mysql://root@localhost/test" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DATABASE_URL: expected a URL like postgres://");
  });

  it("names DATABASE_URL when its server cannot be reached", async () => {
    const port = await freePort();
    const r = await runCli(["migrate"], { DATABASE_URL: `postgres://nobody:secret@127.0.0.1:${port}/mutu` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Cannot connect to PostgreSQL at DATABASE_URL (127.0.0.1:${port}/mutu)`);
    expect(r.stderr).not.toContain("secret");
  });

  it("runs the README's command-line flow on a fresh DATA_DIR: the import migrates and seeds first", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "mutubaku-cli-fresh-"));
    dirs.push(dir);
    const samples = join(dir, "samples");
    const sample = await runCli(["sample", "--office", "kampar", "--months", "1", "--seed", "1", "--out", samples]);
    expect(sample.code).toBe(0);
    const r = await runCli(["import", "--office", "kampar", join(samples, "kampar-sicantik.csv")], { ...pglite, DATA_DIR: join(dir, "data") });
    expect(r.stderr).not.toContain("unknown office");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ditambahkan\s+[1-9]/);
  });

  it("seeds once: a second run adds nothing", async () => {
    const dir = dataDirFrom("migrated");
    const first = await runCli(["seed"], { ...pglite, DATA_DIR: dir });
    expect(first.stdout).toContain("Seeded: 3 offices, 3 calendars, 5 SOPs added");
    const second = await runCli(["seed"], { ...pglite, DATA_DIR: dir });
    expect(second.stdout).toContain("Seeded: 0 offices, 0 calendars, 0 SOPs added");
  });

  it("serves, refuses a second server on the same data directory, and stops cleanly on SIGTERM", async () => {
    const dir = dataDirFrom("seeded");
    const port = await freePort();
    const server = spawnCli(["serve"], { ...pglite, DATA_DIR: dir, PORT: String(port) });
    try {
      // No user yet: an admin is made, its password written once to the log.
      const said = await waitForOutput(server, /Mutu Baku is serving/);
      const password = /sign in as admin@localhost with the password (\S+) /.exec(said)?.[1];
      expect(password).toBeDefined();
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toMatchObject({ status: "ok" });
      const base = `http://127.0.0.1:${port}`;
      const anonymous = await fetch(`${base}/`, { redirect: "manual" });
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get("location")).toBe("/masuk?next=%2F");
      const cookie = await firstSignIn(base, "admin@localhost", password!);
      const home = await (await fetch(`${base}/`, { headers: { cookie } })).text();
      expect(home).toContain("DPMPTSP Kota Pekanbaru");

      const second = await runCli(["serve"], { ...pglite, DATA_DIR: dir, PORT: String(await freePort()) });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain("is in use by another Mutu Baku process");

      // The first server is untouched by the attempt.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      server.kill("SIGTERM");
      expect(await exitOf(server)).toBe(0);
      // The lock went with it: the directory opens again.
      const after = await runCli(["migrate"], { ...pglite, DATA_DIR: dir });
      expect(after.code).toBe(0);
      expect(after.stdout).toContain("is up to date");
    } finally {
      server.kill("SIGKILL");
    }
  });
});

describe.runIf(process.env.DATABASE_URL)("the mutubaku command on PostgreSQL", () => {
  it("migrates and seeds an empty database at start, then serves the catalogue from it", async () => {
    const { default: postgres } = await import("postgres");
    const { databaseUrlFor } = await import("../support/database-url.ts");
    const url = process.env.DATABASE_URL!;
    const name = `mutubaku_cli_${process.pid}_${Date.now()}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const port = await freePort();
    const server = spawnCli(["serve"], { DATABASE_URL: databaseUrlFor(url, name), PORT: String(port), ADMIN_EMAIL: "kadis@rohil.go.id", ADMIN_PASSWORD: "kata-sandi-awal-untuk-uji" });
    try {
      const log = await waitForOutput(server, /Mutu Baku is serving/);
      expect(log).toContain('"database":"postgres"');
      expect(log).toContain("empty database seeded");
      expect(log).not.toContain("kata-sandi-awal-untuk-uji");
      const cookie = await firstSignIn(`http://127.0.0.1:${port}`, "kadis@rohil.go.id", "kata-sandi-awal-untuk-uji");
      const home = await (await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie } })).text();
      expect(home).toContain("DPMPTSP Kabupaten Rokan Hilir");
      server.kill("SIGTERM");
      expect(await exitOf(server)).toBe(0);
    } finally {
      server.kill("SIGKILL");
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
