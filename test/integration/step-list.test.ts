import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { scopedSteps, statusIn } from "../../src/db/repos/scope.ts";
import { listSteps, type StepFilter, type StepSort } from "../../src/db/repos/step-occurrences.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { TEST_NOW } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// The step list counts from the rollup where it can and reads its page off the narrow keys: its
// total and its rows must be those of the plain query over the whole join (the list as it was
// first written), for every filter a figure links with.

const SOP = "kampar-izin-kerja-teknisi-gigi";

describe.each(BACKENDS)("the step list on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-step-list-"));

  beforeAll(async () => {
    for (const [i, office] of ["kampar", "rokan-hilir"].entries()) {
      const sample = await writeSampleExport({ officeSlug: office, months: 4, seed: 5 + i, outDir: join(dir, office), now: new Date(TEST_NOW) });
      await runImport(t.database.db, fixedClock(TEST_NOW), { office, files: sample.files.map((f) => ({ name: `${office}.csv`, path: f })) });
    }
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The plain list: every occurrence of the scope through the whole join, sorted, then cut. */
  async function plain(f: StepFilter): Promise<{ total: number; ids: number[] }> {
    const key = { working: "working_seconds", share: "share_used", newest: "started_at" }[f.sort ?? "working"];
    const matching = sql`select * from (${scopedSteps(f)}) x where ${statusIn(sql`x.status`, f.statuses)}`;
    const count = await sql<{ n: number }>`select count(*)::int as n from (${matching}) m`.execute(t.database.db);
    const page = await sql<{ id: number }>`
      select x.step_record_id as id from (${matching}) x order by ${sql.raw(`x.${key}`)} desc nulls last, x.step_record_id desc
      limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(t.database.db);
    return { total: count.rows[0]!.n, ids: page.rows.map((r) => Number(r.id)) };
  }

  it("has the plain query's total and rows for every filter a figure links with", async () => {
    const db = t.database.db;
    const kampar = (await db.selectFrom("office").select("id").where("slug", "=", "kampar").executeTakeFirstOrThrow()).id;
    const busiest = await sql<{ actor: string }>`
      select actor from step_verdict where actor is not null and owner <> 'applicant' group by actor order by count(*) desc limit 1`.execute(db);
    const officer = busiest.rows[0]!.actor;
    const permitType = (await db.selectFrom("step_verdict").select("permit_type").where("permit_type", "is not", null).limit(1).executeTakeFirstOrThrow()).permit_type!;
    const year = { from: "2025-12-01", to: "2026-11-30", basis: "finished" as const };
    const scopes: Partial<StepFilter>[] = [
      {},
      { officeId: kampar },
      { officeId: kampar, permitType },
      { basis: "finished" },
      { ...year },
      { ...year, officeId: kampar, sop: SOP, position: 2, statuses: ["late"] },
      { ...year, sop: SOP, position: 3, statuses: ["on_time", "late"] },
      { ...year, officer, statuses: ["on_time", "late"] },
      { ...year, owner: "office", statuses: ["on_time", "late", "no_standard"] },
      { ...year, owner: "applicant" },
      { ...year, sop: SOP, position: 2, statuses: ["on_time", "late"], shareFrom: 0, shareTo: 0.5 },
      { ...year, sop: SOP, position: 2, statuses: ["on_time", "late"], shareFrom: 1 },
      // Parts of months: not the rollup's.
      { from: "2026-10-05", to: "2026-11-20", basis: "finished", officer },
      { from: "2026-09-01", to: "2026-11-30", basis: "submitted", owner: "office" },
      { from: "2026-10-01", to: "2026-10-31", basis: "finished", officeId: kampar },
      // Open now, with no period: off the unfinished index.
      { officeId: kampar, officer, statuses: ["open", "at_risk", "open_late"] },
      { sop: SOP, position: 4, statuses: ["open", "at_risk", "open_late"] },
      { statuses: ["not_measurable", "no_standard"] },
    ];
    let nonEmpty = 0;
    for (const scope of scopes) {
      for (const sort of ["working", "share", "newest"] as StepSort[]) {
        for (const page of [1, 3]) {
          const f: StepFilter = { ...scope, sort, page, pageSize: 20 };
          const expected = await plain(f);
          const got = await listSteps(db, f);
          const what = JSON.stringify(f);
          expect(got.total, what).toBe(expected.total);
          expect(got.rows.map((r) => Number(r.step_record_id)), what).toEqual(expected.ids);
          if (expected.ids.length > 0) nonEmpty++;
        }
      }
    }
    // The filters select something: the comparison is not of empty lists.
    expect(nonEmpty).toBeGreaterThan(scopes.length * 3);
  }, 180_000);

  it("counts what the rollup holds after verdicts change, as the verdicts do", async () => {
    const db = t.database.db;
    // A re-evaluation with other results: a step turned late, another removed.
    const { rows } = await sql<{ id: number; permit_id: number }>`
      select step_record_id as id, permit_id from step_verdict where status = 'on_time' and sop_id is not null order by step_record_id limit 2`.execute(db);
    await sql`update step_verdict set status = 'late' where step_record_id = ${rows[0]!.id}`.execute(db);
    await sql`delete from step_verdict where step_record_id = ${rows[1]!.id}`.execute(db);
    for (const f of [{ basis: "finished" as const, from: "2025-12-01", to: "2026-11-30", statuses: ["late"] }, {}] as Partial<StepFilter>[]) {
      const list: StepFilter = { ...f, page: 1, pageSize: 10 };
      expect((await listSteps(db, list)).total).toBe((await plain(list)).total);
    }
  });
});
