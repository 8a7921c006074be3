// Time and peak memory of writing the monthly Excel report on PostgreSQL (issue 12's benchmark):
// one office's month, and a province's year (every office, twelve months), charts included. Run:
// `npm run bench:report`.
//   BENCH_PER_DAY (default 140): applications a working day per office (about 100,000 permits and
//   800,000 step occurrences in a year over the three seeded offices).
//   BENCH_REPORT_DB: keep (and reuse on the next run) a database of that name.
//   DATABASE_URL: the server to use (default postgres://postgres@127.0.0.1:5432/test).
// Each report is written by a child process of its own, whose peak resident memory (VmHWM) is
// read when it ends, so the figure is the report's alone.
import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixedClock } from "../../src/clock/index.ts";
import { openPostgres } from "../../src/db/connect.ts";
import { findOffice } from "../../src/db/repos/offices.ts";
import { writeReport } from "../../src/reports/monthly-report.ts";
import { daysPeriod, monthPeriod } from "../../src/reports/period.ts";
import { sampleDatabase } from "./sample-database.ts";
import { databaseUrlFor } from "../support/database-url.ts";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const NOW = new Date("2026-11-23T03:00:00Z");

async function child(name: string, office: string | null, from: string, to: string, out: string) {
  const database = await openPostgres(databaseUrlFor(ADMIN_URL, name));
  try {
    const started = performance.now();
    const o = office ? ((await findOffice(database.db, office, EVERY_OFFICE)) ?? null) : null;
    const period = from.endsWith("-01") && to.slice(0, 7) === from.slice(0, 7) ? monthPeriod(from.slice(0, 7)) : daysPeriod(from, to);
    const r = await writeReport(database.db, fixedClock(NOW), { offices: o === null ? null : [o], period, lang: "id" }, out);
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;
    process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, peakMb: peak, bytes: r.bytes, data: r.rows.Data ?? 0 })}\n`);
  } finally {
    await database.close();
  }
}

function run(name: string, office: string | null, from: string, to: string, out: string): Promise<{ seconds: number; peakMb: number; bytes: number; data: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", name, office ?? "-", from, to, out], { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    p.stdout.on("data", (d) => (text += d));
    p.on("close", (code) => (code === 0 ? resolve(JSON.parse(text.trim().split("\n").pop()!)) : reject(new Error(`report child exited ${code}`))));
  });
}

async function main() {
  const keep = process.env.BENCH_REPORT_DB;
  const name = keep ?? `mutubaku_bench_report_${process.pid}`;
  const sample = await sampleDatabase({ adminUrl: ADMIN_URL, name, keep: keep !== undefined, now: NOW, permitsPerDay: Number(process.env.BENCH_PER_DAY ?? 140), log: console.log });
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-bench-report-"));
  try {
    // The targets are stated for sizes (50,000 and 500,000 step occurrences in Data): at the
    // benchmark's 140 a day an office's month holds about 19,000, so the office case takes three
    // months and the province's eight; a month and the whole year are measured beside them.
    const cases = [
      { label: "one office, one month (kampar, 2026-10)", office: "kampar", from: "2026-10-01", to: "2026-10-31", target: { seconds: 10, mb: 300 } },
      { label: "one office, ~50,000 occurrences (kampar, 2026-08 .. 2026-10)", office: "kampar", from: "2026-08-01", to: "2026-10-31", target: { seconds: 10, mb: 300 } },
      { label: "province, ~500,000 occurrences (all offices, 2026-04 .. 2026-11)", office: null, from: "2026-04-01", to: "2026-11-30", target: { seconds: 60, mb: 512 } },
      // The year holds ~790,000 at this rate: measured for scale, the target names 500,000.
      { label: "province, one year (all offices, 2025-12 .. 2026-11)", office: null, from: "2025-12-01", to: "2026-11-30", target: null },
    ];
    for (const c of cases) {
      const r = await run(name, c.office, c.from, c.to, join(dir, "r.xlsx"));
      const verdict = c.target === null ? "for scale, no target at this size" : `target < ${c.target.seconds} s, < ${c.target.mb} MB: ${r.seconds < c.target.seconds && r.peakMb < c.target.mb ? "met" : "NOT met"}`;
      console.log(
        `${c.label}: ${r.data.toLocaleString("en")} step occurrences in Data, ${(r.bytes / 1024 / 1024).toFixed(1)} MB file, ` +
          `${r.seconds.toFixed(1)} s, peak ${r.peakMb.toFixed(0)} MB (${verdict})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sample.done();
  }
}

if (process.argv[2] === "--child") {
  const [, , , name, office, from, to, out] = process.argv;
  await child(name!, office === "-" ? null : office!, from!, to!, out!);
} else {
  await main();
}
