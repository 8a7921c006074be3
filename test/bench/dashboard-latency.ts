// Server time of the dashboard's pages on a big office group (issue 6's benchmark). Run:
// `npm run bench:dashboard`.
//   BENCH_PER_DAY (default 140): applications a working day per office; 140 gives about 100,000
//   permits and 800,000 step occurrences in a year over the three seeded offices.
//   BENCH_DASHBOARD_DB: keep (and reuse on the next run) a database of that name instead of a
//   throw-away one.
//   DATABASE_URL: the server to use (default postgres://postgres@127.0.0.1:5432/test).
//   BENCH_PGLITE: a data directory: the in-process part on embedded PGlite instead (built there
//   once and reused; the load phases, which need a server, are skipped).
//   BENCH_PAGES: only the pages whose path starts with this (e.g. /langkah).
//   BENCH_SCOPING=only: only the comparison of a one-office user with the admin's office filter.
//   BENCH_RUNS (default 40): requests a page, after 3 to warm up.
//   BENCH_DURATION (default 60; 0 skips the load phases): seconds of 32 clients on each page.
//   BENCH_IMPORT_DURATION (default 20), BENCH_IMPORT_ROWS (default 1,000,000), BENCH_IMPORT_SEED:
//   the same while an import of that many rows runs (four pages in turn, within one import).
// The data goes in through the real import path (sample exports → runImport); pages are then
// requested in-process through the Hono app, computed in full (the page cache emptied before each)
// and from the cache, so the time is the server's: queries and rendering. The load phases run the
// real HTTP server in a child process with autocannon, on a copy of the database (dropped after).
import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import { type Kysely, sql } from "kysely";
import postgres from "postgres";
import { fixedClock } from "../../src/clock/index.ts";
import { type Database, openPglite, openPostgres } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/schema.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { listOffices } from "../../src/db/repos/offices.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { applySeeds } from "../../src/seed/apply-seeds.ts";
import { readSeeds } from "../../src/seed/read-seeds.ts";
import { createApp } from "../../src/web/app.tsx";
import { type PageCache, pageCacheFor } from "../../src/web/page-cache.ts";
import { sessionCookie } from "../support/app.ts";
import { databaseUrlFor } from "../support/database-url.ts";

const PER_DAY = Number(process.env.BENCH_PER_DAY ?? 140);
const KEEP = process.env.BENCH_DASHBOARD_DB;
const PGLITE = process.env.BENCH_PGLITE;
const ONLY = process.env.BENCH_PAGES ?? "";
const SCOPING_ONLY = process.env.BENCH_SCOPING === "only";
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const NOW = new Date("2026-11-23T03:00:00Z");
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
// The load phases (0 skips them): seconds a page with 32 clients, alone and while an import runs.
const DURATION = Number(process.env.BENCH_DURATION ?? 60);
const IMPORT_DURATION = Number(process.env.BENCH_IMPORT_DURATION ?? 20);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
// A seed of its own each run, so the import changes what is stored rather than finding it unchanged.
const IMPORT_SEED = Number(process.env.BENCH_IMPORT_SEED ?? 100 + (process.pid % 10_000));
const CONNECTIONS = 32;
// The Kampar sample makes about 17,000 rows a year at 12 applications a working day (as in
// test/bench/import-throughput.ts).
const ROWS_PER_APPLICATION_DAY_YEAR = 17_162 / 12;
const SELF = fileURLToPath(import.meta.url);
const LOAD_PAGES = ["/", "/permohonan", "/jenis-izin/kampar-izin-kerja-teknisi-gigi", "/api/v1/compliance?by=month"];

const PAGES = [
  "/",
  "/?office=kampar",
  "/?from=2026-11-01&to=2026-11-23",
  "/permohonan",
  "/permohonan?page=40",
  "/permohonan?status=late&sort=working",
  "/permohonan?q=0001",
  "/jenis-izin",
  "/jenis-izin/kampar-izin-kerja-teknisi-gigi",
  "/petugas",
  "/permohonan/1",
  "/langkah",
  "/langkah?page=40",
];

/** Pages a user of one office reads, timed against the admin's with that office's filter. */
const SCOPED_PAGES = ["/", "/permohonan", "/permohonan?status=late&sort=working", "/jenis-izin", "/petugas", "/langkah", "/api/v1/compliance?by=month", "/api/v1/permits"];

const PERIOD = "from=2025-12-01&to=2026-11-23&basis=finished";

/**
 * The step lists figures link to, for the step with the most late occurrences, the busiest
 * officer and the office's own share: as Beranda's bottlenecks, Petugas and Beranda's owners do.
 */
async function stepListPages(db: Kysely<DB>): Promise<string[]> {
  const { rows: [step] } = await sql<{ slug: string; position: number }>`
    select s.slug, v.position from step_verdict v join sop s on s.id = v.sop_id
    where v.status = 'late' group by s.slug, v.position order by count(*) desc limit 1`.execute(db);
  const { rows: [officer] } = await sql<{ actor: string }>`
    select actor from step_verdict where actor is not null and owner <> 'applicant' group by actor order by count(*) desc limit 1`.execute(db);
  return [
    ...(step ? [`/langkah?${PERIOD}&sop=${step.slug}&position=${step.position}&status=late`] : []),
    ...(officer ? [`/langkah?${PERIOD}&officer=${encodeURIComponent(officer.actor)}&status=on_time,late`] : []),
    `/langkah?${PERIOD}&owner=office&status=on_time,late,no_standard`,
    `/langkah?${PERIOD}&owner=office&status=on_time,late,no_standard&page=40`,
  ];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function main() {
  if (PGLITE) return inProcess(await openPglite(PGLITE), "PGlite");
  const name = KEEP ?? `mutubaku_bench_dash_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
  if (!exists) await admin.unsafe(`create database ${name}`);
  const database = await openPostgres(databaseUrlFor(ADMIN_URL, name));
  let closed = false;
  try {
    await inProcess(database, "PostgreSQL", false);
    if (DURATION > 0) {
      await database.close();
      closed = true;
      await concurrency(admin, name);
    }
  } finally {
    if (!closed) await database.close();
    if (!KEEP) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Loads the sample exports when the database is empty; then each page in-process, uncached and cached. */
async function inProcess(database: Database, kind: string, close = true): Promise<void> {
  const clock = fixedClock(NOW);
  try {
    await migrateToLatest(database.db);
    const loaded = await database.db.selectFrom("permit").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    if (Number(loaded.n) === 0) {
      await applySeeds(database.db, await readSeeds());
      const work = mkdtempSync(join(tmpdir(), "mutubaku-bench-dash-"));
      try {
        for (const [i, office] of (await listOffices(database.db, EVERY_OFFICE)).entries()) {
          const started = performance.now();
          const sample = await writeSampleExport({ officeSlug: office.slug, months: 12, seed: i + 1, outDir: join(work, office.slug), now: NOW, permitsPerDay: PER_DAY });
          const s = await runImport(database.db, clock, { office: office.slug, files: sample.files.map((f) => ({ name: f.slice(f.lastIndexOf("/") + 1), path: f })) });
          console.log(`${office.slug}: ${s.permits.toLocaleString("en")} permits, ${s.rowsRead.toLocaleString("en")} rows imported in ${((performance.now() - started) / 1000).toFixed(0)} s`);
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      await sql`analyze`.execute(database.db);
    }
    const counts = await database.db
      .selectFrom("permit")
      .select((eb) => [eb.fn.countAll<number>().as("permits"), eb.selectFrom("step_record").select((e) => e.fn.countAll<number>().as("n")).as("steps")])
      .executeTakeFirstOrThrow();
    console.log(`\n${kind}: ${counts.permits.toLocaleString("en")} permits, ${Number(counts.steps).toLocaleString("en")} step occurrences; ${RUNS} requests a page after 3 to warm up\n`);

    const app = createApp({ db: database.db, clock, logger: silentLogger });
    // As a signed-in user would ask (issue 14: the pages need a session).
    const cookie = await sessionCookie(database.db, clock.now());
    const cache = pageCacheFor(database.db, clock);
    // Uncached: the cache is emptied before every request, so each is computed in full.
    console.log("uncached (computed in full each time), and cached (p50 of the same requests answered from the cache):\n");
    console.log("| page | p50 | p95 | max | cached p50 |\n|---|---|---|---|---|");
    const pages = SCOPING_ONLY ? [] : [...PAGES, ...(await stepListPages(database.db))].filter((p) => p.startsWith(ONLY));
    for (const page of pages) {
      const time = async (clear: boolean) => {
        const times: number[] = [];
        for (let i = 0; i < RUNS + 3; i++) {
          if (clear) cache.clear();
          const started = performance.now();
          const res = await app.request(page, { headers: { cookie } });
          await res.text();
          if (res.status !== 200) throw new Error(`${page}: ${res.status}`);
          if (i >= 3) times.push(performance.now() - started);
        }
        return times.sort((a, b) => a - b);
      };
      const uncached = await time(true);
      const cached = await time(false);
      const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
      console.log(`| \`${page}\` | ${ms(quantile(uncached, 0.5))} | ${ms(quantile(uncached, 0.95))} | ${ms(uncached[uncached.length - 1]!)} | ${ms(quantile(cached, 0.5))} |`);
    }
    console.log("\ntargets: Beranda (/) and Permohonan (/permohonan) under 300 ms at the 95th percentile; /jenis-izin/:sop under 300 ms at p95 uncached; /langkah under 100 ms");

    // Issue 14: a user of one office reads its pages with no office filter; the same figures as an
    // admin's pages filtered to that office, whose time is the baseline. Both uncached, interleaved
    // so that both meet the same machine.
    const officeCookie = await sessionCookie(database.db, clock.now(), { email: "kepala@kampar.bench", role: "kepala", offices: ["kampar"] });
    console.log("\nscoping: a signed-in head of Kampar (no filter) against the admin with office=kampar, uncached:\n");
    console.log("| page | admin + office p95 | one-office user p95 | added |\n|---|---|---|---|");
    for (const page of SCOPED_PAGES.filter((p) => p.startsWith(ONLY))) {
      const filtered = `${page}${page.includes("?") ? "&" : "?"}office=kampar`;
      const admin: number[] = [];
      const user: number[] = [];
      for (let i = 0; i < RUNS + 3; i++) {
        for (const [path, c, into] of [[filtered, cookie, admin], [page, officeCookie, user]] as const) {
          cache.clear();
          const started = performance.now();
          const res = await app.request(path, { headers: { cookie: c } });
          await res.text();
          if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
          if (i >= 3) into.push(performance.now() - started);
        }
      }
      const [a95, u95] = [admin, user].map((t) => quantile(t.sort((x, y) => x - y), 0.95)) as [number, number];
      console.log(`| \`${page}\` | ${Math.round(a95)} ms | ${Math.round(u95)} ms | ${(((u95 - a95) / a95) * 100).toFixed(1)} % |`);
    }
    console.log("\ntarget: the scoping adds under 10 % to the p95");
  } finally {
    if (close) await database.close();
  }
}

/**
 * The dashboard under a morning's users: 32 clients at once for DURATION seconds on each page,
 * through the real HTTP server in a process of its own, on a copy of the benchmark's database;
 * then the same while a million-row import runs in another process.
 */
async function concurrency(admin: postgres.Sql, template: string): Promise<void> {
  const name = `${template}_load`;
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  // A copy, so the import below leaves the benchmark's own data as it was.
  const copyStarted = performance.now();
  await admin.unsafe(`create database ${name} template ${template} strategy file_copy`);
  console.log(`\ncopied the database for the load phases in ${((performance.now() - copyStarted) / 1000).toFixed(0)} s`);
  const url = databaseUrlFor(ADMIN_URL, name);
  const work = mkdtempSync(join(tmpdir(), "mutubaku-bench-load-"));
  const server = await startServer(url);
  try {
    console.log(`\n${CONNECTIONS} clients for ${DURATION} s on each page, HTTP on 127.0.0.1 (server in its own process), load ${loadavg()[0]!.toFixed(1)}:\n`);
    console.log(`${TABLE_HEAD}\n${"|---".repeat(6)}|`);
    for (const page of LOAD_PAGES) console.log(row(page, await load(server.base + page, DURATION, server.cookie)));

    // An export of about IMPORT_ROWS rows for Kampar, written before the clock starts.
    const perDay = Math.max(1, Math.ceil(IMPORT_ROWS / ROWS_PER_APPLICATION_DAY_YEAR));
    const sample = await writeSampleExport({ officeSlug: "kampar", months: 12, seed: IMPORT_SEED, outDir: work, now: NOW, permitsPerDay: perDay });
    const importer = spawn(process.execPath, [...process.execArgv, SELF, "import", url, ...sample.files], { stdio: ["ignore", "pipe", "inherit"] });
    let summary = "";
    importer.stdout.on("data", (d) => (summary += d));
    const importStarted = performance.now();
    const importDone = new Promise<number>((resolve, reject) => {
      importer.on("error", reject);
      importer.on("close", (code) => (code === 0 ? resolve((performance.now() - importStarted) / 1000) : reject(new Error(`import exited with ${code}`))));
    });
    let importSeconds: number | undefined;
    void importDone.then((s) => (importSeconds = s), () => {});
    console.log(`\nthe same, ${IMPORT_DURATION} s a page, the pages in turn until the import has ended, while \`runImport\` stores a ${IMPORT_ROWS.toLocaleString("en")}-row Kampar export in another process (load ${loadavg()[0]!.toFixed(1)}):\n`);
    console.log(`${TABLE_HEAD} recomputed | window (s after the import began) |\n${"|---".repeat(8)}|`);
    // Every page at least once, and on until the import (its evaluation above all, which changes
    // the data version with every page of verdicts it stores) has ended.
    for (let i = 0; i < LOAD_PAGES.length || importSeconds === undefined; i++) {
      const page = LOAD_PAGES[i % LOAD_PAGES.length]!;
      const from = (performance.now() - importStarted) / 1000;
      const misses = (await server.stats()).misses;
      const r = await load(server.base + page, IMPORT_DURATION, server.cookie);
      const recomputed = (await server.stats()).misses - misses;
      const to = (performance.now() - importStarted) / 1000;
      const ended = importSeconds === undefined ? "" : ` (import ended at ${importSeconds.toFixed(0)})`;
      console.log(`${row(page, r)} ${recomputed} | ${from.toFixed(0)}–${to.toFixed(0)}${ended} |`);
    }
    const seconds = await importDone;
    const s = JSON.parse(summary) as { rowsRead: number; permits: number };
    console.log(`\nimport: ${s.rowsRead.toLocaleString("en")} rows, ${s.permits.toLocaleString("en")} permits, completed in ${seconds.toFixed(0)} s (load ${loadavg()[0]!.toFixed(1)})`);
    console.log(`server's cache: ${JSON.stringify(await server.stats())}`);
    console.log(`\ntargets: ≥ 150 requests/s a page, p99 < 500 ms, no errors; during the import p99 < 1.5 s, no errors, the import completes`);
  } finally {
    server.stop();
    rmSync(work, { recursive: true, force: true });
    if (!process.env.BENCH_KEEP_LOAD_DB) await admin.unsafe(`drop database if exists ${name} with (force)`);
  }
}

const TABLE_HEAD = "| page | requests/s | p50 | p99 | max | errors, non-2xx, timeouts |";

function row(page: string, r: autocannon.Result): string {
  const bad = `${r.errors}, ${r.non2xx}, ${r.timeouts}`;
  return `| \`${page}\` | ${Math.round(r.requests.average)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.latency.max} ms | ${bad} |`;
}

function load(url: string, duration: number, cookie: string): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration, headers: { cookie } });
}

/** The app on the database, served by @hono/node-server in a child process (this file, "serve"). */
async function startServer(url: string): Promise<{ base: string; cookie: string; stats: () => Promise<PageCache["stats"]>; stop: () => void }> {
  const child = spawn(process.execPath, [...process.execArgv, SELF, "serve", url], { stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffered = "";
  child.stdout.on("data", (d: Buffer) => {
    buffered += d.toString();
    for (let i = buffered.indexOf("\n"); i >= 0; i = buffered.indexOf("\n")) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const next = () => new Promise<string>((resolve) => (lines.length > 0 ? resolve(lines.shift()!) : waiting.push(resolve)));
  const { port, cookie } = JSON.parse(await next()) as { port: number; cookie: string };
  return {
    base: `http://127.0.0.1:${port}`,
    cookie,
    stats: async () => {
      child.stdin.write("stats\n");
      return JSON.parse(await next()) as PageCache["stats"];
    },
    stop: () => child.kill("SIGTERM"),
  };
}

/** Child: serves the app on an ephemeral port; prints it, then the cache's counters when asked. */
async function serveChild(url: string): Promise<void> {
  const database = await openPostgres(url);
  const clock = fixedClock(NOW);
  const app = createApp({ db: database.db, clock, logger: silentLogger });
  const cookie = await sessionCookie(database.db, clock.now());
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => console.log(JSON.stringify({ port: info.port, cookie })));
  process.stdin.on("data", () => console.log(JSON.stringify(pageCacheFor(database.db, clock).stats)));
  process.once("SIGTERM", () => {
    // autocannon may leave keep-alive sockets open, which close() would wait for.
    setTimeout(() => process.exit(0), 2_000).unref();
    if ("closeAllConnections" in server) server.closeAllConnections();
    server.close(() => void database.close().then(() => process.exit(0)));
  });
}

/** Child: imports the files as one Kampar batch through the real import path; prints its summary. */
async function importChild(url: string, files: string[]): Promise<void> {
  const database = await openPostgres(url);
  try {
    const s = await runImport(database.db, fixedClock(NOW), { office: "kampar", files: files.map((f) => ({ name: f.slice(f.lastIndexOf("/") + 1), path: f })) });
    console.log(JSON.stringify({ rowsRead: s.rowsRead, permits: s.permits }));
  } finally {
    await database.close();
  }
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "serve") await serveChild(args[0]!);
else if (mode === "import") await importChild(args[0]!, args.slice(1));
else await main();
