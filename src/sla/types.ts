import type { Owner, TimeStandard } from "../sop/schema.ts";

// Plain inputs and outputs of the SLA evaluation (DOMAIN.md section 5). No database row types:
// the persistence layer maps its rows to these.

export interface SopStepForEvaluation {
  /** 1-based position in the SOP's step table. */
  position: number;
  description: string;
  owner: Owner | null;
  standard: TimeStandard | null;
  aliases: string[];
}

export interface SopForEvaluation {
  sopId: number;
  version: number;
  statedTotal: TimeStandard | null;
  steps: SopStepForEvaluation[];
}

export type StepRecordStatus = "finished" | "in_progress" | "waiting" | "skipped";

/** One occurrence of a step of a permit, as imported. */
export interface StepRecordInput {
  id: number;
  stepName: string;
  sequence: number | null;
  /** 1 the first time the step name occurs in the permit, 2 when redone, … */
  occurrence: number;
  startedAt: Date | null;
  endedAt: Date | null;
  status: StepRecordStatus;
  actor: string | null;
}

export interface PermitInput {
  id: number;
  submittedAt: Date | null;
  steps: StepRecordInput[];
}

/** Shares of a standard past which what is open is at risk: a warning, and an optional second one. */
export interface Thresholds {
  warn: number;
  warn2: number | null;
}

/**
 * The instants at which something open, running on the office's clock, passes its warning
 * share(s) and its standard: known in advance by the calendar, so a status can be read by comparing
 * "now" with them and an alert raised when one passes.
 */
export interface Crossings {
  warnAt: Date;
  warn2At: Date | null;
  lateAt: Date;
  /** The thresholds they were computed with. */
  thresholds: Thresholds;
}

export interface EvaluateOptions {
  /** Share of the standard past which an open step or permit is at risk (default 0.75). */
  warnShare?: number;
  /** The thresholds of a SOP step (by position), or of the permit's total (null); warnShare when absent. */
  thresholds?: (position: number | null) => Thresholds;
}

export type StepStatus = "on_time" | "late" | "open" | "at_risk" | "open_late" | "no_standard" | "not_measurable";

/** The statuses of what has not finished: they change as the clock moves. */
export const OPEN_STATUSES = ["open", "at_risk", "open_late"] as const satisfies readonly StepStatus[];

export interface StepVerdict {
  recordId: number;
  /** Position of the SOP step the record maps to; null when unmapped. */
  position: number | null;
  owner: Owner | null;
  standard: TimeStandard | null;
  startedAt: Date | null;
  endedAt: Date | null;
  dueAt: Date | null;
  /** Working seconds from the start to the end, or to `now` while open. */
  workingSeconds: number | null;
  calendarSeconds: number | null;
  /** Working seconds from the start to the due instant. */
  standardSeconds: number | null;
  /** workingSeconds / standardSeconds. */
  shareUsed: number | null;
  status: StepStatus;
  /** Why the record is not measurable; null otherwise. */
  reason: string | null;
  /** While open against a standard; null once ended. */
  crossings: Crossings | null;
}

export type PermitStatus = Exclude<StepStatus, "no_standard">;

export interface TotalStandard {
  /** "stated": the SOP's stated total; "sum": the non-applicant steps' standards in SOP order. */
  kind: "stated" | "sum";
  /** Human-readable, e.g. "2 days" or "15 minutes + 4 days + 10 minutes". */
  description: string;
}

export interface PermitVerdict {
  permitId: number;
  sopId: number | null;
  sopVersion: number | null;
  /** Start of the first step not owned by the applicant. */
  receivedAt: Date | null;
  totalStandard: TotalStandard | null;
  /** The total standard applied from receipt, pushed back by the applicant's time. */
  dueAt: Date | null;
  /**
   * End of the office's last step (the last not owned by the applicant), once every such step that
   * is not skipped has ended; the applicant's collection after it is not waited for.
   */
  finishedAt: Date | null;
  /**
   * The office's working seconds: from receipt to the finish, or to `now` while open, less the
   * applicant's pause (net).
   */
  workingSeconds: number | null;
  /** Calendar seconds from receipt to the finish or `now` (gross: the applicant's time included). */
  calendarSeconds: number | null;
  /** Working time of applicant-owned step occurrences between receipt and the finish (or `now`). */
  applicantPauseSeconds: number | null;
  /** The standard in working seconds from receipt, before the pause pushes the due back (net). */
  standardSeconds: number | null;
  /** workingSeconds / standardSeconds: the share of the office's standard the office used. */
  shareUsed: number | null;
  status: PermitStatus;
  reason: string | null;
  /** While open and on the office's clock; null once finished, or while the applicant holds it (paused). */
  crossings: Crossings | null;
}

export interface PermitEvaluation {
  permit: PermitVerdict;
  steps: StepVerdict[];
}
