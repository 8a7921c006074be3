import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../src/clock/index.ts";
import { dataVersion } from "../../src/db/repos/data-version.ts";
import { evaluatePermits } from "../../src/evaluation/evaluate-permits.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { nextMidnight, pageCacheFor } from "../../src/web/page-cache.ts";
import { TEST_NOW, testApp } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// Pages and the compliance API are kept per data version and filters (src/web/page-cache.ts):
// an unchanged state is answered from the cache, byte for byte what a fresh computation gives;
// an import, a recomputation and the clock passing an open step's crossing instant each give a new answer.

const PAGES = ["/?office=kampar", "/?lang=en", "/permohonan?office=kampar", "/jenis-izin/kampar-izin-kerja-teknisi-gigi", "/petugas", "/api/v1/compliance?by=month", "/api/v1/compliance?office=kampar&by=step"];
const SOP = "kampar-izin-kerja-teknisi-gigi";

/** A clock the test moves. */
function movableClock(at: string) {
  let t = new Date(at).getTime();
  const clock: Clock & { set(ms: number): void; ms(): number } = { now: () => new Date(t), set: (ms) => (t = ms), ms: () => t };
  return clock;
}

describe.each(BACKENDS)("the page cache on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-page-cache-"));
  const work: Promise<unknown>[] = [];
  const clock = movableClock(TEST_NOW);
  const app = () => testApp(t.database, TEST_NOW, { clock, background: (p) => work.push(p) });
  let cached: ReturnType<typeof app>;
  const stats = () => ({ ...pageCacheFor(t.database.db, clock).stats });
  /** The answer, but for its forms' CSRF token: each app signs in with a session of its own. */
  const body = async (a: ReturnType<typeof app>, path: string) => {
    const res = await a.request(path);
    expect(res.status, path).toBe(200);
    return (await res.text()).replace(/(name="_csrf" value=")[^"]*"/g, '$1"');
  };
  /** What the same request gives computed afresh: an app of its own clock has a cache of its own. */
  const fresh = (path: string) => body(testApp(t.database, TEST_NOW, { clock: { now: () => clock.now() } }), path);
  const importSample = async (seed: number, months: number) => {
    const out = join(dir, String(seed));
    const sample = await writeSampleExport({ officeSlug: "kampar", months, seed, outDir: out, now: clock.now() });
    await runImport(t.database.db, clock, { office: "kampar", files: sample.files.map((f) => ({ name: "kampar.csv", path: f })) });
  };

  beforeAll(async () => {
    await importSample(3, 4);
    cached = app();
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(work);
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers an unchanged state from the cache, as a fresh computation would", async () => {
    for (const path of PAGES) {
      const before = stats();
      const first = await body(cached, path);
      expect(stats().misses, path).toBe(before.misses + 1);
      const second = await body(cached, path);
      expect(stats(), path).toMatchObject({ misses: before.misses + 1, hits: before.hits + 1 });
      expect(second, path).toBe(first);
      expect(await fresh(path), path).toBe(first);
    }
    // Concurrent misses of one page share one computation.
    const version = await dataVersion(t.database.db);
    await evaluatePermits(t.database.db, clock, { all: true });
    expect(await dataVersion(t.database.db)).not.toBe(version);
    const before = stats();
    const answers = await Promise.all(Array.from({ length: 5 }, () => body(cached, "/?office=kampar")));
    expect(stats().misses).toBe(before.misses + 1);
    expect(stats().shared).toBe(before.shared + 4);
    expect(new Set(answers).size).toBe(1);
  });

  it("a language or filter of its own is an answer of its own", async () => {
    const id = await body(cached, "/");
    const en = await body(cached, "/?lang=en");
    expect(en).not.toBe(id);
    expect(en).toContain('lang="en"');
    expect(await body(cached, "/?office=kampar")).not.toBe(id);
  });

  it("an import changes the next answer", async () => {
    const paths = ["/", "/api/v1/compliance?by=month", "/permohonan"];
    const before = await Promise.all(paths.map((p) => body(cached, p)));
    const misses = stats().misses;
    await importSample(9, 1);
    for (const [i, path] of paths.entries()) {
      const after = await body(cached, path);
      expect(after, path).not.toBe(before[i]);
      expect(after, path).toBe(await fresh(path));
    }
    expect(stats().misses).toBe(misses + paths.length);
  }, 120_000);

  it("saving step names through their route recomputes, and the next answer follows", async () => {
    const db = t.database.db;
    // A record under a name no step has yet: its permit cannot be measured until the name is mapped.
    const permit = await db.selectFrom("permit").innerJoin("sop", "sop.id", "permit.sop_id").select("permit.id").where("sop.slug", "=", SOP).orderBy("permit.id").executeTakeFirstOrThrow();
    await db.insertInto("step_record").values({ permit_id: permit.id, step_name: "Tanda Tangan Elektronik Kadis", occurrence: 1 }).execute();
    await evaluatePermits(db, clock, { all: true });
    // The steps judged as the SOP's fourth, by their permit's submission (the record has no end to
    // place it by): the newly mapped record joins them.
    const path = `/langkah?office=kampar&sop=${SOP}&position=4&basis=submitted`;
    const before = await body(cached, path);
    expect(await body(cached, path)).toBe(before);
    const res = await cached.request(`/sop/${SOP}/alias?versi=1&petakan=1`, { method: "POST", body: new URLSearchParams({ name: "Tanda Tangan Elektronik Kadis", position: "4" }) });
    expect(res.status).toBe(303);
    await Promise.all(work);
    const after = await body(cached, path);
    expect(after).not.toBe(before);
    expect(after).toBe(await fresh(path));
  });

  it("an open step's due passing expires the answer, and the next one counts it late with nothing re-evaluated", async () => {
    const db = t.database.db;
    const { rows } = await sql<{ due: Date }>`
      select min(sv.late_at) as due from step_verdict sv
      where sv.status in ('open', 'at_risk') and sv.office_id = (select id from office where slug = 'kampar') and sv.late_at > ${clock.now()}`.execute(db);
    const due = new Date(rows[0]!.due).getTime();
    expect(Number.isFinite(due)).toBe(true);
    const path = "/api/v1/compliance?office=kampar&by=step";
    clock.set(due - 1_000);
    const before = await body(cached, path);
    const misses = stats().misses;
    clock.set(due - 500);
    expect(await body(cached, path)).toBe(before);
    expect(stats().misses).toBe(misses);
    // Past it: computed again although no data changed, and the step's status read at the new instant.
    clock.set(due + 1_000);
    const after = await body(cached, path);
    expect(stats().misses).toBe(misses + 1);
    expect(after).toBe(await fresh(path));
    const openLate = (s: string) => (JSON.parse(s) as { rows: { openLate: number }[] }).rows.reduce((a, r) => a + r.openLate, 0);
    expect(openLate(after)).toBeGreaterThan(openLate(before));
  });

  it("midnight in the office's zone ends the day a default period is counted to", () => {
    // 2026-11-23 23:59:59 in Jakarta (UTC+7) is 16:59:59Z; the next day starts at 17:00Z.
    expect(new Date(nextMidnight(Date.parse("2026-11-23T16:59:59Z"), "Asia/Jakarta")).toISOString()).toBe("2026-11-23T17:00:00.000Z");
    expect(new Date(nextMidnight(Date.parse("2026-11-23T17:00:00Z"), "Asia/Jakarta")).toISOString()).toBe("2026-11-24T17:00:00.000Z");
    // Across a daylight-saving change: New York's 2026-03-08 starts at 05:00Z, the 9th at 04:00Z.
    expect(new Date(nextMidnight(Date.parse("2026-03-08T12:00:00Z"), "America/New_York")).toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });
});
