import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { testApp } from "../support/app.ts";
import { cpuSeconds, xesGzipBomb } from "../support/bombs.ts";
import { BIN } from "../support/cli.ts";
import { openTestDatabase } from "../support/test-db.ts";

// A compression bomb given to an import, by upload and by the command line, is refused as it
// inflates, within a second of CPU, naming the file: a 4.4 MB .xes.gz of 1.1 GB took 98 s of
// CPU through the server and 132 s through the CLI before it was refused at the size cap.

const MiB = 1024 * 1024;
const scratch = mkdtempSync(join(tmpdir(), "mutubaku-bombs-"));
const bomb = join(scratch, "bom.xes.gz");
const tiny = join(scratch, "kecil.xes.gz");

/** Runs the CLI under bash's `time`: its exit code, output, and the CPU seconds it and its threads used. */
function timedCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string; cpu: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", 'TIMEFORMAT="cpu %U %S"; time "$@"', "timed", process.execPath, BIN, ...args], { env: { ...process.env, LOG_LEVEL: "warn", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({ code, stdout, stderr, cpu: m ? Number(m[1]) + Number(m[2]) : NaN });
    });
  });
}

describe("compression bombs given to an import", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    await xesGzipBomb(bomb, 1024 * MiB);
    // A small log of one event: no bomb, under every limit.
    await writeFile(
      tiny,
      gzipSync(
        '<?xml version="1.0"?><log><trace><string key="concept:name" value="503/KMP/2026/0009"/><event><string key="concept:name" value="Pendaftaran"/><string key="lifecycle:transition" value="complete"/><date key="time:timestamp" value="2026-03-02T08:10:00+07:00"/></event></trace></log>',
      ),
    );
  });
  afterAll(async () => {
    await database?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("refuses an uploaded .xes.gz bomb with 422 naming it, in a few seconds of CPU more than a small file costs, and keeps the failed attempt", async () => {
    const app = testApp(database);
    const upload = async (path: string, name: string) => {
      const body = new FormData();
      body.set("office", "kampar");
      body.set("profile", "xes");
      body.set("file", new File([await readFile(path)], name));
      return app.request("/api/v1/imports", { method: "POST", body });
    };
    // Once first, so that what is loaded once is loaded before the measured runs. Every import
    // starts a reading thread of its own: the small file's cost is the import's, not its bytes'.
    await upload(tiny, "kecil.xes.gz");
    const small = await cpuSeconds(() => upload(tiny, "kecil.xes.gz"));
    const { seconds, result } = await cpuSeconds(() => upload(bomb, "bom.xes.gz"));
    if (result.status !== "fulfilled") throw result.reason;
    expect(result.value.status).toBe(422);
    const answer = (await result.value.json()) as { error: string; file: string; batchId: number };
    expect(answer).toMatchObject({ file: "bom.xes.gz", error: expect.stringMatching(/^bom\.xes\.gz: the file expands more than 100 times .* a compression bomb\?$/), batchId: expect.any(Number) });
    console.log(`upload: a small .xes.gz took ${small.seconds.toFixed(2)} s of CPU, the 1 GiB bomb ${seconds.toFixed(2)} s`);
    // Reading the whole bomb costs ~100 s of CPU: five is loose enough for a loaded machine.
    expect(seconds - small.seconds).toBeLessThan(5);
    const history = (await (await app.request("/api/v1/imports")).json()) as { id: number; status: string; error: string | null }[];
    expect(history.find((b) => b.id === answer.batchId)).toMatchObject({ status: "failed", error: expect.stringContaining("bom.xes.gz") });
  }, 60_000);

  it("refuses it through mutubaku import too, in a few seconds of CPU more than a small file costs", async () => {
    const dataDir = mkdtempSync(join(scratch, "data-"));
    cpSync(inject("pgliteTemplates").seeded, dataDir, { recursive: true });
    const env = { DATABASE_URL: "", DATA_DIR: dataDir };
    const small = await timedCli(["import", "--office", "kampar", "--profile", "xes", tiny], env);
    const big = await timedCli(["import", "--office", "kampar", "--profile", "xes", bomb], env);
    console.log(`mutubaku import: a small .xes.gz took ${small.cpu.toFixed(2)} s of CPU, the 1 GiB bomb ${big.cpu.toFixed(2)} s`);
    expect(big.code).not.toBe(0);
    expect(big.stderr).toMatch(/bom\.xes\.gz: the file expands more than 100 times/);
    expect(big.cpu - small.cpu).toBeLessThan(5);
  }, 120_000);
});
