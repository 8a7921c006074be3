import { addWorkingSeconds, dueAt, workingSecondsBetween, type Calendar } from "../calendar/index.ts";
import type { Crossings, SopStepForEvaluation, StepRecordInput, StepVerdict, Thresholds } from "./types.ts";

export const DEFAULT_WARN_SHARE = 0.75;

/**
 * Status of something still open (a step or a permit), DOMAIN.md section 5 rule 5: late once `now`
 * is past its due, at risk once the share of its standard used is past the warning share.
 */
export function openStatus(now: Date, due: Date, shareUsed: number | null, warnShare: number): "open" | "at_risk" | "open_late" {
  if (now.getTime() > due.getTime()) return "open_late";
  if (shareUsed !== null && shareUsed > warnShare) return "at_risk";
  return "open";
}

// Null when the standard spans no working time, so no share of it can be used.
export function share(used: number, standard: number): number | null {
  return standard > 0 ? used / standard : null;
}

/**
 * The crossing instants of something open whose office clock started at `start` and has `pause`
 * working seconds of the applicant's behind it (none for a step): the warning shares of
 * `standardSeconds` are passed when that much of the office's own time is used; the standard at `due`.
 */
export function crossingsOf(calendar: Calendar, start: Date, pause: number, standardSeconds: number, due: Date, t: Thresholds): Crossings {
  const at = (share: number) => addWorkingSeconds(calendar, start, share * standardSeconds + pause);
  return { warnAt: at(t.warn), warn2At: t.warn2 === null ? null : at(t.warn2), lateAt: due, thresholds: t };
}

/**
 * What something open and running on the office's clock (a verdict with crossing instants) has
 * used by `now`, from the working time it had used when evaluated: its clock has run on since, as
 * only new data, which evaluates it again, can stop it.
 */
export function usedBy(calendar: Calendar, workingSeconds: number, standardSeconds: number | null, evaluatedAt: Date, now: Date): { workingSeconds: number; shareUsed: number | null } {
  const used = workingSeconds + (now.getTime() > evaluatedAt.getTime() ? workingSecondsBetween(calendar, evaluatedAt, now) : 0);
  return { workingSeconds: used, shareUsed: standardSeconds === null ? null : share(used, standardSeconds) };
}

export const calendarSecondsBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 1000;

/**
 * Judges one step occurrence on its own (rule 7) against the SOP step it maps to (`step`, null when
 * unmapped; `sopMissing` when the permit has no SOP at all).
 */
export function evaluateStep(
  record: StepRecordInput,
  step: SopStepForEvaluation | null,
  sopMissing: boolean,
  calendar: Calendar,
  now: Date,
  thresholds: Thresholds,
): StepVerdict {
  const base: StepVerdict = {
    recordId: record.id,
    position: step?.position ?? null,
    owner: step?.owner ?? null,
    standard: step?.standard ?? null,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    dueAt: null,
    workingSeconds: null,
    calendarSeconds: null,
    standardSeconds: null,
    shareUsed: null,
    status: "not_measurable",
    reason: null,
    crossings: null,
  };
  const unmeasurable = (reason: string): StepVerdict => ({ ...base, reason });

  if (sopMissing) return unmeasurable("no SOP for the permit");
  if (record.status === "skipped") return unmeasurable("skipped (Drop)");
  if (record.status === "waiting") return unmeasurable("waiting (not started)");
  if (step === null) return unmeasurable(`step name "${record.stepName}" matches no SOP step`);
  const start = record.startedAt;
  if (start === null) return unmeasurable("no start time");
  const end = record.endedAt;
  if (end !== null && end.getTime() < start.getTime()) return unmeasurable("end before start");
  if (end === null && record.status === "finished") return unmeasurable("finished without an end time");

  // An open step runs until `now`; a `now` before its start counts as no time yet.
  const until = end ?? (now.getTime() > start.getTime() ? now : start);
  const workingSeconds = workingSecondsBetween(calendar, start, until);
  const measured: StepVerdict = { ...base, workingSeconds, calendarSeconds: calendarSecondsBetween(start, until) };
  if (step.standard === null) return { ...measured, status: "no_standard" };

  const due = dueAt(calendar, start, step.standard);
  const standardSeconds = workingSecondsBetween(calendar, start, due);
  const shareUsed = share(workingSeconds, standardSeconds);
  const status = end !== null ? (end.getTime() <= due.getTime() ? "on_time" : "late") : openStatus(now, due, shareUsed, thresholds.warn);
  const crossings = end === null && standardSeconds > 0 ? crossingsOf(calendar, start, 0, standardSeconds, due, thresholds) : null;
  return { ...measured, dueAt: due, standardSeconds, shareUsed, status, crossings };
}
