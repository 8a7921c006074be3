import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPglite } from "../../src/db/connect.ts";
import { exitOf, runCli, spawnCli, waitForOutput } from "../support/cli.ts";

// A batch killed midway (SIGKILL: no cleanup runs) leaves no partial rows and can simply be run again.

let dir: string;
let sampleDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mutubaku-kill-"));
  cpSync(inject("pgliteTemplates").seeded, dir, { recursive: true });
  sampleDir = mkdtempSync(join(tmpdir(), "mutubaku-kill-sample-"));
  const sample = await runCli(["sample", "--office", "kampar", "--months", "12", "--seed", "7", "--out", sampleDir]);
  expect(sample.code).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(sampleDir, { recursive: true, force: true });
});

async function counts() {
  const database = await openPglite(dir);
  try {
    const n = async (t: "permit" | "step_record" | "import_batch") =>
      (await database.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
    return { permits: await n("permit"), steps: await n("step_record"), batches: await n("import_batch") };
  } finally {
    await database.close();
  }
}

/** The lock of a killed process frees itself within seconds; a person would simply try again. */
async function runWhenFree(args: string[]) {
  for (let i = 0; ; i++) {
    const r = await runCli(args, { DATABASE_URL: "", DATA_DIR: dir });
    if (!r.stderr.includes("is in use by another Mutu Baku process") || i >= 10) return r;
    await new Promise((res) => setTimeout(res, 1500));
  }
}

describe("an import killed midway", () => {
  it("leaves nothing behind, and the same import then runs to the end", { timeout: 180_000 }, async () => {
    const file = join(sampleDir, "kampar-sicantik.csv");
    const child = spawnCli(["import", "--office", "kampar", file], { DATABASE_URL: "", DATA_DIR: dir });
    await waitForOutput(child, /baris dibaca/, 60_000);
    child.kill("SIGKILL");
    expect(await exitOf(child)).toBe(null);

    const afterKill = await (async () => {
      for (let i = 0; ; i++) {
        try {
          return await counts();
        } catch (err) {
          if (i >= 10) throw err;
          await new Promise((res) => setTimeout(res, 1500));
        }
      }
    })();
    expect(afterKill).toEqual({ permits: 0, steps: 0, batches: 0 });

    const again = await runWhenFree(["import", "--office", "kampar", "--json", file]);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as { inserted: number; rejected: number; rowsRead: number };
    expect(summary.inserted).toBeGreaterThan(10_000);
    expect(summary.rejected).toBe(0);
    expect(await counts()).toMatchObject({ steps: summary.inserted, batches: 1 });
  });
});
