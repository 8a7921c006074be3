import type { Cron } from "croner";
import { runOnSchedule } from "./run-on-schedule.ts";
import { finishEvaluations } from "../evaluation/batch-evaluation.ts";
import type { JobDeps } from "./refresh-open-verdicts.ts";

// A running server finishes, within a minute, any import evaluation that a stopped process left
// undone (src/evaluation/batch-evaluation.ts), and redoes verdicts of older SLA rules.

export const FINISH_EVALUATIONS_SCHEDULE = "* * * * *";

/** One catch-up: returns how many permits it evaluated. */
export async function runFinishEvaluations({ db, clock, logger }: JobDeps): Promise<number> {
  const done = await finishEvaluations(db, clock);
  for (const b of done.batches) logger.info({ batchId: b.batchId, permits: b.permits }, "an interrupted import's SLA evaluation was finished");
  if (done.outdated > 0) logger.info({ permits: done.outdated }, "permits stored without SLA results, or with results of older rules, evaluated");
  return done.batches.reduce((n, b) => n + b.permits, 0) + done.outdated;
}

/** Runs the catch-up now (the server's start) and then every minute; `stop()` ends it. */
export function scheduleFinishEvaluations(deps: JobDeps): Cron {
  return runOnSchedule("finish-evaluations", FINISH_EVALUATIONS_SCHEDULE, deps.logger, "finishing interrupted SLA evaluations failed; it is tried again in a minute", () => runFinishEvaluations(deps));
}
