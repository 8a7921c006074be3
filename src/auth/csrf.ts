import { createHmac, timingSafeEqual } from "node:crypto";

// A signed-in browser's changes carry a CSRF token besides the session cookie. It is derived from
// the session, not stored: HMAC-SHA256 keyed by the session's own secret (the cookie's value).
// Another site can neither read it (it sees no page and no cookie of this app) nor compute it, and
// neither can a reader of the database, which keeps only the session token's hash. Every session
// has its own, so signing out or in again retires the forms shown before.

/** The form field that carries the token: the first of every post form (views/components/form.tsx). */
export const CSRF_FIELD = "_csrf";
/** The header that carries it instead (the import page's script). */
export const CSRF_HEADER = "x-csrf-token";

const LABEL = "mutubaku csrf v1";

/** The CSRF token of the session whose cookie holds `sessionToken`. */
export const csrfToken = (sessionToken: string): string => createHmac("sha256", sessionToken).update(LABEL).digest("base64url");

/** Whether `sent` is the session's CSRF token, compared in constant time. */
export function csrfTokenMatches(sessionToken: string, sent: string | undefined): boolean {
  if (sent === undefined) return false;
  const want = Buffer.from(csrfToken(sessionToken));
  const got = Buffer.from(sent);
  return got.length === want.length && timingSafeEqual(got, want);
}
