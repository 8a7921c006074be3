import type { Kysely } from "kysely";
import type { Clock } from "../clock/index.ts";
import { withSessionLock } from "../db/connect.ts";
import { BATCH_EVALUATION_LOCK, OUTDATED_EVALUATION_LOCK } from "../db/locks.ts";
import { batchesAwaitingEvaluation, batchIsAwaitingEvaluation, countBatchPermits, markBatchEvaluated } from "../db/repos/imports.ts";
import type { DB } from "../db/schema.ts";
import { type EvaluationProgress, evaluatePermits } from "./evaluate-permits.ts";

// An import stores its rows, then evaluates the permits it changed; its batch counts as succeeded
// only once that evaluation has ended. A process stopped in between (a kill, a crash, a restart)
// leaves the batch "evaluating": every import, every `mutubaku evaluate` and the server's job of
// every minute finish such batches. One advisory lock per batch keeps two processes from
// evaluating the same batch at once, and it ends with its holder's connection, so a killed
// evaluation is taken over at once (and the import history tells it apart as interrupted).


/**
 * Evaluates the permits an import listed as inserted or changed, then records on its batch that
 * this is done (the batch is then succeeded). Null when another holder is evaluating it now, or
 * it was finished meanwhile.
 */
export async function evaluateImportBatch(db: Kysely<DB>, clock: Clock, batchId: number, onProgress?: EvaluationProgress): Promise<{ permits: number } | null> {
  const run = await withSessionLock(db, [BATCH_EVALUATION_LOCK, batchId], async () => {
    // Listed as awaiting before the lock was taken: another process may have finished it since.
    if (!(await batchIsAwaitingEvaluation(db, batchId))) return null;
    const result = await evaluatePermits(db, clock, { batchId }, onProgress);
    await markBatchEvaluated(db, batchId, clock.now());
    return result;
  });
  return run.held ? run.value : null;
}

/**
 * An import's evaluation of its own batch, which it waits for: a catch-up of another process may
 * have taken the batch between the import's commit and this call (then it waits for that one, and
 * takes over should that process stop). Returns how many permits the batch listed.
 */
export async function evaluateOwnBatch(db: Kysely<DB>, clock: Clock, batchId: number, onProgress?: EvaluationProgress): Promise<number> {
  for (;;) {
    const done = await evaluateImportBatch(db, clock, batchId, onProgress);
    if (done) return done.permits;
    if (!(await batchIsAwaitingEvaluation(db, batchId))) return countBatchPermits(db, batchId);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface FinishedEvaluations {
  /** Batches whose evaluation was finished here. */
  batches: Array<{ batchId: number; permits: number }>;
  /** Permits evaluated that had no verdict, or one made by older SLA rules. */
  outdated: number;
}

/**
 * Finishes what evaluations left undone: every batch still evaluating that nobody is working on
 * (oldest first), then permits without a verdict or with one of older rules (RULES_VERSION). A
 * batch another process holds is left to it.
 */
export async function finishEvaluations(db: Kysely<DB>, clock: Clock): Promise<FinishedEvaluations> {
  const batches: FinishedEvaluations["batches"] = [];
  for (const batchId of await batchesAwaitingEvaluation(db)) {
    const done = await evaluateImportBatch(db, clock, batchId);
    if (done) batches.push({ batchId, permits: done.permits });
  }
  const outdated = await withSessionLock(db, [OUTDATED_EVALUATION_LOCK, 0], () => evaluatePermits(db, clock, { outdated: true }));
  return { batches, outdated: outdated.held ? outdated.value.permits : 0 };
}
