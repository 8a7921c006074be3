import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { ingestFile, normalizeBatches, type NormalizedItem, type NormalizeSummary, type RowReject, type StepOccurrence } from "../../src/ingest/normalize.ts";
import { loadProfile } from "../../src/ingest/profile.ts";
import { readFileRows, type ReadOptions, type SourceRow } from "../../src/ingest/readers/index.ts";

// Shared by the test/unit/ingest-*.test.ts files.

export const TZ = "Asia/Jakarta";
export const NOW = new Date("2026-06-01T00:00:00+07:00");

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/ingest/${name}`, import.meta.url));
}

/** A temporary directory for files written by one test file, removed after it. */
export function scratch(): (name: string, content?: string | Uint8Array) => Promise<string> {
  let dir: string | null = null;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return async (name, content) => {
    dir ??= await mkdtemp(join(tmpdir(), "mutubaku-ingest-"));
    const path = join(dir, name);
    if (content !== undefined) await writeFile(path, content);
    return path;
  };
}

export async function rowsOf(path: string, options: ReadOptions = {}): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readFileRows(path, options)) rows.push(row);
  return rows;
}

export interface Result {
  steps: StepOccurrence[];
  rejects: RowReject[];
  summary: NormalizeSummary;
}

interface IngestTestOptions extends ReadOptions {
  windowRows?: number;
  maxBufferedRows?: number;
  now?: Date;
  /** Hand rows to the normaliser one at a time (the buffer's windows are checked after each). */
  oneByOne?: boolean;
}

async function collect(batches: AsyncIterable<NormalizedItem[]>): Promise<Result> {
  const steps: StepOccurrence[] = [];
  const rejects: RowReject[] = [];
  let summary: NormalizeSummary | null = null;
  for await (const batch of batches) {
    for (const item of batch) {
      if (item.kind === "step") steps.push(item);
      else if (item.kind === "reject") rejects.push(item);
      else summary = item;
    }
  }
  if (!summary) throw new Error("no summary");
  return { steps, rejects, summary };
}

export async function ingest(path: string, profileName: string, options: IngestTestOptions = {}): Promise<Result> {
  const profile = await loadProfile(profileName);
  const normalizeOptions = { timezone: TZ, now: NOW, ...options };
  if (options.oneByOne) {
    return collect(normalizeBatches(readFileRows(path, options), profile, { ...normalizeOptions, file: basename(path) }));
  }
  return collect(ingestFile(path, profile, normalizeOptions));
}

/** Wall time in WIB written as an ISO instant, for comparing with results. */
export function wib(local: string): string {
  return new Date(`${local.replace(" ", "T")}+07:00`).toISOString();
}
