// Import throughput, end to end through `mutubaku import`, beside `psql \copy` of the same file
// into an unindexed staging table, in one run (issue 5's benchmark). Run: `npm run bench:import`.
//   BENCH_ROWS (default 1,000,000) rows for PostgreSQL; BENCH_PGLITE_ROWS (default 200,000) for PGlite.
//   BENCH_LARGE_ROWS (default 0: skipped): a bigger export imported on PostgreSQL as well, to see
//   that the peak memory does not grow with the file (e.g. 3000000; a year holds ≈ 1,000,000).
//   DATABASE_URL: the server to use (default postgres://postgres@127.0.0.1:5432/test); fresh
//   databases are created on it and dropped after.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { BIN } from "../support/cli.ts";
import { databaseUrlFor } from "../support/database-url.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? 200_000);
const LARGE_ROWS = Number(process.env.BENCH_LARGE_ROWS ?? 0);
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
// The Kampar sample makes about 17,000 rows a year at 12 applications a working day; the
// simulated office takes no more than ≈ 1,000,000 rows a year, so bigger files span more years.
const ROWS_PER_APPLICATION_DAY_YEAR = 17_162 / 12;
const ROWS_PER_YEAR = 1_000_000;

function sampleFile(rows: number, dir: string): string {
  const years = Math.max(1, Math.ceil(rows / (ROWS_PER_YEAR * 1.05)));
  const perDay = Math.max(1, Math.ceil(rows / years / ROWS_PER_APPLICATION_DAY_YEAR));
  const args = ["sample", "--office", "kampar", "--months", String(12 * years), "--seed", "1", "--per-day", String(perDay), "--out", dir];
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return join(dir, "kampar-sicantik.csv");
}

// The import's progress lines on stderr that start its phases (src/cli/import.ts).
const PHASES = { storing: "menyimpan", evaluating: "menilai SLA" } as const;

/** Runs a command, sampling its peak resident memory (VmHWM) while it runs, and noting when each phase began. */
async function timed(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ seconds: number; peakMb: number; phasePeakMb: number[]; stdout: string; phases: Partial<Record<keyof typeof PHASES, number>> }> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  const child = spawn(cmd, args, { env: { ...process.env, ...env } as Record<string, string> });
  let stdout = "";
  let stderr = "";
  const phases: Partial<Record<keyof typeof PHASES, number>> = {};
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => {
    stderr += d;
    for (const [phase, marker] of Object.entries(PHASES) as [keyof typeof PHASES, string][]) {
      if (phases[phase] === undefined && stderr.includes(marker)) phases[phase] = elapsed();
    }
  });
  let peakKb = 0;
  // Highest resident memory sampled while reading, storing and evaluating.
  const phasePeakKb = [0, 0, 0];
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const m = /VmHWM:\s+(\d+)/.exec(status);
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      const phase = phases.evaluating !== undefined ? 2 : phases.storing !== undefined ? 1 : 0;
      if (rss) phasePeakKb[phase] = Math.max(phasePeakKb[phase]!, Number(rss[1]));
    } catch {
      // The process has ended.
    }
  }, 50);
  const code: number | null = await new Promise((res) => child.on("close", res));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${code}):\n${stderr}`);
  return { seconds: elapsed(), peakMb: peakKb / 1024, phasePeakMb: phasePeakKb.map((kb) => kb / 1024), stdout, phases };
}

function lines(file: string): number {
  return Number(spawnSync("wc", ["-l", file], { encoding: "utf8" }).stdout.trim().split(" ")[0]) - 1;
}

async function main() {
  const startLoad = loadavg().map((l) => l.toFixed(2)).join(" ");
  const work = mkdtempSync(join(tmpdir(), "mutubaku-bench-"));
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const dbs = [`mutubaku_bench_copy_${process.pid}`, `mutubaku_bench_import_${process.pid}`, `mutubaku_bench_large_${process.pid}`];
  try {
    const file = sampleFile(ROWS, join(work, "pg"));
    const rows = lines(file);
    const mb = statSync(file).size / 1024 / 1024;
    console.log(`sample: ${rows.toLocaleString("en")} rows, ${mb.toFixed(0)} MB`);
    for (const db of dbs.slice(0, 2)) await admin.unsafe(`create database ${db}`);
    const header = readFileSync(file, "utf8").slice(0, 2000).split("\n")[0]!.split(",");
    const copyUrl = databaseUrlFor(ADMIN_URL, dbs[0]!);
    spawnSync("psql", [copyUrl, "-qc", `create table staging (${header.map((h) => `"${h}" text`).join(", ")})`]);
    const copy = await timed("psql", [copyUrl, "-qc", `\\copy staging from '${file}' with (format csv, header true)`], {});
    const importUrl = databaseUrlFor(ADMIN_URL, dbs[1]!);
    spawnSync(process.execPath, [BIN, "seed"], { env: { ...process.env, DATABASE_URL: importUrl } });
    const imp = await timed(process.execPath, [BIN, "import", "--office", "kampar", "--json", file], { DATABASE_URL: importUrl, LOG_LEVEL: "warn" });
    const summary = JSON.parse(imp.stdout) as { inserted: number; rejected: number };

    const pgliteFile = sampleFile(PGLITE_ROWS, join(work, "pglite"));
    const pgliteRows = lines(pgliteFile);
    const dataDir = join(work, "data");
    spawnSync(process.execPath, [BIN, "seed"], { env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir } });
    const lite = await timed(process.execPath, [BIN, "import", "--office", "kampar", "--json", pgliteFile], { DATABASE_URL: "", DATA_DIR: dataDir, LOG_LEVEL: "warn" });

    let large: { rows: number; run: Awaited<ReturnType<typeof timed>> } | null = null;
    if (LARGE_ROWS > 0) {
      const largeFile = sampleFile(LARGE_ROWS, join(work, "large"));
      const largeUrl = databaseUrlFor(ADMIN_URL, dbs[2]!);
      await admin.unsafe(`create database ${dbs[2]}`);
      spawnSync(process.execPath, [BIN, "seed"], { env: { ...process.env, DATABASE_URL: largeUrl } });
      large = { rows: lines(largeFile), run: await timed(process.execPath, [BIN, "import", "--office", "kampar", "--json", largeFile], { DATABASE_URL: largeUrl, LOG_LEVEL: "warn" }) };
    }

    const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString("en")} rows/s`;
    const split = (r: Awaited<ReturnType<typeof timed>>) => {
      const { storing = Number.NaN, evaluating = Number.NaN } = r.phases;
      const [reading, merging, evaluation] = r.phasePeakMb.map((mb) => mb.toFixed(0));
      return `start-up + reading and staging ${storing.toFixed(1)} s (peak ${reading} MB), merge ${(evaluating - storing).toFixed(1)} s (${merging} MB), evaluation ${(r.seconds - evaluating).toFixed(1)} s (${evaluation} MB)`;
    };
    console.log(`\npsql \\copy into an unindexed table: ${copy.seconds.toFixed(1)} s, ${rate(rows, copy.seconds)}`);
    console.log(`mutubaku import, PostgreSQL:        ${imp.seconds.toFixed(1)} s, ${rate(rows, imp.seconds)}, peak ${imp.peakMb.toFixed(0)} MB, ${(imp.seconds / copy.seconds).toFixed(1)}× the copy (inserted ${summary.inserted.toLocaleString("en")}, rejected ${summary.rejected})`);
    console.log(`mutubaku import, PGlite:            ${lite.seconds.toFixed(1)} s for ${pgliteRows.toLocaleString("en")} rows, ${rate(pgliteRows, lite.seconds)}, peak ${lite.peakMb.toFixed(0)} MB`);
    console.log(`  PostgreSQL: ${split(imp)}`);
    console.log(`  PGlite:     ${split(lite)}`);
    if (large) {
      console.log(`mutubaku import, PostgreSQL, larger: ${large.run.seconds.toFixed(1)} s for ${large.rows.toLocaleString("en")} rows, ${rate(large.rows, large.run.seconds)}, peak ${large.run.peakMb.toFixed(0)} MB`);
      console.log(`  ${split(large.run)}`);
    }
    console.log("targets: >= 100,000 rows/s, within 3.5× of the copy, peak < 400 MB");
    console.log(`${new Date().toISOString()}; load average at the start ${startLoad}, at the end ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  } finally {
    for (const db of dbs) await admin.unsafe(`drop database if exists ${db} with (force)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
