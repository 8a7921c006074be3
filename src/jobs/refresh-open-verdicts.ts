import { Cron } from "croner";
import type { Kysely } from "kysely";
import type { Clock } from "../clock/index.ts";
import type { DB } from "../db/schema.ts";
import { evaluatePermits } from "../evaluation/evaluate-permits.ts";
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

/** Runs the refresh now and then every five minutes (zone-independent); `stop()` ends it. */
export function scheduleOpenVerdictRefresh(deps: JobDeps): Cron {
  const job = new Cron(
    REFRESH_SCHEDULE,
    {
      name: "refresh-open-verdicts",
      // A run that outlasts five minutes is not started twice.
      protect: true,
      catch: (err: unknown) => deps.logger.error({ err }, "re-evaluating open permits failed; it is tried again at the next run"),
    },
    () => refreshOpenVerdicts(deps).then(() => undefined),
  );
  void job.trigger();
  return job;
}
