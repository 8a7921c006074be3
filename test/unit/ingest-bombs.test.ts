import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/ingest/readers/index.ts";
import { cpuSeconds, xesGzipBomb } from "../support/bombs.ts";
import { rowsOf, scratch } from "./ingest-helpers.ts";

// Compressed input is refused as soon as it expands past the ratio or the inflated-size cap,
// counted as zlib gives the bytes: a 4.4 MB .xes.gz of 1.1 GB took 98 s of CPU before. Where the
// refusal names how far it inflated, that figure proves the early stop; elsewhere a CPU bound
// twenty times under the cost of reading the whole bomb does, loose enough for a loaded machine.

const file = scratch();
const MiB = 1024 * 1024;

describe("compressed input past the limits", () => {
  it("refuses a 1 GiB .xes.gz bomb by its ratio after inflating a few MiB of it", async () => {
    const path = await file("bom.xes.gz");
    const { bytes } = await xesGzipBomb(path, 1024 * MiB);
    expect(bytes).toBeLessThan(5 * MiB);
    const err = await rowsOf(path).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({
      code: "too_large",
      file: "bom.xes.gz",
      message: expect.stringMatching(/^bom\.xes\.gz: the file expands more than 100 times \(\d+ MiB from \d+ KiB so far\), past the limit of 100: a compression bomb\?$/),
    });
    const inflated = Number(/\((\d+) MiB from/.exec((err as Error).message)![1]);
    expect(inflated).toBeLessThan(64);
  }, 30_000);

  it("refuses a .gz past the inflated-size cap as it inflates, whatever its ratio", async () => {
    const path = await file("besar.xes.gz");
    await xesGzipBomb(path, 1024 * MiB);
    const limits = { maxUncompressedBytes: 8 * MiB, maxCompressionRatio: 1_000_000 };
    const { seconds, result } = await cpuSeconds(() => rowsOf(path, { limits }));
    expect(result.status === "rejected" && result.reason).toMatchObject({
      code: "too_large",
      message: "besar.xes.gz: the file expands to more than the limit of 8 MiB uncompressed; export fewer rows per file",
    });
    expect(seconds).toBeLessThan(5);
  }, 30_000);

  it("reads a .xes.gz within the limits", async () => {
    const path = await file("kecil.xes.gz");
    await xesGzipBomb(path, 16 * MiB);
    // 16 MiB of one event repeated compresses ~1000 times: within the limits only when they allow it.
    const rows = await rowsOf(path, { limits: { ...DEFAULT_LIMITS, maxCompressionRatio: 10_000 } });
    expect(rows.length).toBeGreaterThan(100_000);
    expect(rows[0]?.fields).toMatchObject({ "case:concept:name": "503/KMP/2026/0001", "concept:name": "Verifikasi Berkas" });
  }, 60_000);
});
