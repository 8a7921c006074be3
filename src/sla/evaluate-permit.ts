import { addWorkingSeconds, dueAt, workingSecondsBetween, type Calendar } from "../calendar/index.ts";
import type { TimeStandard } from "../sop/schema.ts";
import { calendarSecondsBetween, crossingsOf, DEFAULT_WARN_SHARE, evaluateStep, openStatus, share } from "./evaluate-step.ts";
import { mapStep } from "./map-step.ts";
import type {
  EvaluateOptions,
  PermitEvaluation,
  PermitInput,
  PermitVerdict,
  SopForEvaluation,
  SopStepForEvaluation,
  StepRecordInput,
  Thresholds,
  TotalStandard,
} from "./types.ts";

interface MappedRecord {
  record: StepRecordInput;
  step: SopStepForEvaluation | null;
}

const describeStandard = (s: TimeStandard): string => `${s.value} ${s.unit}${s.value === 1 ? "" : "s"}`;

/** Rule 6: the stated total, else the non-applicant steps' standards, in SOP order. */
function totalStandard(sop: SopForEvaluation): TotalStandard & { parts: TimeStandard[] } {
  if (sop.statedTotal !== null) return { kind: "stated", description: describeStandard(sop.statedTotal), parts: [sop.statedTotal] };
  const parts = [...sop.steps]
    .sort((a, b) => a.position - b.position)
    .flatMap((s) => (s.owner !== "applicant" && s.standard !== null ? [s.standard] : []));
  return { kind: "sum", description: parts.map(describeStandard).join(" + "), parts };
}

/** A record that has started and counts (not skipped, not still waiting). */
const hasRun = (r: StepRecordInput): r is StepRecordInput & { startedAt: Date } =>
  r.startedAt !== null && r.status !== "skipped" && r.status !== "waiting";

/**
 * Receipt: the earliest start of a step not owned by the applicant. An unmapped step name counts
 * as the office's: only a step known to be the applicant's is excluded.
 */
function receiptOf(records: MappedRecord[]): Date | null {
  let first: Date | null = null;
  for (const { record, step } of records) {
    if (!hasRun(record) || step?.owner === "applicant") continue;
    if (first === null || record.startedAt.getTime() < first.getTime()) first = record.startedAt;
  }
  return first;
}

/**
 * An applicant step placed after every step the applicant does not own (collecting the permit):
 * the office's work is done before it starts, so it is neither pause nor part of the permit's time.
 */
function isCollection(sop: SopForEvaluation, step: SopStepForEvaluation | null): boolean {
  return step?.owner === "applicant" && sop.steps.every((s) => s.owner === "applicant" || s.position < step.position);
}

/**
 * Rule 6: the end of the office's last step (the last not owned by the applicant), once every such
 * step that is not skipped has ended; null while any is open. The applicant's collection, done or
 * not, never holds the permit open; an applicant step before the office's last one (a file sent
 * back) that is still open does, as the office's next step has not begun (an export of events
 * lists no record for it yet).
 */
function finishOf(records: MappedRecord[], sop: SopForEvaluation): Date | null {
  let last: Date | null = null;
  for (const { record, step } of records) {
    if (record.status === "skipped") continue;
    const ended = record.status === "finished" && record.endedAt !== null;
    if (step?.owner === "applicant") {
      if (!ended && record.status !== "waiting" && !isCollection(sop, step)) return null;
      continue;
    }
    if (!ended) return null;
    if (last === null || record.endedAt!.getTime() > last.getTime()) last = record.endedAt;
  }
  return last;
}

/**
 * Working time of the applicant's step occurrences inside [receipt, horizon): only those that
 * start before the permit's finish pause its clock.
 */
function applicantPause(records: MappedRecord[], receipt: Date, horizon: Date, calendar: Calendar): number {
  const spans = records.filter(({ record, step }) => step?.owner === "applicant" && hasRun(record)).map(({ record }) => ({ start: record.startedAt!, end: record.endedAt }));
  return pauseWithin(spans, receipt, horizon, calendar);
}

/**
 * Working seconds of applicant spans (an open one runs on) inside [receipt, horizon), overlaps
 * merged so no applicant minute pauses the clock twice. The report judges permits open at a
 * period's end by it, as the evaluation does now.
 */
export function pauseWithin(spans: ReadonlyArray<{ start: Date; end: Date | null }>, receipt: Date, horizon: Date, calendar: Calendar): number {
  const clipped: Array<[number, number]> = [];
  for (const { start, end } of spans) {
    const from = Math.max(start.getTime(), receipt.getTime());
    const to = Math.min(end?.getTime() ?? horizon.getTime(), horizon.getTime());
    if (to > from) clipped.push([from, to]);
  }
  clipped.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | null = null;
  for (const span of clipped) {
    if (current !== null && span[0] <= current[1]) current[1] = Math.max(current[1], span[1]);
    else {
      if (current !== null) total += workingSecondsBetween(calendar, new Date(current[0]), new Date(current[1]));
      current = [span[0], span[1]];
    }
  }
  if (current !== null) total += workingSecondsBetween(calendar, new Date(current[0]), new Date(current[1]));
  return total;
}

function judgePermit(
  permit: PermitInput,
  records: MappedRecord[],
  sop: SopForEvaluation | null,
  calendar: Calendar,
  now: Date,
  thresholds: Thresholds,
): PermitVerdict {
  const base: PermitVerdict = {
    permitId: permit.id,
    sopId: sop?.sopId ?? null,
    sopVersion: sop?.version ?? null,
    receivedAt: null,
    totalStandard: null,
    dueAt: null,
    finishedAt: null,
    workingSeconds: null,
    calendarSeconds: null,
    applicantPauseSeconds: null,
    standardSeconds: null,
    shareUsed: null,
    status: "not_measurable",
    reason: null,
    crossings: null,
  };
  if (sop === null) return { ...base, reason: "no SOP for the permit" };
  const { parts, ...total } = totalStandard(sop);
  const receivedAt = receiptOf(records);
  const finishedAt = finishOf(records, sop);
  const known = { ...base, totalStandard: total, receivedAt, finishedAt };
  if (parts.length === 0) return { ...known, reason: "the SOP states no total and its steps no standard" };
  if (receivedAt === null) return { ...known, reason: "no step outside the applicant's has started" };

  // An open permit runs until `now`; a `now` before receipt counts as no time yet.
  const horizon = finishedAt ?? new Date(Math.max(now.getTime(), receivedAt.getTime()));
  const applicantPauseSeconds = applicantPause(records, receivedAt, horizon, calendar);
  const baseDue = parts.reduce((t, s) => dueAt(calendar, t, s), receivedAt);
  const due = addWorkingSeconds(calendar, baseDue, applicantPauseSeconds);
  // The office's own time against its own standard: both net of the applicant's pause (the due
  // instant, pushed back by the pause, is the same either way).
  const workingSeconds = workingSecondsBetween(calendar, receivedAt, horizon) - applicantPauseSeconds;
  const standardSeconds = workingSecondsBetween(calendar, receivedAt, baseDue);
  const shareUsed = share(workingSeconds, standardSeconds);
  const status =
    finishedAt !== null ? (finishedAt.getTime() <= due.getTime() ? "on_time" : "late") : openStatus(now, due, shareUsed, thresholds.warn);
  // While the applicant holds the file the office's clock stands still: when it passes a share is
  // not known until the file comes back (the next evaluation after that import).
  const running = finishedAt === null && !heldByApplicant(records, sop) && standardSeconds > 0;
  return {
    ...known,
    dueAt: due,
    workingSeconds,
    calendarSeconds: calendarSecondsBetween(receivedAt, horizon),
    applicantPauseSeconds,
    standardSeconds,
    shareUsed,
    status,
    crossings: running ? crossingsOf(calendar, receivedAt, applicantPauseSeconds, standardSeconds, due, thresholds) : null,
  };
}

/** An applicant step (not the final collection) that has started and not ended: the permit is paused. */
function heldByApplicant(records: MappedRecord[], sop: SopForEvaluation): boolean {
  return records.some(({ record, step }) => step?.owner === "applicant" && hasRun(record) && record.endedAt === null && !isCollection(sop, step));
}

/**
 * Evaluates a permit and each of its step occurrences against its SOP (null when none is known)
 * and the office's calendar, as of `now` (DOMAIN.md section 5; docs/sla-evaluation.md).
 */
export function evaluatePermit(
  permit: PermitInput,
  sop: SopForEvaluation | null,
  calendar: Calendar,
  now: Date,
  options: EvaluateOptions = {},
): PermitEvaluation {
  const fallback: Thresholds = { warn: options.warnShare ?? DEFAULT_WARN_SHARE, warn2: null };
  const thresholds = options.thresholds ?? (() => fallback);
  const records = permit.steps.map((record) => ({ record, step: sop === null ? null : mapStep(sop, record.stepName) }));
  const steps = records.map(({ record, step }) => evaluateStep(record, step, sop === null, calendar, now, thresholds(step?.position ?? null)));
  return { permit: judgePermit(permit, records, sop, calendar, now, thresholds(null)), steps };
}
