import { type EvaluationScope, evaluatePermits } from "../evaluation/evaluate-permits.ts";
import type { AppDeps } from "./context.tsx";

/**
 * After an SOP, calendar or step-name change, the office's stored SLA results are recomputed in
 * the background (DOMAIN.md rule 8); the page that made the change does not wait for it.
 */
export function reevaluateInBackground(deps: AppDeps, scope: EvaluationScope, why: string): void {
  const started = Date.now();
  const work = evaluatePermits(deps.db, deps.clock, scope).then(
    (r) => deps.logger.info({ why, permits: r.permits, ms: Date.now() - started }, "SLA results recomputed"),
    (err: unknown) => deps.logger.error({ err, why }, "recomputing SLA results failed; run `mutubaku evaluate`"),
  );
  deps.background?.(work);
}
