import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { evaluatePermits } from "../../src/evaluation/evaluate-permits.ts";
import { rebuildDirtyMonths } from "../../src/db/repos/rollup.ts";
import { fixedClock } from "../../src/clock/index.ts";
import { compliance, GROUPINGS } from "../../src/db/repos/compliance.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { TEST_NOW } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// Figures over whole months come from the monthly rollup; they must be the very figures the
// verdicts give, after every write that changes them.

const fixture = (name: string) => ({ name, path: fileURLToPath(new URL(`../fixtures/imports/${name}`, import.meta.url)) });

describe.each(BACKENDS)("the monthly rollup on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-rollup-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function expectSameFigures(periods: { from?: string; to?: string }[], extra: { officeId?: number; permitType?: string } = {}) {
    for (const period of periods) {
      for (const by of GROUPINGS) {
        const f = { ...period, ...extra, basis: "finished" as const, by };
        const fromRollup = await compliance(t.database.db, f);
        const fromVerdicts = await compliance(t.database.db, f, { rollup: false });
        expect(fromRollup, `${by} ${JSON.stringify(period)}`).toEqual(fromVerdicts);
      }
    }
  }

  it("gives the verdicts' figures after an import changes a step that has since finished", async () => {
    const clock = fixedClock(TEST_NOW);
    await runImport(t.database.db, clock, { office: "kampar", files: [fixture("kampar-2026-03a.csv")] });
    await expectSameFigures([{ from: "2026-03-01", to: "2026-03-31" }, {}]);
    const before = await compliance(t.database.db, { from: "2026-03-01", to: "2026-03-31", basis: "finished", by: "step" });
    await runImport(t.database.db, clock, { office: "kampar", files: [fixture("kampar-2026-03b.csv"), fixture("kampar-2026-03c.csv")] });
    const after = await compliance(t.database.db, { from: "2026-03-01", to: "2026-03-31", basis: "finished", by: "step" });
    expect(after).not.toEqual(before);
    await expectSameFigures([{ from: "2026-03-01", to: "2026-03-31" }, {}]);
  });

  it("counts a permit type written in another case as its SOP's type", async () => {
    const file = join(dir, "upper.csv");
    writeFileSync(
      file,
      "id,no_permohonan,jenis_izin,nama_proses,status,start_date,end_date,diproses_oleh,tgl_pengajuan,tgl_selesai\n" +
        "991,503/KMP/2026/0099,IZIN KERJA TEKNISI GIGI,Pendaftaran,Selesai,2026-03-10 08:00:00,2026-03-10 08:05:00,Siti,2026-03-10 08:00:00,2026-03-10 08:05:00\n",
    );
    await runImport(t.database.db, fixedClock(TEST_NOW), { office: "kampar", files: [{ name: "upper.csv", path: file }] });
    const types = await compliance(t.database.db, { from: "2026-03-01", to: "2026-03-31", basis: "finished", by: "permit_type" });
    expect(types.map((r) => [r.key, r.finished])).toEqual([["Izin Kerja Teknisi Gigi", 2]]);
    await expectSameFigures([{ from: "2026-03-01", to: "2026-03-31" }]);
  });

  it("gives the verdicts' figures, medians and p90 included, on four months of a sample", async () => {
    const sample = await writeSampleExport({ officeSlug: "kampar", months: 4, seed: 11, outDir: dir, now: new Date(TEST_NOW) });
    await runImport(t.database.db, fixedClock(TEST_NOW), { office: "kampar", files: sample.files.map((f) => ({ name: "k.csv", path: f })) });
    await expectSameFigures([{ from: "2026-08-01", to: "2026-11-30" }, { from: "2026-10-01", to: "2026-10-31" }, { to: "2026-09-30" }]);
    await expectSameFigures([{ from: "2026-09-01", to: "2026-11-30" }], { permitType: "Izin Kerja Teknisi Gigi" });
  });

  it("survives evaluations of the same permits and rebuilds running at once", async () => {
    const db = t.database.db;
    const clock = fixedClock(TEST_NOW);
    await Promise.all([evaluatePermits(db, clock, { all: true }), evaluatePermits(db, clock, { all: true }), rebuildDirtyMonths(db), evaluatePermits(db, clock, { open: true }), rebuildDirtyMonths(db)]);
    await expectSameFigures([{ from: "2026-08-01", to: "2026-11-30" }, {}]);
  });
});
