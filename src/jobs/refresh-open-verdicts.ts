import type { Cron } from "croner";
import { runOnSchedule } from "./run-on-schedule.ts";
import type { Kysely } from "kysely";
import type { Clock } from "../clock/index.ts";
import type { DB } from "../db/schema.ts";
import { evaluatePermits } from "../evaluation/evaluate-permits.ts";
import type { Logger } from "../log/logger.ts";

// An open verdict's status needs no refresh: pages read it by comparing the clock with its stored
// crossing instants (src/db/repos/live-status.ts), exact at every read. What still ages is the
// working time and share of the standard an open verdict has used, stored as of its evaluation and
// shown in the lists, their exports and their "most used first" order: this job re-evaluates the
// open permits every half hour so those are at most that old. Not faster: a run re-evaluates every
// open permit (its cost grows with them) and changes the data version, emptying the page cache.

export const REFRESH_SCHEDULE = "*/30 * * * *";

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

/** Runs the refresh now and then every half hour (zone-independent); `stop()` ends it. */
export function scheduleOpenVerdictRefresh(deps: JobDeps): Cron {
  return runOnSchedule("refresh-open-verdicts", REFRESH_SCHEDULE, deps.logger, "re-evaluating open permits failed; it is tried again at the next run", () => refreshOpenVerdicts(deps));
}
