import type { Access } from "../db/repos/access.ts";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import { csrfToken } from "../auth/csrf.ts";
import type { Clock } from "../clock/index.ts";
import type { DB } from "../db/schema.ts";
import type { TokenUse } from "../db/repos/api-tokens.ts";
import type { UserRow } from "../db/repos/users.ts";
import type { Logger } from "../log/logger.ts";
import { LANGS, type Lang, translator } from "../../views/i18n.ts";
import type { PageContext } from "../../views/layout.tsx";
import type { Reevaluation } from "./reevaluate.ts";

export interface AppDeps {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  defaultLang?: Lang;
  /** Where users reach the app (PUBLIC_URL), when behind a proxy. */
  publicUrl?: string;
  /** Told of work that runs on after a response (recomputing SLA results), so it can be awaited. */
  background?: (work: Promise<unknown>) => void;
  /** Where Excel reports are written (REPORTS_DIR; default ./reports). */
  reportsDir?: string;
}

// apiToken: the API token a program's request came with (src/web/auth.tsx), for the audit log.
export type AppEnv = {
  Variables: {
    lang: Lang;
    reevaluations: Reevaluation[];
    alertCount: number | undefined;
    user: UserRow | undefined;
    /** The session token the cookie signed this request in with (none for an API token): its CSRF token is the forms'. */
    session: string | undefined;
    apiToken: Pick<TokenUse, "token" | "noted"> | undefined;
    /** The offices this request may see (src/db/repos/access.ts). */
    access: Access;
  };
};

const isLang = (v: string | undefined): v is Lang => LANGS.some((l) => l === v);

/** Remembers the browser's language for the next pages (a ?lang= switch, one's own choice on /akun, at sign-in). */
export function rememberLang(c: Context, lang: Lang): void {
  setCookie(c, "lang", lang, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "Lax", httpOnly: true });
}

/**
 * The language: ?lang= (remembered in a cookie), else the cookie, else the office default. A
 * user's own choice (app_user.lang) is set in the cookie at sign-in and when saved on /akun.
 */
export function languageMiddleware(defaultLang: Lang): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const asked = c.req.query("lang");
    let lang: Lang = defaultLang;
    if (isLang(asked)) {
      lang = asked;
      rememberLang(c, asked);
    } else {
      const saved = getCookie(c, "lang");
      if (isLang(saved)) lang = saved;
    }
    c.set("lang", lang);
    await next();
  };
}

export function pageContext(c: Context<AppEnv>): PageContext {
  const lang = c.get("lang");
  const user = c.get("user");
  const session = c.get("session");
  return {
    lang,
    t: translator(lang),
    url: new URL(c.req.url),
    reevaluations: c.get("reevaluations") ?? [],
    alertCount: c.get("alertCount"),
    user: user ? { name: user.name, email: user.email, role: user.role } : undefined,
    csrf: session ? csrfToken(session) : undefined,
  };
}

/** Who a change is by, as alert histories and reports record it: the signed-in user's name and e-mail. */
export function actorOf(c: Context<AppEnv>): string {
  const user = c.get("user");
  if (!user) throw new Error("a change with nobody signed in: authMiddleware lets none through");
  return `${user.name} <${user.email}>`;
}
