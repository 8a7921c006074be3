// Server time of the dashboard's pages on a big office group (issue 6's benchmark). Run:
// `npm run bench:dashboard`.
//   BENCH_PER_DAY (default 140): applications a working day per office; 140 gives about 100,000
//   permits and 800,000 step occurrences in a year over the three seeded offices.
//   BENCH_DASHBOARD_DB: keep (and reuse on the next run) a database of that name instead of a
//   throw-away one.
//   DATABASE_URL: the server to use (default postgres://postgres@127.0.0.1:5432/test).
// The data goes in through the real import path (sample exports → runImport); pages are then
// requested in-process through the Hono app, so the time is the server's: queries and rendering.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import postgres from "postgres";
import { fixedClock } from "../../src/clock/index.ts";
import { openPostgres } from "../../src/db/connect.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { listOffices } from "../../src/db/repos/offices.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { applySeeds } from "../../src/seed/apply-seeds.ts";
import { readSeeds } from "../../src/seed/read-seeds.ts";
import { createApp } from "../../src/web/app.tsx";
import { databaseUrlFor } from "../support/database-url.ts";

const PER_DAY = Number(process.env.BENCH_PER_DAY ?? 140);
const KEEP = process.env.BENCH_DASHBOARD_DB;
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const NOW = new Date("2026-11-23T03:00:00Z");
const RUNS = 40;

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
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function main() {
  const name = KEEP ?? `mutubaku_bench_dash_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
  if (!exists) await admin.unsafe(`create database ${name}`);
  const database = await openPostgres(databaseUrlFor(ADMIN_URL, name));
  const clock = fixedClock(NOW);
  try {
    await migrateToLatest(database.db);
    const loaded = await database.db.selectFrom("permit").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    if (loaded.n === 0) {
      await applySeeds(database.db, await readSeeds());
      const work = mkdtempSync(join(tmpdir(), "mutubaku-bench-dash-"));
      try {
        for (const [i, office] of (await listOffices(database.db)).entries()) {
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
    console.log(`\n${counts.permits.toLocaleString("en")} permits, ${Number(counts.steps).toLocaleString("en")} step occurrences; ${RUNS} requests a page after 3 to warm up\n`);

    const app = createApp({ db: database.db, clock, logger: silentLogger });
    console.log("| page | p50 | p95 | max |\n|---|---|---|---|");
    for (const page of PAGES) {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 3; i++) {
        const started = performance.now();
        const res = await app.request(page);
        await res.text();
        if (res.status !== 200) throw new Error(`${page}: ${res.status}`);
        if (i >= 3) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const ms = (n: number) => `${Math.round(n)} ms`;
      console.log(`| \`${page}\` | ${ms(quantile(times, 0.5))} | ${ms(quantile(times, 0.95))} | ${ms(times[times.length - 1]!)} |`);
    }
    console.log("\ntarget: Beranda (/) and Permohonan (/permohonan) under 300 ms at the 95th percentile");
  } finally {
    await database.close();
    if (!KEEP) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
