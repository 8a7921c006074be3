import type { Cron } from "croner";
import { runOnSchedule } from "./run-on-schedule.ts";
import { sql } from "kysely";
import { ALERT_JOB_LOCK } from "../db/locks.ts";
import { takeCrossed } from "../db/repos/alert-crossings.ts";
import { enqueueAlertDeliveries } from "../db/repos/alert-deliveries.ts";
import { raiseAlerts } from "../db/repos/alerts.ts";
import type { JobDeps } from "./refresh-open-verdicts.ts";

// Every minute, the crossings whose instant has passed become alerts: read off the queue's index
// (what has crossed since the last run, not every open permit). One runner at a time across
// processes (an advisory lock; the one that finds it taken skips the minute), and the alerts'
// unique key makes a repeat add nothing.

export const ALERT_SCHEDULE = "* * * * *";

export interface RaisedAlerts {
  /** False when another process held the job this minute. */
  ran: boolean;
  alertIds: number[];
}

export async function raiseDueAlerts({ db, clock }: Pick<JobDeps, "db" | "clock">): Promise<RaisedAlerts> {
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(${ALERT_JOB_LOCK}) as got`.execute(trx);
    if (!rows[0]?.got) return { ran: false, alertIds: [] };
    const taken = await takeCrossed(trx, now);
    const alertIds = await raiseAlerts(trx, taken, now);
    await enqueueAlertDeliveries(trx, alertIds, now);
    return { ran: true, alertIds };
  });
}

/** Runs the alert job now and then at the start of every minute; `stop()` ends it. */
export function scheduleAlertJob(deps: JobDeps): Cron {
  return runOnSchedule("raise-alerts", ALERT_SCHEDULE, deps.logger, "raising alerts failed; what has crossed is taken at the next run", async () => {
    const r = await raiseDueAlerts(deps);
    if (r.alertIds.length > 0) deps.logger.info({ alerts: r.alertIds.length }, "alerts raised");
  });
}
