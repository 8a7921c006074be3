// When a failed delivery is tried again: exponential backoff (30 s, 1 min, 2 min, … up to an
// hour) with jitter, so that many messages failing at once on one gateway do not all come back
// at the same second; after the last try the delivery stays failed until someone sends it again.

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseMs: 30_000, capMs: 3_600_000 };

/**
 * The wait after the `attempt`-th failed try (1-based): half of base × 2^(attempt−1) (capped) is
 * fixed, the other half scaled by `random` in [0, 1) ("equal jitter": never less than half).
 */
export function backoffMs(attempt: number, random: number, policy: RetryPolicy = RETRY_POLICY): number {
  const full = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (full / 2) * random);
}

/** After the `attempt`-th failed try: the instant of the next one, or null when it was the last. */
export function nextTry(attempt: number, failedAt: Date, random: number, policy: RetryPolicy = RETRY_POLICY): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  return new Date(failedAt.getTime() + backoffMs(attempt, random, policy));
}
