import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { compliance, GROUPINGS, stepShareHistogram } from "../../src/db/repos/compliance.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { TEST_NOW } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// One SOP's share histograms over whole months come from their rollup (share_bin_month, kept by
// src/db/repos/rollup.ts with verdict_month); they must be the verdicts' own, bin for bin.

const SOP = "kampar-izin-kerja-teknisi-gigi";
const PERIODS = [
  { from: "2025-12-01", to: "2026-11-30" },
  { from: "2026-10-01", to: "2026-10-31" },
  { from: "2026-09-01", to: "2026-11-30" },
];

describe.each(BACKENDS)("share histograms from their rollup on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-share-bins-"));
  const importSample = async (seed: number, months: number, now: string) => {
    const sample = await writeSampleExport({ officeSlug: "kampar", months, seed, outDir: join(dir, String(seed)), now: new Date(now) });
    await runImport(t.database.db, fixedClock(now), { office: "kampar", files: sample.files.map((f) => ({ name: "kampar.csv", path: f })) });
  };
  const compare = async () => {
    const kampar = (await t.database.db.selectFrom("office").select("id").where("slug", "=", "kampar").executeTakeFirstOrThrow()).id;
    let bins = 0;
    for (const p of PERIODS) {
      // All offices, the SOP's own, and another (which has none of its steps).
      for (const officeId of [undefined, kampar, kampar + 1]) {
        const scope = { sop: SOP, officeId, from: p.from, to: p.to, basis: "finished" as const };
        const rolled = await stepShareHistogram(t.database.db, scope);
        expect([...rolled], `${p.from} ${officeId}`).toEqual([...(await stepShareHistogram(t.database.db, scope, { rollup: false }))]);
        bins += [...rolled.values()].flat().length;
      }
    }
    return bins;
  };

  beforeAll(async () => {
    await importSample(3, 4, "2026-11-10T03:00:00Z");
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives the verdicts' bins over whole months", async () => {
    expect(await compare()).toBeGreaterThan(20);
  });

  it("agrees with the verdicts between rebuilds: a write's own rows of changes keep the rollups exact", async () => {
    const db = t.database.db;
    // Writes no evaluation follows (so no rebuild): steps and permits moved between statuses and bins, some deleted.
    await db.updateTable("step_verdict").set({ status: "late", share_used: 2.2 }).where("status", "=", "on_time").where("position", "=", 2).where("month", "=", "2026-10").execute();
    await db.deleteFrom("step_verdict").where("position", "=", 4).where("month", "=", "2026-11").execute();
    await db.updateTable("permit_verdict").set({ status: "late" }).where("month", "=", "2026-10").where("status", "=", "on_time").execute();
    expect(await db.selectFrom("verdict_month_dirty").select("id").limit(1).executeTakeFirst()).toBeDefined();
    expect(await compare()).toBeGreaterThan(20);
    for (const by of GROUPINGS) {
      for (const p of PERIODS) {
        const f = { by, from: p.from, to: p.to, basis: "finished" as const };
        expect(await compliance(db, f), `${by} ${p.from}`).toEqual(await compliance(db, f, { rollup: false }));
      }
    }
  });

  it("still does after an import that finishes steps left open and moves others between months", async () => {
    await importSample(3, 4, TEST_NOW);
    await importSample(7, 2, TEST_NOW);
    expect(await compare()).toBeGreaterThan(20);
  }, 120_000);
});
