import { parentPort, workerData } from "node:worker_threads";
import { CopyText } from "../db/bulk-insert.ts";
import { stagedValues, type StagedReject } from "../db/repos/imports.ts";
import { IngestError } from "../ingest/errors.ts";
import { ingestFile } from "../ingest/normalize.ts";
import type { NormalizeSummary } from "../ingest/occurrence.ts";
import type { ReadReply, WorkerJob } from "./read-file.ts";

// The worker side of read-file.ts: reads and normalises one export and hands it over in chunks of
// staging rows already written out as COPY text, one chunk each time it is asked for one.

const job = workerData as WorkerJob;
const port = parentPort!;
const items = ingestFile(job.path, job.profile, {
  name: job.name,
  timezone: job.timezone,
  now: new Date(job.now),
  spillDir: job.spillDir,
  maxPermitsInMemory: job.maxPermitsInMemory,
});

async function nextChunk(): Promise<ReadReply> {
  const steps = new CopyText();
  const rejects: StagedReject[] = [];
  let seen = 0;
  let summary: NormalizeSummary | null = null;
  while (steps.rows + rejects.length < job.chunkRows && summary === null) {
    const next = await items.next();
    if (next.done) break;
    for (const item of next.value) {
      if (item.kind === "step") steps.add(stagedValues(item, job.fileIndex));
      else if (item.kind === "reject") rejects.push({ file: item.file, row: item.row, field: item.field, reason: item.reason, raw: item.raw });
      else summary = item;
      seen++;
    }
  }
  return { kind: "chunk", text: steps.take(), rejects, seen, summary };
}

port.on("message", () => {
  nextChunk().then(
    // The bytes move to the other thread rather than being copied.
    (reply) => port.postMessage(reply, reply.kind === "chunk" ? [reply.text.buffer as ArrayBuffer] : []),
    (err: unknown) => {
      const reply: ReadReply =
        err instanceof IngestError
          ? { kind: "ingest_error", code: err.code, file: err.file, row: err.row, field: err.field, message: err.message }
          : { kind: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
      port.postMessage(reply);
    },
  );
});
