import { createWriteStream } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bench, describe } from "vitest";
import { parseCalendar } from "../../src/calendar/index.ts";
import { CopyText } from "../../src/db/bulk-insert.ts";
import { stagedValues } from "../../src/db/repos/imports.ts";
import { ingestFile } from "../../src/ingest/normalize.ts";
import { loadProfile } from "../../src/ingest/profile.ts";
import { readFileRowBatches } from "../../src/ingest/readers/index.ts";
import { sampleRows } from "../../src/sample/generate.ts";
import { readSeeds } from "../../src/seed/read-seeds.ts";

// Reading and normalising a 200,000-row SiCantik CSV (Kampar's sample export, 14 columns), and
// writing the staging rows out as COPY text, against the whole import's target of 100,000 rows/s. Each iteration reads the whole file:
// rows/s = 200,000 / the mean time, printed after each run.
//
// Run: npx vitest bench --run test/bench/ingest-read.bench.ts

const ROWS = 200_000;
const NOW = new Date("2026-11-20T10:00:00+07:00");

const seeds = await readSeeds();
const office = seeds.offices.find((o) => o.slug === "kampar")!;
const profile = await loadProfile("sicantik");
const sample = sampleRows({
  office,
  months: 12,
  seed: 1,
  now: NOW,
  sops: seeds.sops,
  calendar: parseCalendar(seeds.calendars.get(office.calendar)),
  profile,
  permitsPerDay: 150,
});
const path = join(await mkdtemp(join(tmpdir(), "mutubaku-bench-")), "kampar-sicantik.csv");
const out = createWriteStream(path);
out.write(`${sample.columns.join(",")}\n`);
let written = 0;
for (const row of sample.rows) {
  if (!out.write(`${row.join(",")}\n`)) await once(out, "drain");
  if (++written === ROWS) break;
}
out.end();
await once(out, "finish");

function report(label: string, started: number, rows: number): void {
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${rows.toLocaleString("en")} rows in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString("en")} rows/s`);
}

describe(`SiCantik CSV, ${ROWS.toLocaleString("en")} step rows`, () => {
  bench(
    "read",
    async () => {
      const started = performance.now();
      let rows = 0;
      for await (const batch of readFileRowBatches(path)) rows += batch.length;
      report("read", started, rows);
    },
    { time: 0, iterations: 3, warmupIterations: 1 },
  );

  bench(
    "read + normalise",
    async () => {
      const started = performance.now();
      let steps = 0;
      for await (const batch of ingestFile(path, profile, { timezone: "Asia/Jakarta", now: NOW })) steps += batch.length - (batch.at(-1)?.kind === "summary" ? 1 : 0);
      if (steps !== ROWS) throw new Error(`expected ${ROWS} steps, got ${steps}`);
      report("read + normalise", started, ROWS);
    },
    { time: 0, iterations: 3, warmupIterations: 1 },
  );

  bench(
    "read + normalise + COPY text",
    async () => {
      // As the import's reading thread does (src/imports/read-worker.ts): staging rows as COPY text, taken in chunks of 5,000.
      const started = performance.now();
      const text = new CopyText();
      let steps = 0;
      let bytes = 0;
      for await (const batch of ingestFile(path, profile, { timezone: "Asia/Jakarta", now: NOW })) {
        for (const item of batch) {
          if (item.kind !== "step") continue;
          text.add(stagedValues(item, 0));
          steps++;
          if (text.rows === 5_000) bytes += text.take().length;
        }
      }
      bytes += text.take().length;
      if (steps !== ROWS || bytes === 0) throw new Error(`expected ${ROWS} steps, got ${steps}`);
      report("read + normalise + COPY text", started, ROWS);
    },
    { time: 0, iterations: 3, warmupIterations: 1 },
  );
});
