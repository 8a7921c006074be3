import { rm } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import type { StagedReject } from "../db/repos/imports.ts";
import { IngestError, type IngestErrorCode } from "../ingest/errors.ts";
import type { NormalizeSummary } from "../ingest/occurrence.ts";
import type { Profile } from "../ingest/profile.ts";
import { processTempFolder } from "../temp/process-folder.ts";

// Reading and normalising an export runs in a worker thread (read-worker.ts) while this thread
// sends the previous chunk to the database: on PostgreSQL the two overlap with the server's work,
// and the worker's heap, where a million-row file makes its garbage, has a limit of its own.

export interface ReadJob {
  path: string;
  name: string;
  profile: Profile;
  timezone: string;
  /** Epoch milliseconds: after it, a date is in the future. */
  now: number;
  fileIndex: number;
  /** Staged rows and rejects per chunk. */
  chunkRows: number;
  /** Permits the reading remembers at once (default DEFAULT_MAX_PERMITS_IN_MEMORY). */
  maxPermitsInMemory?: number;
}

/** What the reading thread is given: the job, and the folder where it may set rows aside. */
export type WorkerJob = ReadJob & { spillDir: string };

export type ReadReply =
  | { kind: "chunk"; text: Uint8Array; rejects: StagedReject[]; seen: number; summary: NormalizeSummary | null }
  | { kind: "ingest_error"; code: IngestErrorCode; file: string; row: number | undefined; field: string | undefined; message: string }
  | { kind: "error"; message: string };

export interface ReadChunk {
  /** Staging rows as COPY text in UTF-8 (see stagedValues in src/db/repos/imports.ts). */
  text: Uint8Array;
  rejects: StagedReject[];
  /** Items normalised in this chunk, for progress. */
  seen: number;
  /** Set on the last chunk. */
  summary: NormalizeSummary | null;
}

/** Old generation of the worker's heap: its live data stays far below (≈ 100 MB for a million rows). */
const WORKER_HEAP_MB = 256;
/**
 * Young generation of the worker's heap. Left to V8, a 256 MB heap gets a small one, and the rows
 * of the open permits (docs/performance.md) were copied by a scavenge every few MB allocated. A
 * million-row import read in 27.5 s with 32 MB, 28.3 s with 64 MB, but 64 MB took the import's peak
 * to 424 MB, over its 400 MB budget (390 MB with 32).
 */
const WORKER_YOUNG_MB = 32;

/** The chunks of one file; the next chunk is prepared while the caller handles this one. */
export async function* readFileChunks(job: ReadJob): AsyncGenerator<ReadChunk> {
  // Made and removed here: the worker is terminated as soon as its part is done or the import
  // fails, without a chance to clean up after itself.
  const spillDir = await processTempFolder("import");
  const workerJob: WorkerJob = { ...job, spillDir };
  const worker = new Worker(new URL("./worker-boot.mjs", import.meta.url), {
    workerData: { ...workerJob, entry: new URL("./read-worker.ts", import.meta.url).href },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  // Replies arrive one per request; a crash of the worker answers every request still open.
  let waiting: { resolve: (r: ReadReply) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  worker.on("message", (r: ReadReply) => {
    waiting?.resolve(r);
    waiting = null;
  });
  const fail = (err: Error) => {
    failure ??= err;
    waiting?.reject(err);
    waiting = null;
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the import's reading thread stopped (exit code ${code})`)));
  const request = () =>
    new Promise<ReadReply>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting = { resolve, reject };
      worker.postMessage("next");
    });
  try {
    let next = request();
    for (;;) {
      const reply = await next;
      if (reply.kind === "ingest_error") {
        const err = new IngestError({ code: reply.code, file: reply.file, ...(reply.row !== undefined ? { row: reply.row } : {}), ...(reply.field !== undefined ? { field: reply.field } : {}), message: "" });
        // The message as the worker wrote it, with file and row already in it.
        err.message = reply.message;
        throw err;
      }
      if (reply.kind === "error") throw new Error(reply.message);
      if (reply.summary === null) {
        next = request();
        // Handled when awaited; this keeps a failure while the caller works from counting as unhandled.
        next.catch(() => {});
      }
      yield { text: reply.text, rejects: reply.rejects, seen: reply.seen, summary: reply.summary };
      if (reply.summary !== null) return;
    }
  } finally {
    await worker.terminate();
    await rm(spillDir, { recursive: true, force: true });
  }
}
