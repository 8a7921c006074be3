import type { Context, Hono, MiddlewareHandler } from "hono";
import { CSRF_FIELD, CSRF_HEADER, csrfTokenMatches } from "../auth/csrf.ts";
import type { Logger } from "../log/logger.ts";
import type { Lang } from "../../views/i18n.ts";
import { ErrorPage } from "../../views/layout.tsx";
import { type AppEnv, pageContext } from "./context.tsx";
import { firstField, requestBody } from "./uploads.ts";

// Guards that run before any route handler: one answers OPTIONS and methods a route does not
// take, one refuses state-changing requests that a browser sent from another site, and one
// (after sign-in) refuses a signed-in browser's change that does not carry its session's token.

const isApi = (c: Context<AppEnv>) => c.req.path.startsWith("/api/");

/**
 * OPTIONS is answered 204 with the methods the path's routes take (no CORS headers: the app serves
 * no other origin), and a method no route of the path takes 405 with the same Allow, so neither
 * reaches a handler. A path no route matches goes on to the 404.
 */
export function allowedMethods(app: Hono<AppEnv>): MiddlewareHandler<AppEnv> {
  let known: string[] | undefined;
  // Asks the app's own router, so the answer is the routing itself; app.use() middleware is "ALL".
  const routed = (method: string, path: string) => app.router.match(method, path)[0].some(([[, route]]) => route.method === method);

  return async (c, next) => {
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const path = c.req.path;
    if (routed(method, path)) return next();
    // The routes are all registered by the first request.
    known ??= [...new Set(app.routes.map((r) => r.method).filter((m) => m !== "ALL"))];
    const methods = known.filter((m) => routed(m, path));
    if (methods.length === 0) return next();
    if (methods.includes("GET")) methods.splice(methods.indexOf("GET") + 1, 0, "HEAD");
    const allow = [...methods, "OPTIONS"].join(", ");
    if (method === "OPTIONS") return c.body(null, 204, { allow });
    c.header("allow", allow);
    return isApi(c) ? c.json({ error: `method ${c.req.method} not allowed; this path takes ${allow}` }, 405) : c.text("Method Not Allowed", 405);
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const REFUSED: Record<Lang, { title: string; text: string }> = {
  id: { title: "Permintaan ditolak", text: "Perubahan hanya dapat dikirim dari halaman aplikasi ini sendiri." },
  en: { title: "Request refused", text: "Changes can only be sent from this app's own pages." },
};

/** The origin an Origin header names, or null for "null" and anything unreadable. */
function originOf(header: string): string | null {
  try {
    return new URL(header).origin;
  } catch {
    return null;
  }
}

/**
 * Every request but GET, HEAD and OPTIONS, whatever its content type, must come from this app's
 * pages: an Origin, when sent, is the request's own or PUBLIC_URL's (the app behind a proxy), and
 * Sec-Fetch-Site is not "cross-site". Browsers send at least one of the two on every such request;
 * a request with neither comes from a program (curl, a sync script), which a forged page cannot
 * make a browser send, and passes.
 */
export function sameOriginWrites(opts: { publicUrl?: string; logger: Logger }): MiddlewareHandler<AppEnv> {
  const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : null;
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const header = c.req.header("origin");
    const fetchSite = c.req.header("sec-fetch-site");
    const origin = header === undefined ? undefined : originOf(header);
    const ownOrigin = new URL(c.req.url).origin;
    const crossOrigin = origin !== undefined && origin !== ownOrigin && origin !== publicOrigin;
    if (!crossOrigin && fetchSite !== "cross-site") return next();
    opts.logger.warn({ method: c.req.method, path: c.req.path, origin: header, fetchSite }, "cross-origin request refused");
    if (isApi(c)) return c.json({ error: `cross-origin request refused (Origin: ${header ?? "none"}, Sec-Fetch-Site: ${fetchSite ?? "none"})` }, 403);
    const ctx = pageContext(c);
    const words = REFUSED[ctx.lang];
    c.status(403);
    return c.render(<ErrorPage ctx={ctx} title={words.title} text={words.text} />);
  };
}

/**
 * The token a form sent as its first field (CsrfField comes first in every post form), read
 * without taking the body from the handler: the bytes read are put back and the request replays
 * them, so an upload still streams (src/web/uploads.ts).
 */
async function formToken(c: Context<AppEnv>): Promise<string | undefined> {
  const contentType = c.req.header("content-type") ?? "";
  if (!/^\s*(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(contentType)) return undefined;
  const body = requestBody(c.env, c.req.raw);
  if (!body) return undefined;
  const { field, whole } = await firstField(contentType, body);
  // A Request of its own, not one made from the server's: @hono/node-server would then make its
  // own web stream of the same IncomingMessage, which would keep a copy of the whole upload.
  c.req.raw = new Request(c.req.url, { method: c.req.method, headers: c.req.raw.headers, body: whole, duplex: "half" } as RequestInit);
  return field?.name === CSRF_FIELD ? field.value : undefined;
}

/**
 * A change asked for with the session cookie must carry the session's CSRF token (src/auth/csrf.ts),
 * in the x-csrf-token header or as the form's first field `_csrf`. The origin check above already
 * refuses another site's posts; the token also refuses them should a browser send neither header,
 * and refuses a form shown in an earlier session. A program's API token is no cookie a browser
 * sends by itself, so its requests need none; nor does the sign-in form, which uses no session.
 */
export function csrfTokens(opts: { logger: Logger }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.get("session");
    if (SAFE_METHODS.has(c.req.method) || !session || c.req.path === "/masuk") return next();
    if (csrfTokenMatches(session, c.req.header(CSRF_HEADER) ?? (await formToken(c)))) return next();
    opts.logger.warn({ method: c.req.method, path: c.req.path, header: c.req.header(CSRF_HEADER) !== undefined }, "request without its session's CSRF token refused");
    if (isApi(c)) return c.json({ error: `the session's CSRF token is missing or wrong: send it in ${CSRF_HEADER} (a program uses an API token instead)` }, 403);
    const ctx = pageContext(c);
    c.status(403);
    return c.render(<ErrorPage ctx={ctx} title={ctx.t("csrfRefused")} text={ctx.t("csrfRefusedText")} />);
  };
}
