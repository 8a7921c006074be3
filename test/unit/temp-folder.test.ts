import { spawnSync } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { processTempFolder } from "../../src/temp/process-folder.ts";
import { useOwnTmpdir } from "../support/own-tmpdir.ts";

// Uploads, sample exports and set-aside rows live in folders named after their process; a killed
// process cannot remove its own, so the next one made removes those of processes gone.

const ownTmp = useOwnTmpdir("mutubaku-temp-test-");

describe("temporary folders", () => {
  it("removes those of processes that no longer run, and keeps those of running ones and anything else", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    for (const name of [`mutubaku-upload-${dead}-a1b2c3`, `mutubaku-import-${dead}-d4e5f6`, `mutubaku-sample-${process.pid}-g7h8i9`, "mutubaku-upload-x1y2z3", "other-123-abc"]) {
      await mkdir(join(ownTmp(), name, "inside"), { recursive: true });
      await writeFile(join(ownTmp(), name, "inside", "export.csv"), "id\n1\n");
    }
    const made = await processTempFolder("upload");
    expect(made).toMatch(new RegExp(`/mutubaku-upload-${process.pid}-\\w+$`));
    expect((await readdir(ownTmp())).sort()).toEqual(
      [`mutubaku-sample-${process.pid}-g7h8i9`, "mutubaku-upload-x1y2z3", "other-123-abc", made.slice(ownTmp().length + 1)].sort(),
    );
  });
});
