import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "../../src/clock/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { silentLogger } from "../../src/log/logger.ts";
import type { Kysely } from "kysely";
import { CSRF_HEADER, csrfToken } from "../../src/auth/csrf.ts";
import { newToken, tokenHash } from "../../src/auth/sessions.ts";
import { createToken } from "../../src/db/repos/api-tokens.ts";
import { startSession } from "../../src/db/repos/sessions.ts";
import { createUser, findUserByEmail } from "../../src/db/repos/users.ts";
import type { DB, Role } from "../../src/db/schema.ts";
import { createApp } from "../../src/web/app.tsx";
import { SESSION_COOKIE } from "../../src/web/auth.tsx";
import type { AppDeps } from "../../src/web/context.tsx";

export const TEST_NOW = "2026-11-23T03:00:00Z";

const backgroundWork = new WeakMap<Database, Promise<unknown>[]>();

const reportDirs = new WeakMap<Database, string>();

/** The folder a test database's reports are written to (one per database, removed at exit). */
export function reportsDirOf(database: Database): string {
  let dir = reportDirs.get(database);
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), "mutubaku-reports-"));
    reportDirs.set(database, dir);
    const made = dir;
    process.once("exit", () => rmSync(made, { recursive: true, force: true }));
  }
  return dir;
}

/**
 * The app on a test database at a fixed `now`, its requests made as a signed-in admin (a session
 * of its own, begun at `now`), a change with the session's CSRF token in its header unless the
 * test sends one of its own. `anonymous` is the same app with no session (a test of the token
 * itself posts with it and a `sessionCookie`); `as(userId)` makes requests as that user, signed
 * in the same way.
 */
export function testApp(database: Database, now: string = TEST_NOW, deps: Partial<AppDeps> = {}, as?: TestUser) {
  const work = backgroundWork.get(database) ?? [];
  backgroundWork.set(database, work);
  const clock = deps.clock ?? fixedClock(now);
  const app = createApp({ db: database.db, clock, logger: silentLogger, background: (p) => work.push(p), reportsDir: reportsDirOf(database), ...deps });
  const signedIn = (who?: TestUser | number) => {
    // A session begun when the app's clock says, again whenever a test moves the clock on.
    let session: { cookie: Promise<string>; at: number } | undefined;
    return async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
      const at = clock.now();
      if (!session || session.at !== at.getTime()) session = { cookie: sessionCookie(database.db, at, who), at: at.getTime() };
      const headers = new Headers(init.headers);
      const cookie = await session.cookie;
      headers.set("cookie", [headers.get("cookie"), cookie].filter(Boolean).join("; "));
      const change = !["GET", "HEAD", "OPTIONS"].includes((init.method ?? "GET").toUpperCase());
      if (change && !headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, csrfTokenOf(cookie));
      return app.request(input, { ...init, headers });
    };
  };
  return { request: as ? signedIn(as) : signedIn(), anonymous: app, as: (userId: number) => signedIn(userId) };
}

const TEST_ADMIN = "admin@mutubaku.test";

/**
 * A session cookie of the test admin (made once per database, with a password nobody can type),
 * or of the user given, begun at `at`, as a signed-in browser would send it.
 */
export async function sessionCookie(db: Kysely<DB>, at: Date, who?: TestUser | number): Promise<string> {
  const token = newToken();
  const userId = who === undefined ? await testAdmin(db) : typeof who === "number" ? who : await testUser(db, who);
  await startSession(db, userId, tokenHash(token), at, { address: null, userAgent: "vitest" });
  return `${SESSION_COOKIE}=${token}`;
}

/** The CSRF token of a session cookie (`mb_session=…`), as its pages' forms carry it. */
export function csrfTokenOf(cookie: string): string {
  // The session's cookie among those a browser sends ("mb_session=…; lang=en").
  const session = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie)?.[1];
  if (!session) throw new Error(`no ${SESSION_COOKIE} cookie in "${cookie}"`);
  return csrfToken(session);
}

/** An API token of the test admin, for a program's requests to a server of its own: `Authorization: Bearer …`. */
export async function apiToken(db: Kysely<DB>, scope: "read" | "import" = "read", as?: TestUser): Promise<string> {
  const secret = newToken();
  await createToken(db, { userId: as ? await testUser(db, as) : await testAdmin(db), name: "vitest", hash: tokenHash(secret), scope, expiresAt: null }, new Date(0));
  return secret;
}

async function testAdmin(db: Kysely<DB>): Promise<number> {
  const found = await findUserByEmail(db, TEST_ADMIN);
  // Its password "changed" long before any test's clock, so no session of a test predates it.
  return found?.id ?? (await createUser(db, { email: TEST_ADMIN, name: "Admin Uji", passwordHash: "!", role: "admin", allOffices: true }, new Date(0)));
}

/** Waits for what the app left running (SLA recomputations) on this database. */
export async function settleBackground(database: Database): Promise<void> {
  await Promise.allSettled(backgroundWork.get(database) ?? []);
}

/** The visible text of an HTML page, tags removed and spaces collapsed, for assertions a reader would make. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/** A user other than the test admin: a role and the offices (by slug) it belongs to. */
export interface TestUser {
  email: string;
  role: Role;
  offices: readonly string[];
}

/** The user's id, made once per database with a password nobody can type. */
export async function testUser(db: Kysely<DB>, u: TestUser): Promise<number> {
  const found = await findUserByEmail(db, u.email);
  if (found) return found.id;
  const offices = await db.selectFrom("office").select(["id", "slug"]).where("slug", "in", [...u.offices, ""]).execute();
  if (offices.length !== u.offices.length) throw new Error(`no such office among ${u.offices.join(", ")}`);
  return createUser(db, { email: u.email, name: u.email.slice(0, u.email.indexOf("@")), passwordHash: "!", role: u.role, officeIds: offices.map((o) => o.id) }, new Date(0));
}
