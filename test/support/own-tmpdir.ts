import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

/**
 * Points TMPDIR (which os.tmpdir() follows) at a fresh folder for the test file, so what the code
 * under test leaves there is its own; restored and removed after. Returns the folder's path.
 */
export function useOwnTmpdir(prefix: string): () => string {
  let dir = "";
  const previous = process.env.TMPDIR;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    process.env.TMPDIR = dir;
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
