// Time and peak memory of downloading a dashboard list in full (issue 16) on PostgreSQL: the step
// list over a province's year, the biggest list there is, and the permit list, as CSV and as XLSX.
// Run: `npm run bench:exports`.
//   BENCH_PER_DAY (default 140): applications a working day per office (about 100,000 permits and
//   800,000 step occurrences in a year over the three seeded offices).
//   BENCH_EXPORT_DB: keep (and reuse on the next run) a database of that name.
//   DATABASE_URL: the server to use (default postgres://postgres@127.0.0.1:5432/test).
// Each download is requested from the app in a child process of its own, the body read to its end
// as a browser would, and that process's peak resident memory (VmHWM) read when it ends.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fixedClock } from "../../src/clock/index.ts";
import { openPostgres } from "../../src/db/connect.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createApp } from "../../src/web/app.tsx";
import { sessionCookie } from "../support/app.ts";
import { databaseUrlFor } from "../support/database-url.ts";
import { sampleDatabase } from "./sample-database.ts";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const NOW = new Date("2026-11-23T03:00:00Z");

interface Measured {
  seconds: number;
  firstByteSeconds: number;
  peakMb: number;
  bytes: number;
  lines: number;
}

async function child(name: string, path: string) {
  const database = await openPostgres(databaseUrlFor(ADMIN_URL, name));
  try {
    const app = createApp({ db: database.db, clock: fixedClock(NOW), logger: silentLogger });
    const cookie = await sessionCookie(database.db, NOW);
    const started = performance.now();
    const res = await app.request(path, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    let firstByte = 0;
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (bytes === 0) firstByte = performance.now() - started;
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;
    const out: Measured = { seconds: (performance.now() - started) / 1000, firstByteSeconds: firstByte / 1000, peakMb: peak, bytes, lines };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await database.close();
  }
}

function run(name: string, path: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", name, path], { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    p.stdout.on("data", (d) => (text += d));
    p.on("close", (code) => (code === 0 ? resolve(JSON.parse(text.trim().split("\n").pop()!)) : reject(new Error(`export child exited ${code}`))));
  });
}

async function main() {
  const keep = process.env.BENCH_EXPORT_DB;
  const name = keep ?? `mutubaku_bench_export_${process.pid}`;
  const sample = await sampleDatabase({ adminUrl: ADMIN_URL, name, keep: keep !== undefined, now: NOW, permitsPerDay: Number(process.env.BENCH_PER_DAY ?? 140), log: console.log });
  try {
    const year = "from=2025-12-01&to=2026-11-30";
    const cases = [
      `/langkah/unduh.csv?${year}`,
      `/langkah/unduh.xlsx?${year}`,
      "/permohonan/unduh.csv",
      "/permohonan/unduh.xlsx",
      "/langkah/unduh.csv?office=kampar&from=2026-10-01&to=2026-10-31",
    ];
    for (const path of cases) {
      const r = await run(name, path);
      // A CSV has a line a row and one for its header; a workbook's bytes are compressed XML.
      const rows = path.includes(".csv") ? `${(r.lines - 1).toLocaleString("en")} rows, ` : "";
      console.log(`${path}: ${rows}${(r.bytes / 1024 / 1024).toFixed(1)} MB, first byte ${r.firstByteSeconds.toFixed(1)} s, all ${r.seconds.toFixed(1)} s, peak ${r.peakMb.toFixed(0)} MB`);
    }
  } finally {
    await sample.done();
  }
}

if (process.argv[2] === "--child") {
  const [, , , name, path] = process.argv;
  await child(name!, path!);
} else {
  await main();
}
