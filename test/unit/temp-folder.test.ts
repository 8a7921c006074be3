import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processTempFolder } from "../../src/temp/process-folder.ts";

// Uploads, sample exports and set-aside rows live in folders named after their process; a killed
// process cannot remove its own, so the next one made removes those of processes gone.

let tmp: string;
const previousTmp = process.env.TMPDIR;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "mutubaku-temp-test-"));
  process.env.TMPDIR = tmp;
});
afterAll(async () => {
  if (previousTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmp;
  await rm(tmp, { recursive: true, force: true });
});

describe("temporary folders", () => {
  it("removes those of processes that no longer run, and keeps those of running ones and anything else", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    for (const name of [`mutubaku-upload-${dead}-a1b2c3`, `mutubaku-import-${dead}-d4e5f6`, `mutubaku-sample-${process.pid}-g7h8i9`, "mutubaku-upload-x1y2z3", "other-123-abc"]) {
      await mkdir(join(tmp, name, "inside"), { recursive: true });
      await writeFile(join(tmp, name, "inside", "export.csv"), "id\n1\n");
    }
    const made = await processTempFolder("upload");
    expect(made).toMatch(new RegExp(`/mutubaku-upload-${process.pid}-\\w+$`));
    expect((await readdir(tmp)).sort()).toEqual(
      [`mutubaku-sample-${process.pid}-g7h8i9`, "mutubaku-upload-x1y2z3", "other-123-abc", made.slice(tmp.length + 1)].sort(),
    );
  });
});
