// Sign-in throttling, per key (an account or an address): after too many failures in a short
// time the key is locked for a while and the attempt is refused before the password is checked,
// so guessing costs the attacker time and the server no hashing. Pure: the caller loads the
// failures (at least the last FAILURE_LOOKBACK_MS of them) and records new ones.
//
// An attempt refused here was never checked and should not be recorded as a failure, otherwise
// a lock would never end while someone keeps trying. An admin lifts a lock by dropping the key's
// failures (or passing only those after the lift).

/** Failures within FAILURE_WINDOW_MS that lock the key. */
export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** How long a key stays locked, counted from its last failure. */
export const LOCK_MS = 15 * 60_000;
/** How far back the caller must look for failures to decide. */
export const FAILURE_LOOKBACK_MS = FAILURE_WINDOW_MS + LOCK_MS;

/** The keys failures are counted under: the account by its e-mail (in any case), and the address. */
export const accountKey = (email: string): string => `account:${email.trim().toLowerCase()}`;
export const ADDRESS_PREFIX = "address:";
export const addressKey = (address: string | null): string => `${ADDRESS_PREFIX}${address ?? "unknown"}`;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAt: Date };

/** Whether a sign-in for the key may be checked at `now`, given the key's failure instants. */
export function throttleDecision(failures: readonly Date[], now: Date): ThrottleDecision {
  const times = failures
    .map((failure) => failure.getTime())
    .filter((time) => time <= now.getTime())
    .sort((a, b) => a - b);
  // The latest failure that closes a run of MAX_FAILURES within the window sets the lock.
  for (let last = times.length - 1; last >= MAX_FAILURES - 1; last--) {
    const end = times[last]!;
    const start = times[last - MAX_FAILURES + 1]!;
    if (end - start > FAILURE_WINDOW_MS) continue;
    const retryAt = end + LOCK_MS;
    return now.getTime() < retryAt ? { allowed: false, retryAt: new Date(retryAt) } : { allowed: true };
  }
  return { allowed: true };
}

/** The keys locked at `now` among these failures, each with the instant its lock ends. */
export function lockedKeys(failures: ReadonlyMap<string, readonly Date[]>, now: Date): Map<string, Date> {
  const out = new Map<string, Date>();
  for (const [key, times] of failures) {
    const decision = throttleDecision(times, now);
    if (!decision.allowed) out.set(key, decision.retryAt);
  }
  return out;
}
