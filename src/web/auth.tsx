import { listOffices } from "../db/repos/offices.ts";
import type { Access } from "../db/repos/access.ts";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { hashPassword, passwordProblem, verifyPassword } from "../auth/password.ts";
import { ABSOLUTE_MS, newToken, tokenHash } from "../auth/sessions.ts";
import { accountKey, addressKey, FAILURE_LOOKBACK_MS, throttleDecision } from "../auth/throttle.ts";
import { createToken, listTokens, revokeToken, tokenUser } from "../db/repos/api-tokens.ts";
import { endSession, endSessionsOf, sessionUser, startSession } from "../db/repos/sessions.ts";
import { clearFailures, recentFailures, recordFailure } from "../db/repos/sign-in-failures.ts";
import { findUserByEmail, setPassword } from "../db/repos/users.ts";
import { PASSWORD_PROBLEM_KEYS } from "../../views/components/messages.ts";
import { ApiTokensPage } from "../../views/pages/api-tokens.tsx";
import { ChangePasswordPage, SignInPage } from "../../views/pages/sign-in.tsx";
import { type AppDeps, type AppEnv, pageContext, rememberLang } from "./context.tsx";
import { type FormErrors, formValues } from "./form.ts";

// Sign-in: a session behind an HttpOnly cookie for the pages and the API alike. Every route but
// these few needs one: pages send the anonymous to /masuk (and back afterwards), the API answers
// 401. An account made with an initial password goes to /akun/sandi until it has its own.

export const SESSION_COOKIE = "mb_session";

const NO_OFFICE: Access = { offices: [] };

const PUBLIC = (path: string) => path === "/masuk" || path === "/healthz" || path.startsWith("/static/");
const PASSWORD_PAGES = (path: string) => path === "/akun/sandi" || path === "/keluar";

/** Where a sign-in may lead back to: a path of this app, never another site. */
const safeNext = (next: string | undefined) => (next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/");

export function authMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // A program's API token: the API only, to read, or to read and import.
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (bearer && c.req.path.startsWith("/api/")) {
      const found = await tokenUser(deps.db, tokenHash(bearer), deps.clock.now());
      if (!found) return c.json({ error: "the API token is unknown, revoked or expired" }, 401);
      const writes = !["GET", "HEAD", "OPTIONS"].includes(c.req.method);
      if (writes && !(found.scope === "import" && c.req.path.startsWith("/api/v1/imports"))) return c.json({ error: `this token may ${found.scope === "read" ? "only read" : "only read and import"}` }, 403);
      c.set("user", found.user);
      c.set("access", found.access);
      c.set("apiToken", { token: found.token, noted: found.noted });
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await sessionUser(deps.db, tokenHash(token), deps.clock.now()) : undefined;
    const user = session?.user;
    c.set("user", user);
    // The anonymous see no office (they reach only the sign-in page and the static files).
    c.set("access", session?.access ?? NO_OFFICE);
    c.set("session", user ? token : undefined);
    const path = c.req.path;
    if (PUBLIC(path)) return next();
    if (!user) {
      if (token) deleteCookie(c, SESSION_COOKIE, { path: "/" });
      if (path.startsWith("/api/")) return c.json({ error: "sign in first: this needs a session" }, 401);
      const url = new URL(c.req.url);
      return c.redirect(`/masuk?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`, 303);
    }
    if (user.must_change_password && !PASSWORD_PAGES(path)) {
      if (path.startsWith("/api/")) return c.json({ error: "change the initial password first" }, 403);
      return c.redirect("/akun/sandi", 303);
    }
    return next();
  };
}

const signInForm = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000), next: z.string().max(2000).optional() });
const tokenForm = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(["read", "import"]),
  days: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(3650).optional()),
  // Offices by slug, of those the user may see; none: every office of the user.
  office: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(100)).max(1000)),
});
const changeForm = z.object({ current: z.string().max(1000), password: z.string().max(1000), repeat: z.string().max(1000) });

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(newToken()));

export function authRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const secure = (deps.publicUrl ?? "").startsWith("https:");

  /** Starts a session for the user and sets its cookie (a new token at every sign-in). */
  async function signIn(c: Context<AppEnv>, userId: number) {
    const token = newToken();
    await startSession(db, userId, tokenHash(token), clock.now(), { address: addressOf(c), userAgent: c.req.header("user-agent") ?? null });
    setCookie(c, SESSION_COOKIE, token, { path: "/", httpOnly: true, sameSite: "Lax", secure, maxAge: ABSOLUTE_MS / 1000 });
    // A page this request answers with carries the new session's CSRF token in its forms.
    c.set("session", token);
  }

  async function tokensPage(c: Context<AppEnv>, o: { created?: string; error?: string }) {
    const [tokens, offices] = await Promise.all([listTokens(db, c.get("user")!.id), listOffices(db, c.get("access"))]);
    return c.render(<ApiTokensPage ctx={pageContext(c)} tokens={tokens} offices={offices} {...o} />);
  }

  return new Hono<AppEnv>()
    .get("/masuk", (c) => {
      if (c.get("user")) return c.redirect(safeNext(c.req.query("next")), 303);
      return c.render(<SignInPage ctx={pageContext(c)} next={safeNext(c.req.query("next"))} />);
    })
    .post("/masuk", async (c) => {
      const ctx = pageContext(c);
      const form = signInForm.safeParse(formValues(await c.req.parseBody()));
      if (!form.success) {
        c.status(400);
        return c.render(<SignInPage ctx={ctx} next="/" error={ctx.t("signInWrong")} />);
      }
      const { email, password } = form.data;
      const next = safeNext(form.data.next);
      const now = clock.now();
      const keys = [accountKey(email), addressKey(addressOf(c))];
      const failures = await recentFailures(db, keys, new Date(now.getTime() - FAILURE_LOOKBACK_MS));
      // Refused while locked, before the password is looked at: guessing costs nothing but time.
      const locked = keys.map((k) => throttleDecision(failures.get(k) ?? [], now)).find((d) => !d.allowed);
      if (locked && !locked.allowed) {
        c.status(429);
        c.header("retry-after", String(Math.ceil((locked.retryAt.getTime() - now.getTime()) / 1000)));
        return c.render(<SignInPage ctx={ctx} next={next} email={email} error={ctx.t("signInLocked", { minutes: Math.max(1, Math.ceil((locked.retryAt.getTime() - now.getTime()) / 60_000)) })} />);
      }
      const user = await findUserByEmail(db, email);
      // An unknown e-mail costs the same hashing as a wrong password: the time tells no one which accounts exist.
      const ok = (await verifyPassword(password, user?.password_hash ?? (await dummyHash()))) && user !== undefined && user.disabled_at === null;
      if (!ok || !user) {
        await recordFailure(db, keys, now, new Date(now.getTime() - FAILURE_LOOKBACK_MS));
        c.status(401);
        return c.render(<SignInPage ctx={ctx} next={next} email={email} error={ctx.t("signInWrong")} />);
      }
      await clearFailures(db, keys[0]!);
      await signIn(c, user.id);
      // The request ends signed in: the audit log names who (src/web/audit.ts).
      c.set("user", user);
      // One's own language, chosen on /akun, in this browser too.
      if (user.lang) rememberLang(c, user.lang);
      return c.redirect(user.must_change_password ? "/akun/sandi" : next, 303);
    })
    .post("/keluar", async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await endSession(db, tokenHash(token));
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.redirect("/masuk", 303);
    })
    .get("/akun/token", (c) => tokensPage(c, {}))
    .post("/akun/token", async (c) => {
      const user = c.get("user")!;
      const body = await c.req.parseBody({ all: true });
      const form = tokenForm.safeParse({ ...formValues(body), office: body.office });
      const offices = await listOffices(db, c.get("access"));
      const unknown = form.success ? form.data.office.filter((slug) => !offices.some((o) => o.slug === slug)) : [];
      if (!form.success || unknown.length > 0) {
        c.status(400);
        const t = pageContext(c).t;
        return tokensPage(c, { error: form.success ? `office: ${unknown.map((office) => t("unknownOffice", { office })).join("; ")}` : form.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
      }
      const secret = newToken();
      const now = clock.now();
      const expiresAt = form.data.days === undefined ? null : new Date(now.getTime() + form.data.days * 86_400_000);
      const officeIds = form.data.office.length === 0 ? null : offices.filter((o) => form.data.office.includes(o.slug)).map((o) => o.id);
      await createToken(db, { userId: user.id, name: form.data.name, hash: tokenHash(secret), scope: form.data.scope, expiresAt, officeIds }, now);
      // Shown this once: only its hash is kept.
      return tokensPage(c, { created: secret });
    })
    .post("/akun/token/:id/cabut", async (c) => {
      const id = Number(c.req.param("id"));
      if (!Number.isInteger(id) || !(await revokeToken(db, c.get("user")!.id, id, clock.now()))) return c.notFound();
      return c.redirect("/akun/token", 303);
    })
    .get("/akun/sandi", (c) => c.render(<ChangePasswordPage ctx={pageContext(c)} required={c.get("user")?.must_change_password ?? false} errors={{}} />))
    .post("/akun/sandi", async (c) => {
      const ctx = pageContext(c);
      const user = c.get("user")!;
      const form = changeForm.safeParse(formValues(await c.req.parseBody()));
      const errors: FormErrors = {};
      const f = form.success ? form.data : { current: "", password: "", repeat: "" };
      if (!(await verifyPassword(f.current, user.password_hash))) errors["current"] = [ctx.t("pwWrongCurrent")];
      const problem = passwordProblem(f.password, { email: user.email, name: user.name });
      if (problem) errors["password"] = [ctx.t(PASSWORD_PROBLEM_KEYS[problem])];
      else if (f.password !== f.repeat) errors["repeat"] = [ctx.t("pwNotSame")];
      if (Object.keys(errors).length > 0) {
        c.status(400);
        return c.render(<ChangePasswordPage ctx={ctx} required={user.must_change_password} errors={errors} />);
      }
      await setPassword(db, user.id, await hashPassword(f.password), clock.now());
      // Every session of the account ends, this one too; it goes on in a new one.
      await endSessionsOf(db, user.id);
      await signIn(c, user.id);
      return c.render(<ChangePasswordPage ctx={pageContext(c)} required={false} errors={{}} done />);
    });
}

/** The client's address as the connection gives it (a proxy's X-Forwarded-For is not trusted blindly). */
export function addressOf(c: Context<AppEnv>): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}
