import { readdirSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCalendar } from "../../src/calendar/index.ts";
import { readFileChunks } from "../../src/imports/read-file.ts";
import { ingestFile, type NormalizedItem } from "../../src/ingest/normalize.ts";
import { loadProfile } from "../../src/ingest/profile.ts";
import { generateSample } from "../../src/sample/generate.ts";
import { readSeeds } from "../../src/seed/read-seeds.ts";
import { useOwnTmpdir } from "../support/own-tmpdir.ts";

// Permits beyond the reading's memory bound are set aside on disk and read back after the file
// (src/ingest/spill.ts). Whatever the bound, a file must give the same occurrences, rejects and
// counts, and nothing may be left on disk.

const NOW = new Date("2026-05-29T11:00:00+07:00");
const seeds = await readSeeds();
const calendar = parseCalendar(seeds.calendars.get("riau-wib"));

// os.tmpdir() follows TMPDIR: this file's set-aside folders are then the only ones in it.
const ownTmp = useOwnTmpdir("mutubaku-spill-test-");

const spillFolders = async () => (await readdir(ownTmp())).filter((n) => n.startsWith("mutubaku-spill-"));

async function sampleFile(slug: string, months = 2): Promise<{ path: string; profile: string }> {
  const office = seeds.offices.find((o) => o.slug === slug)!;
  const profile = await loadProfile(office.sourceSystem);
  const out = join(ownTmp(), `sample-${slug}-${months}`);
  const result = await generateSample({ office, months, seed: 5, now: NOW, sops: seeds.sops, calendar, profile, outDir: out });
  return { path: result.files[0]!, profile: office.sourceSystem };
}

/**
 * The sample made messy as real exports are: a tenth of the rows again at the end (repeated syncs,
 * far from their permit's other rows), and some early rows moved to the end (a permit continued,
 * or a row arriving after later ones of its permit were handed on).
 */
async function messy(path: string): Promise<string> {
  const [header, ...lines] = (await readFile(path, "utf8")).trimEnd().split("\n");
  const moved = new Set(lines.map((_, i) => i).filter((i) => i < lines.length / 4 && i % 17 === 3));
  const kept = lines.filter((_, i) => !moved.has(i));
  const repeats = lines.filter((_, i) => i % 10 === 7);
  const target = `${path}.messy.csv`;
  await writeFile(target, `${[header, ...kept, ...[...moved].map((i) => lines[i]), ...repeats].join("\n")}\n`);
  return target;
}

/** What a reading gives, in an order that does not depend on when each group was assembled. */
async function read(path: string, profile: string, maxPermitsInMemory?: number) {
  const items: NormalizedItem[] = [];
  let spilled = false;
  for await (const batch of ingestFile(path, await loadProfile(profile), { timezone: "Asia/Jakarta", now: NOW, ...(maxPermitsInMemory ? { maxPermitsInMemory } : {}) })) {
    items.push(...batch);
    if ((await spillFolders()).length > 0) spilled = true;
  }
  const steps = items.flatMap((i) => (i.kind === "step" ? [JSON.stringify(i)] : [])).sort();
  const rejects = items.flatMap((i) => (i.kind === "reject" ? [JSON.stringify(i)] : [])).sort();
  const summary = items.find((i) => i.kind === "summary");
  return { steps, rejects, summary, spilled };
}

describe("reading with a bound on the permits remembered", () => {
  it.each([
    ["kampar", false],
    ["kampar", true],
    ["rokan-hilir", false],
    ["rokan-hilir", true],
    ["pekanbaru", false],
  ])("gives the same steps, rejects and counts for %s (messy: %s) whatever the bound", async (slug, isMessy) => {
    const sample = await sampleFile(slug);
    const path = isMessy ? await messy(sample.path) : sample.path;
    const whole = await read(path, sample.profile);
    expect(whole.spilled).toBe(false);
    expect(whole.steps.length).toBeGreaterThan(500);
    if (isMessy) {
      expect(whole.summary!.kind === "summary" && whole.summary!.duplicates).toBeGreaterThan(100);
      // Rows moved after their permit's later rows were handed on.
      expect(whole.rejects.length).toBeGreaterThan(10);
    }
    for (const bound of [1, 37]) {
      const bounded = await read(path, sample.profile, bound);
      expect(bounded.spilled).toBe(true);
      expect(bounded.summary).toEqual(whole.summary);
      expect(bounded.rejects).toEqual(whole.rejects);
      expect(bounded.steps).toEqual(whole.steps);
    }
    expect(await spillFolders()).toEqual([]);
  });

  it("removes what it set aside when the reading is stopped halfway", async () => {
    const sample = await sampleFile("kampar");
    let seen = false;
    for await (const _ of ingestFile(sample.path, await loadProfile(sample.profile), { timezone: "Asia/Jakarta", now: NOW, maxPermitsInMemory: 1 })) {
      if ((await spillFolders()).length > 0) {
        seen = true;
        break;
      }
    }
    expect(seen).toBe(true);
    expect(await spillFolders()).toEqual([]);
  });

  it("refuses a bound that leaves no permit a slot", async () => {
    const sample = await sampleFile("kampar");
    const reading = ingestFile(sample.path, await loadProfile(sample.profile), { timezone: "Asia/Jakarta", now: NOW, maxPermitsInMemory: 0 });
    await expect(reading.next()).rejects.toThrow(/maxPermitsInMemory must be a whole number of at least 1/);
  });

  it("removes what it set aside when the file turns out unreadable after it began to", async () => {
    // A year of rows fills the set-aside files' write buffers while the file is still being read.
    const sample = await sampleFile("kampar", 12);
    const broken = `${sample.path}.broken.csv`;
    await writeFile(broken, `${await readFile(sample.path, "utf8")}"${"x".repeat(10_000)}"\n`);
    // Looked for while the file is read (nearly every row is set aside, so few batches come out).
    let seen = false;
    const watch = setInterval(() => {
      if (readdirSync(ownTmp()).some((n) => n.startsWith("mutubaku-spill-"))) seen = true;
    }, 2);
    const reading = (async () => {
      const options = { timezone: "Asia/Jakarta", now: NOW, maxPermitsInMemory: 1, limits: { maxRecordBytes: 4096 } };
      for await (const _ of ingestFile(broken, await loadProfile(sample.profile), options));
    })();
    await expect(reading).rejects.toThrow(/longer than 4096 characters/);
    clearInterval(watch);
    expect(seen).toBe(true);
    expect(await spillFolders()).toEqual([]);
  });
});

describe("an import's reading thread", () => {
  const job = async (path: string, profile: string) => ({
    path,
    name: "sample.csv",
    profile: await loadProfile(profile),
    timezone: "Asia/Jakarta",
    now: NOW.getTime(),
    fileIndex: 0,
    chunkRows: 500,
    maxPermitsInMemory: 1,
  });
  const leftovers = async () => (await readdir(ownTmp())).filter((n) => n.startsWith("mutubaku-import-") || n.startsWith("mutubaku-spill-"));
  /** Set-aside files the reading thread has written into its import folder. */
  const setAside = async () => {
    const files: string[] = [];
    for (const folder of (await readdir(ownTmp())).filter((n) => n.startsWith("mutubaku-import-"))) {
      for (const spill of await readdir(join(ownTmp(), folder))) files.push(...(await readdir(join(ownTmp(), folder, spill))));
    }
    return files;
  };

  it("sets rows aside in its import's folder, and leaves nothing on disk when done or stopped before", async () => {
    const sample = await sampleFile("rokan-hilir");
    let rows = 0;
    let written = 0;
    for await (const chunk of readFileChunks(await job(sample.path, sample.profile))) {
      if (chunk.summary) rows = chunk.summary.rows;
      written = Math.max(written, (await setAside()).length);
    }
    expect(rows).toBeGreaterThan(500);
    expect(written).toBeGreaterThan(0);
    expect(await leftovers()).toEqual([]);
    // As when storing a chunk fails: the import stops asking for chunks.
    for await (const _ of readFileChunks(await job(sample.path, sample.profile))) break;
    expect(await leftovers()).toEqual([]);
  });
});
