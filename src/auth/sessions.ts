import { createHash, randomBytes } from "node:crypto";

// A session lives behind an unguessable token in a cookie; the database holds only the token's
// hash. It ends at sign-out, after an idle spell, after a working day whatever the activity, and
// when its user's password changes or the user is disabled.

/** No request for this long ends a session. */
export const IDLE_MS = 60 * 60 * 1000;
/** A session ends this long after sign-in, however busy. */
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Last-seen is written at most this often (a page's every request need not write). */
export const TOUCH_MS = 60 * 1000;

export const newToken = (): string => randomBytes(32).toString("base64url");

export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

export interface SessionTimes {
  created_at: Date;
  last_seen_at: Date;
}

/** Whether a session is still live at `now`, and the user's password has not changed since it began. */
export function sessionLive(s: SessionTimes, passwordChangedAt: Date, now: Date): boolean {
  const t = now.getTime();
  return t - s.last_seen_at.getTime() < IDLE_MS && t - s.created_at.getTime() < ABSOLUTE_MS && s.created_at.getTime() >= passwordChangedAt.getTime();
}
