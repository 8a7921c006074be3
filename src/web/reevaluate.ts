import { type Access, maySee } from "../db/repos/access.ts";
import { type EvaluationScope, evaluatePermits } from "../evaluation/evaluate-permits.ts";
import type { AppDeps } from "./context.tsx";

// After an SOP, calendar or step-name change, the office's stored SLA results are recomputed in
// the background (DOMAIN.md rule 8); the page that made the change does not wait for it, and every
// page shows how far the recomputation has come until it ends.

export interface Reevaluation {
  why: string;
  done: number;
  total: number;
}

export class Reevaluations {
  private readonly running = new Map<Reevaluation, EvaluationScope>();

  /** What is being recomputed now of offices the access may see, for the pages' banner. */
  current(access: Access): Reevaluation[] {
    return [...this.running].filter(([, scope]) => access.offices === "all" || ("officeId" in scope && maySee(access, scope.officeId))).map(([entry]) => entry);
  }

  start(deps: AppDeps, scope: EvaluationScope, why: string): void {
    const entry: Reevaluation = { why, done: 0, total: 0 };
    this.running.set(entry, scope);
    const started = Date.now();
    const work = evaluatePermits(deps.db, deps.clock, scope, (done, total) => {
      entry.done = done;
      entry.total = total;
    })
      .then(
        (r) => deps.logger.info({ why, permits: r.permits, ms: Date.now() - started }, "SLA results recomputed"),
        (err: unknown) => deps.logger.error({ err, why }, "recomputing SLA results failed; run `mutubaku evaluate`"),
      )
      .finally(() => this.running.delete(entry));
    deps.background?.(work);
  }
}
