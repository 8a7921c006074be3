import type { Interner } from "./detach.ts";
import type { StepStatus } from "./profile.ts";

// What normalising an export yields (see normalize.ts).

export interface StepOccurrence {
  kind: "step";
  permitNumber: string;
  permitType: string | null;
  office: string | null;
  submittedAt: Date | null;
  permitFinishedAt: Date | null;
  permitStatus: string | null;
  /** Canonical name after the profile's aliases. */
  stepName: string;
  /** As written in the export (spaces folded). */
  sourceStepName: string;
  /** Order of the step within its permit (1-based). */
  sequence: number;
  /** 1 the first time this step name occurs in the permit, 2 when redone, … */
  occurrence: number;
  startedAt: Date | null;
  endedAt: Date | null;
  /** diproses_oleh / org:resource. */
  actor: string | null;
  status: StepStatus;
  /** The export's own id of the row the occurrence comes from, where there is one (never for wide exports). */
  sourceRecordId: string | null;
  source: { file: string; row: number };
  raw: Record<string, string>;
}

export interface RowReject {
  kind: "reject";
  file: string;
  row: number;
  /** The column at fault, as named in the file; null when the row as a whole is. */
  field: string | null;
  reason: string;
  /** The row's cells as JSON. */
  raw: string;
}

/** Always the last item of a normalisation. */
export interface NormalizeSummary {
  kind: "summary";
  /** Rows read from the source. */
  rows: number;
  steps: number;
  rejects: number;
  /** Exact repeats of an earlier row of the same permit (repeated syncs), dropped. */
  duplicates: number;
  /** Rows replaced by a later row with the same record id (or, in wide exports, the same permit). */
  superseded: number;
  permits: number;
}

export type NormalizedItem = StepOccurrence | RowReject | NormalizeSummary;

/** Permit-level values as a row gives them; instants in ms. */
export interface PermitFields {
  permitNumber: string;
  permitType: string | null;
  office: string | null;
  submittedAt: number | null;
  permitFinishedAt: number | null;
  permitStatus: string | null;
}

/** What every shape reads from a row before its own cells: the permit-level values, and more. */
export interface BaseRow extends PermitFields {
  row: number;
  recordId: string | null;
  raw: Record<string, string>;
  fingerprint: number;
}

/** Everything known of a permit across the groups of its rows read so far. */
export interface PermitMemory<S> {
  permit: PermitFields;
  shape: S;
  /** Where the permit's text is kept (shared by all permits). */
  text: Interner;
}

export interface Sink {
  step(o: StepOccurrence): void;
  reject(r: RowReject): void;
  superseded(n: number): void;
}

/** Later rows fill in what earlier ones left empty, and win where both have a value. */
export function mergePermit(memory: PermitMemory<unknown>, row: PermitFields): void {
  const into = memory.permit;
  if (row.permitType !== null && row.permitType !== into.permitType) into.permitType = memory.text.get(row.permitType);
  if (row.office !== null && row.office !== into.office) into.office = memory.text.get(row.office);
  if (row.submittedAt !== null) into.submittedAt = row.submittedAt;
  if (row.permitFinishedAt !== null) into.permitFinishedAt = row.permitFinishedAt;
  if (row.permitStatus !== null && row.permitStatus !== into.permitStatus) into.permitStatus = memory.text.get(row.permitStatus);
}

const dateOf = (t: number | null): Date | null => (t === null ? null : new Date(t));

export interface StepValues {
  stepName: string;
  sourceStepName: string;
  sequence: number;
  occurrence: number;
  startedAt: number | null;
  endedAt: number | null;
  actor: string | null;
  status: StepStatus;
  sourceRecordId: string | null;
}

/** An occurrence whose permit-level values emitSteps() fills in. */
export function stepOccurrence(file: string, row: BaseRow, v: StepValues): StepOccurrence {
  return {
    kind: "step",
    permitNumber: row.permitNumber,
    permitType: null,
    office: null,
    submittedAt: null,
    permitFinishedAt: null,
    permitStatus: null,
    stepName: v.stepName,
    sourceStepName: v.sourceStepName,
    sequence: v.sequence,
    occurrence: v.occurrence,
    startedAt: dateOf(v.startedAt),
    endedAt: dateOf(v.endedAt),
    actor: v.actor,
    status: v.status,
    sourceRecordId: v.sourceRecordId,
    source: { file, row: row.row },
    raw: row.raw,
  };
}

/**
 * Hands on a group's occurrences with the permit's values as known once the whole group is read,
 * so every step of a permit carries the same. (The permit's dates are shared Date objects.)
 */
export function emitSteps(steps: readonly StepOccurrence[], permit: PermitFields, sink: Sink): void {
  const submittedAt = dateOf(permit.submittedAt);
  const finishedAt = dateOf(permit.permitFinishedAt);
  for (const s of steps) {
    s.permitType = permit.permitType;
    s.office = permit.office;
    s.submittedAt = submittedAt;
    s.permitFinishedAt = finishedAt;
    s.permitStatus = permit.permitStatus;
    sink.step(s);
  }
}

export function rowReject(file: string, row: { row: number; raw: Record<string, string> }, field: string | null, reason: string): RowReject {
  return { kind: "reject", file, row: row.row, field, reason, raw: JSON.stringify(row.raw) };
}

/**
 * The occurrence number of the next step of a permit named `stepName`, given the names of its
 * steps so far (appended to). An array, not a map: a permit has a handful of steps, and a map per
 * permit weighs on memory and the garbage collector over a million rows.
 */
export function nextOccurrence(names: string[], stepName: string): number {
  let n = 1;
  for (const name of names) if (name === stepName) n++;
  names.push(stepName);
  return n;
}
