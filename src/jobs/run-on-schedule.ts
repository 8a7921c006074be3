import { Cron } from "croner";
import type { Logger } from "../log/logger.ts";

/**
 * Runs `run` now (the server's start) and then on `pattern`, never two runs of it at once (a run
 * that outlasts its interval is not started again), logging a failure with `failed` and going on
 * at the next run; `stop()` ends it.
 */
export function runOnSchedule(name: string, pattern: string, logger: Logger, failed: string, run: () => Promise<unknown>): Cron {
  const job = new Cron(pattern, { name, protect: true, catch: (err: unknown) => logger.error({ err }, failed) }, async () => {
    await run();
  });
  void job.trigger();
  return job;
}
