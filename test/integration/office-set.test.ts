import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { compliance, type ComplianceRow, type Grouping, openStepCounts, statusCounts, stepShareHistogram } from "../../src/db/repos/compliance.ts";
import { findOffice } from "../../src/db/repos/offices.ts";
import { listPermits } from "../../src/db/repos/permits.ts";
import { batchesOf, permitsOpenAt } from "../../src/db/repos/report-rows.ts";
import { claimReport, dataMarks } from "../../src/db/repos/reports.ts";
import type { OfficeSet } from "../../src/db/repos/scope.ts";
import { listSteps } from "../../src/db/repos/step-occurrences.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { TEST_NOW } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// The query layer's office filter given a set of offices: every count is the sum of the single
// offices' counts, from the rollup and from the verdicts alike, and the set of every office counts
// what no office filter counts.

describe.each(BACKENDS)("a set of offices in the query layer on %s", (kind) => {
  const t = useTestDatabase(kind);
  const clock = fixedClock(TEST_NOW);
  let kampar = 0;
  let pekanbaru = 0;
  let rokanHilir = 0;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "mutubaku-office-set-"));
    for (const [slug, seed] of [["kampar", 3], ["pekanbaru", 4]] as const) {
      const sample = await writeSampleExport({ officeSlug: slug, months: 3, seed, outDir: join(dir, slug), now: clock.now(), permitsPerDay: 4 });
      await runImport(t.database.db, clock, { office: slug, files: sample.files.map((f) => ({ name: f.slice(f.lastIndexOf("/") + 1), path: f })) });
    }
    rmSync(dir, { recursive: true, force: true });
    kampar = (await findOffice(t.database.db, "kampar", EVERY_OFFICE))!.id;
    pekanbaru = (await findOffice(t.database.db, "pekanbaru", EVERY_OFFICE))!.id;
    rokanHilir = (await findOffice(t.database.db, "rokan-hilir", EVERY_OFFICE))!.id;
  }, 180_000);

  const COUNTED = ["finished", "onTime", "late", "open", "atRisk", "openLate", "noStandard", "notMeasurable", "totalWorkingSeconds"] as const;
  /** Rows' counts by key, summed over several results. */
  const summed = (...results: ComplianceRow[][]) => {
    const out = new Map<string, Record<string, number>>();
    for (const rows of results)
      for (const r of rows) {
        const acc = out.get(r.key) ?? Object.fromEntries(COUNTED.map((k) => [k, 0]));
        for (const k of COUNTED) acc[k] = acc[k]! + r[k];
        out.set(r.key, acc);
      }
    return out;
  };
  const round = (m: Map<string, Record<string, number>>) =>
    new Map([...m].map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([c, n]) => [c, Math.round(n)]))]));

  const periods = [
    { name: "whole months (the rollup)", from: "2026-09-01", to: "2026-10-31", basis: "finished" as const },
    { name: "part of a month (the verdicts)", from: "2026-09-10", to: "2026-10-20", basis: "finished" as const },
    { name: "by submission", from: "2026-09-01", to: "2026-11-23", basis: "submitted" as const },
  ];

  for (const p of periods) {
    it(`counts a set as the sum of its offices, per grouping, over ${p.name}`, async () => {
      const db = t.database.db;
      for (const by of ["month", "permit_type", "step", "owner", "officer"] as Grouping[]) {
        const of = (officeId: OfficeSet) => compliance(db, { officeId, from: p.from, to: p.to, basis: p.basis, by });
        const [a, b, both] = await Promise.all([of(kampar), of(pekanbaru), of([kampar, pekanbaru])]);
        expect(a.length, by).toBeGreaterThan(0);
        expect(b.length, by).toBeGreaterThan(0);
        expect(round(summed(both)), by).toEqual(round(summed(a, b)));
        // Neither office alone gives the set's figures.
        const finished = (rows: ComplianceRow[]) => rows.reduce((n, r) => n + r.finished, 0);
        expect(finished(both), by).toBe(finished(a) + finished(b));
        expect(finished(a), by).toBeGreaterThan(0);
        expect(finished(b), by).toBeGreaterThan(0);
        // Every office, as a set or as no filter, is one thing.
        expect(round(summed(await of([kampar, pekanbaru, rokanHilir]))), by).toEqual(round(summed(await of(undefined))));
      }
    }, 60_000);
  }

  it("counts statuses, open steps, permits and steps of a set as the sum of its offices", async () => {
    const db = t.database.db;
    const add = (x: Record<string, number>, y: Record<string, number>) => Object.fromEntries([...new Set([...Object.keys(x), ...Object.keys(y)])].map((k) => [k, (x[k] ?? 0) + (y[k] ?? 0)]));
    const set = [kampar, pekanbaru];
    for (const s of [{}, { from: "2026-10-01", to: "2026-10-31", basis: "finished" as const }]) {
      const [a, b, both] = await Promise.all([statusCounts(db, { ...s, officeId: kampar }), statusCounts(db, { ...s, officeId: pekanbaru }), statusCounts(db, { ...s, officeId: set })]);
      expect(Object.keys(a).length).toBeGreaterThan(0);
      expect(both).toEqual(add(a, b));
    }
    for (const by of ["officer", "position"] as const) {
      const [a, b, both] = await Promise.all([openStepCounts(db, { officeId: kampar }, by), openStepCounts(db, { officeId: pekanbaru }, by), openStepCounts(db, { officeId: set }, by)]);
      // The sample's exports list finished steps only, so this checks the set's SQL more than its sums.
      expect(Object.fromEntries(both)).toEqual(add(Object.fromEntries(a), Object.fromEntries(b)));
    }
    const total = async (officeId: OfficeSet) => (await listPermits(db, { officeId, from: "2026-09-01", to: "2026-10-31", page: 1, pageSize: 1 })).total;
    expect(await total(set)).toBe((await total(kampar)) + (await total(pekanbaru)));
    const steps = async (officeId: OfficeSet) => (await listSteps(db, { officeId, from: "2026-09-01", to: "2026-10-31", basis: "finished", page: 1, pageSize: 1 })).total;
    expect(await steps(set)).toBe((await steps(kampar)) + (await steps(pekanbaru)));
    const open = async (officeId: OfficeSet) => (await permitsOpenAt(db, { officeId }, new Date("2026-11-01T00:00:00Z"))).length;
    expect(await open(set)).toBe((await open(kampar)) + (await open(pekanbaru)));
    expect(await open(kampar)).toBeGreaterThan(0);
    const batches = async (officeId: OfficeSet) => (await batchesOf(db, officeId)).map((b) => b.office_slug).sort();
    expect(await batches(set)).toEqual([...(await batches(kampar)), ...(await batches(pekanbaru))].sort());
    // A set of one is that office.
    expect(await total([kampar])).toBe(await total(kampar));
  });

  it("bins a set's step shares as its offices' bins added up, from the rollup and the verdicts", async () => {
    const db = t.database.db;
    const sop = "kampar-izin-kerja-teknisi-gigi";
    for (const rollup of [true, false]) {
      const s = { sop, from: "2026-09-01", to: "2026-10-31", basis: "finished" as const };
      const [one, both] = await Promise.all([stepShareHistogram(db, { ...s, officeId: kampar }, { rollup }), stepShareHistogram(db, { ...s, officeId: [kampar, pekanbaru] }, { rollup })]);
      expect(one.size).toBeGreaterThan(0);
      expect(both).toEqual(one);
      expect((await stepShareHistogram(db, { ...s, officeId: [pekanbaru, rokanHilir] }, { rollup })).size).toBe(0);
    }
  });

  it("marks a set's data with the newest of its offices' imports", async () => {
    const db = t.database.db;
    const [a, b, both, all] = await Promise.all([dataMarks(db, [kampar]), dataMarks(db, [pekanbaru]), dataMarks(db, [kampar, pekanbaru]), dataMarks(db, null)]);
    expect(a.batch).not.toBe(b.batch);
    expect(both.batch).toBe(Math.max(a.batch!, b.batch!));
    expect(both.sopVersion).toBe(Math.max(a.sopVersion!, b.sopVersion!));
    expect(all.batch).toBe(both.batch);
  });

  it("claims a scheduled report once per set of offices, in whatever order the set is given, and every office once", async () => {
    const db = t.database.db;
    const claim = (officeIds: number[] | null) => claimReport(db, { officeIds, from: "2026-10-01", to: "2026-10-31", lang: "id", madeBy: "jadwal", scheduled: true, at: clock.now() });
    const [first, second] = await Promise.all([claim([pekanbaru, kampar]), claim([kampar, pekanbaru])]);
    expect([first, second].filter((id) => id !== null)).toHaveLength(1);
    expect(await claim([kampar])).not.toBeNull();
    expect(await claim([kampar])).toBeNull();
    expect(await claim(null)).not.toBeNull();
    expect(await claim(null)).toBeNull();
    const rows = await db.selectFrom("report").select(["office_id", "office_ids"]).orderBy("id").execute();
    expect(rows).toEqual([
      { office_id: null, office_ids: [kampar, pekanbaru].sort((a, b) => a - b) },
      { office_id: kampar, office_ids: [kampar] },
      { office_id: null, office_ids: null },
    ]);
  });
});
