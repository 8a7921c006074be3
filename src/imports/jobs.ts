import { randomUUID } from "node:crypto";
import type { ImportProgress, ImportSummary } from "./run-import.ts";

// Imports started from the page run in the background so it can show their progress. A batch is
// one transaction, so its progress is not in the database until it ends; it is kept here, in the
// process that runs it. A job is its starter's: its id alone shows nobody else its progress.

export type JobState =
  | { state: "running"; progress: ImportProgress | null }
  | { state: "succeeded"; summary: ImportSummary }
  | { state: "failed"; error: string; batchId: number | null };

const KEEP_MS = 60 * 60 * 1000;

export class ImportJobs {
  private readonly jobs = new Map<string, { job: JobState; at: number; owner: number | null }>();

  start(run: (onProgress: (p: ImportProgress) => void) => Promise<ImportSummary>, describeError: (err: unknown) => { error: string; batchId: number | null }, owner: number | null): string {
    this.sweep();
    const id = randomUUID();
    const entry = { job: { state: "running", progress: null } as JobState, at: Date.now(), owner };
    this.jobs.set(id, entry);
    run((progress) => {
      entry.job = { state: "running", progress };
    }).then(
      (summary) => {
        entry.job = { state: "succeeded", summary };
      },
      (err: unknown) => {
        entry.job = { state: "failed", ...describeError(err) };
      },
    );
    return id;
  }

  get(id: string, owner: number | null): JobState | undefined {
    const entry = this.jobs.get(id);
    return entry && entry.owner === owner ? entry.job : undefined;
  }

  private sweep(): void {
    const old = Date.now() - KEEP_MS;
    for (const [id, e] of this.jobs) if (e.at < old && e.job.state !== "running") this.jobs.delete(id);
  }
}
