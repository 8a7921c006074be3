import { Cron } from "croner";
import type { Kysely } from "kysely";
import type { Clock } from "../clock/index.ts";
import { batchesAwaitingEvaluation } from "../db/repos/imports.ts";
import type { DB } from "../db/schema.ts";
import { evaluateImportBatch, evaluatePermits } from "../evaluation/evaluate-permits.ts";
import type { Logger } from "../log/logger.ts";

// An open permit's status ages with the clock: "open" becomes "at risk" past 75 % of its
// standard and "open and late" past its due, without any new data. Its stored verdict is
// therefore recomputed on a schedule, so pages and alerts read a status at most this old.

export const REFRESH_SCHEDULE = "*/5 * * * *";

export interface JobDeps {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
}

/** Recomputes the verdicts of every permit still open; returns how many. */
export async function refreshOpenVerdicts({ db, clock, logger }: JobDeps): Promise<number> {
  const started = Date.now();
  const { permits } = await evaluatePermits(db, clock, { open: true });
  logger.debug({ permits, ms: Date.now() - started }, "open permits re-evaluated");
  return permits;
}

/**
 * Finishes evaluations that imports did not get to: an import evaluates the permits it changed
 * after its own transaction commits, so a process stopped in between leaves them stored with old
 * verdicts or none, wrong or missing in every figure. Each such batch is evaluated, then any
 * permit still without a verdict (imported before batches recorded their evaluation) or with one
 * made by older SLA rules (RULES_VERSION: a migration marks them when the rules change). Run when
 * the server starts, not on every refresh, where it would redo the work of an import still
 * evaluating.
 */
export async function evaluateUnjudgedPermits({ db, clock, logger }: JobDeps): Promise<number> {
  let permits = 0;
  for (const batchId of await batchesAwaitingEvaluation(db)) {
    const batch = await evaluateImportBatch(db, clock, batchId);
    logger.info({ batchId, permits: batch.permits }, "an import's SLA evaluation finished after a restart");
    permits += batch.permits;
  }
  const unjudged = await evaluatePermits(db, clock, { outdated: true });
  if (unjudged.permits > 0) logger.info({ permits: unjudged.permits }, "permits stored without SLA results, or with results of older rules, evaluated");
  return permits + unjudged.permits;
}

/**
 * Runs the refresh now, after evaluating any permit left without a verdict, and then every five
 * minutes (zone-independent); `stop()` ends it.
 */
export function scheduleOpenVerdictRefresh(deps: JobDeps): Cron {
  let starting = true;
  const job = new Cron(
    REFRESH_SCHEDULE,
    {
      name: "refresh-open-verdicts",
      // A run that outlasts five minutes is not started twice.
      protect: true,
      catch: (err: unknown) => deps.logger.error({ err }, "re-evaluating open permits failed; it is tried again at the next run"),
    },
    async () => {
      if (starting) {
        try {
          await evaluateUnjudgedPermits(deps);
          // Only once it has succeeded: a failure is tried again at the next run.
          starting = false;
        } catch (err) {
          // Open permits still age meanwhile: a catch-up that fails does not hold up the refresh.
          deps.logger.error({ err }, "evaluating what imports left unevaluated failed; it is tried again at the next run");
        }
      }
      await refreshOpenVerdicts(deps);
    },
  );
  void job.trigger();
  return job;
}
