import { type Access, EVERY_OFFICE } from "../db/repos/access.ts";
import type { Kysely } from "kysely";
import type { Clock } from "../clock/index.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { transactionWithCopy } from "../db/connect.ts";
import { createStaging, finishBatch, insertRejects, mergeStaging, recordFailedBatch, stageRows, startBatch } from "../db/repos/imports.ts";
import { findOffice, listOffices } from "../db/repos/offices.ts";
import { evaluateOwnBatch, finishEvaluations } from "../evaluation/batch-evaluation.ts";
import type { DB } from "../db/schema.ts";
import { IngestError } from "../ingest/errors.ts";
import { loadProfile } from "../ingest/profile.ts";
import type { SourceSystem } from "../offices/schema.ts";
import { readFileChunks } from "./read-file.ts";

// One import: files of one office read by one profile, stored as one batch in one transaction.
// Every row read is counted once: inserted, updated, unchanged, a duplicate, or rejected.

export interface ImportFile {
  /** The name people know the file by (the upload's name). */
  name: string;
  /** Where it is on disk. */
  path: string;
}

export interface ImportRequest {
  office: string;
  /** Defaults to the profile of the office's source system. */
  profile?: string | undefined;
  files: ImportFile[];
  /** Sample data from the dashboard's "Muat data contoh": marked, so it can be removed. */
  sample?: boolean;
  /** Whose import it is: only their offices take it. Every office when the server's own programs ask (CLI, sample data). */
  access?: Access;
}

export interface ImportSummary {
  batchId: number;
  office: string;
  profile: string;
  files: string[];
  rowsRead: number;
  /**
   * The step occurrences the rows made: one a row in a step-row export, several in a wide one,
   * one per pair of events in an event log. inserted … older count occurrences, rejected rows.
   */
  occurrences: number;
  permits: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Exact repeats of a row (in a file, or across the import's files) dropped. */
  duplicates: number;
  /** Rows replaced by a later row of the same step that says something else (docs/profiles.md). */
  superseded: number;
  /** Rows older than what is stored of their step (it has finished since): kept, not applied. */
  older: number;
  rejected: number;
  unmappedStepNames: string[];
  unknownPermitTypes: string[];
  /** Permits whose SLA results were brought up to date after storing. */
  evaluated: number;
}

export interface ImportProgress {
  file: string;
  fileIndex: number;
  files: number;
  rows: number;
  phase: "reading" | "storing" | "evaluating";
  /** While evaluating: permits evaluated so far, of how many. */
  evaluated?: number;
  toEvaluate?: number;
}

/** The import as a whole cannot go on; nothing of it was stored. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly details: { file?: string; row?: number; field?: string; batchId?: number } = {},
  ) {
    super(message);
    this.name = "ImportError";
  }
}

const DEFAULT_PROFILE: Record<SourceSystem, string> = { sicantik: "sicantik", silastri: "silastri", simple: "simple" };

/** Rows staged per statement: big enough to be fast, small enough to keep memory flat. */
const CHUNK = 5_000;

export async function runImport(
  db: Kysely<DB>,
  clock: Clock,
  req: ImportRequest,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<ImportSummary> {
  const access = req.access ?? EVERY_OFFICE;
  const office = await findOffice(db, req.office, access);
  if (!office) {
    const known = (await listOffices(db, access)).map((o) => o.slug).sort().join(", ");
    throw new ImportError(`unknown office "${req.office}" (known: ${known})`);
  }
  if (req.files.length === 0) throw new ImportError("no files to import");
  const profileName = req.profile || DEFAULT_PROFILE[office.source_system];
  let profile;
  try {
    profile = await loadProfile(profileName);
  } catch (err) {
    if (err instanceof IngestError) throw new ImportError(`profile ${err.message}`);
    throw err;
  }
  const [latest] = await calendarVersions(db, office.calendar_id);
  const timezone = latest?.definition.timezone ?? "Asia/Jakarta";
  const fileNames = req.files.map((f) => f.name);
  const now = clock.now();

  let stored: Omit<ImportSummary, "evaluated">;
  try {
    stored = await transactionWithCopy(db, async (trx, copyInto) => {
      await createStaging(trx);
      const batchId = await startBatch(trx, office.id, profile.name, fileNames, req.sample ?? false);
      let rowsRead = 0;
      let rejected = 0;
      let duplicates = 0;
      let superseded = 0;
      let occurrences = 0;
      let pending: Promise<void> = Promise.resolve();
      for (const [fileIndex, file] of req.files.entries()) {
        // Occurrences and rejects so far: close to the rows read, for progress only.
        let seen = 0;
        const chunks = readFileChunks({ path: file.path, name: file.name, profile, timezone, now: now.getTime(), fileIndex, chunkRows: CHUNK });
        for await (const chunk of chunks) {
          // One chunk is written while the next is read: on PostgreSQL the server works on the other core.
          await pending;
          pending = stageRows(copyInto, chunk.text).then(() => insertRejects(trx, batchId, chunk.rejects));
          // Handled here so a failure waits, without crashing the process, for the await above.
          pending.catch(() => {});
          rejected += chunk.rejects.length;
          seen += chunk.seen;
          if (chunk.summary) {
            rowsRead += chunk.summary.rows;
            duplicates += chunk.summary.duplicates;
            superseded += chunk.summary.superseded;
            occurrences += chunk.summary.steps;
          }
          onProgress({ file: file.name, fileIndex, files: req.files.length, rows: seen, phase: "reading" });
        }
        await pending;
      }
      onProgress({ file: "", fileIndex: req.files.length, files: req.files.length, rows: rowsRead, phase: "storing" });
      const merged = await mergeStaging(trx, office.id, batchId);
      const summary = {
        batchId,
        office: office.slug,
        profile: profile.name,
        files: fileNames,
        rowsRead,
        occurrences,
        permits: merged.permits,
        inserted: merged.inserted,
        updated: merged.updated,
        unchanged: merged.unchanged,
        duplicates: duplicates + merged.repeated,
        superseded: superseded + merged.replaced,
        older: merged.older,
        rejected,
        unmappedStepNames: merged.unmappedStepNames,
        unknownPermitTypes: merged.unknownPermitTypes,
      };
      await finishBatch(trx, batchId, summary, clock.now());
      return summary;
    });
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    // The file could not be read at all: nothing was stored; the attempt is kept in the history.
    const batchId = await recordFailedBatch(db, { officeId: office.id, profile: profile.name, files: fileNames, error: err.message, at: clock.now() });
    throw new ImportError(err.message, { file: err.file, ...(err.row !== undefined ? { row: err.row } : {}), ...(err.field ? { field: err.field } : {}), batchId });
  }
  // The stored rows stand on their own; their SLA results follow in pages of their own (if this
  // is interrupted, the next import, `mutubaku evaluate` or the server's job finishes them).
  onProgress({ file: "", fileIndex: req.files.length, files: req.files.length, rows: stored.rowsRead, phase: "evaluating" });
  const evaluated = await evaluateOwnBatch(db, clock, stored.batchId, (done, total) =>
    onProgress({ file: "", fileIndex: req.files.length, files: req.files.length, rows: stored.rowsRead, phase: "evaluating", evaluated: done, toEvaluate: total }),
  );
  // What earlier imports left unevaluated (a killed process) is finished by the next one.
  await finishEvaluations(db, clock);
  return { ...stored, evaluated };
}
