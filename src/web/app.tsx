import { narrow } from "../db/repos/access.ts";
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { jsxRenderer } from "hono/jsx-renderer";
import { secureHeaders } from "hono/secure-headers";
import { unacknowledgedCount } from "../db/repos/alerts.ts";
import { alertSettingsRoutes } from "./alert-settings.tsx";
import { authMiddleware, authRoutes } from "./auth.tsx";
import { alertRoutes } from "./alerts.tsx";
import { auditMiddleware } from "./audit.ts";
import { auditLogRoutes } from "./audit-log.tsx";
import { calendarRoutes } from "./calendar.tsx";
import { catalogueRoutes } from "./catalogue.tsx";
import { dashboardRoutes } from "./dashboard.tsx";
import { type AppDeps, type AppEnv, languageMiddleware } from "./context.tsx";
import { notFound, serverError } from "./errors.tsx";
import { healthRoutes } from "./health.ts";
import { importRoutes } from "./imports.tsx";
import { permitsApiRoutes } from "./permits-api.ts";
import { Reevaluations } from "./reevaluate.ts";
import { reportRoutes } from "./reports.tsx";
import { routeAccess } from "./route-access.ts";
import { allowedMethods, csrfTokens, sameOriginWrites } from "./request-guards.tsx";
import { sopEditorRoutes } from "./sop-editor.tsx";
import { userRoutes } from "./users.tsx";

// The few static files are read once at start-up; the app has no build step.
const STATIC: Record<string, { body: string; type: string }> = {
  "app.css": { body: readFileSync(new URL("../../views/static/app.css", import.meta.url), "utf8"), type: "text/css; charset=utf-8" },
  "import.js": { body: readFileSync(new URL("../../views/static/import.js", import.meta.url), "utf8"), type: "text/javascript; charset=utf-8" },
};

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use(
    secureHeaders({
      // No script but the app's own files; no framing by another site; HSTS only where the app is
      // reached over https (a browser would otherwise refuse a plain-http office server later).
      contentSecurityPolicy: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", "data:"], frameAncestors: ["'none'"], formAction: ["'self'"], baseUri: ["'self'"] },
      strictTransportSecurity: (deps.publicUrl ?? "").startsWith("https:") ? "max-age=31536000; includeSubDomains" : false,
      referrerPolicy: "same-origin",
    }),
  );
  app.use(languageMiddleware(deps.defaultLang ?? "id"));
  // Pages render their own <html> through views/layout.tsx; the renderer adds the doctype.
  app.use(jsxRenderer(({ children }) => <>{children}</>, { docType: true }));
  // Before any handler: OPTIONS and methods a route does not take are answered here, and changes
  // must come from this app's own pages (or from a program), whatever their content type.
  app.use(allowedMethods(app));
  app.use(sameOriginWrites({ publicUrl: deps.publicUrl, logger: deps.logger }));
  // Then who asks: no route past this point answers without a session (src/web/auth.tsx).
  app.use(authMiddleware(deps));
  // What each request did, once it is answered (src/web/audit.ts): a refusal by role too.
  app.use(auditMiddleware(deps));
  // A change the session cookie signed in carries the session's CSRF token.
  app.use(csrfTokens({ logger: deps.logger }));
  // And whether their role may do what the route does (src/web/route-access.ts).
  app.use(routeAccess());
  const reevaluations = new Reevaluations();
  app.use(async (c, next) => {
    c.set("reevaluations", reevaluations.current(c.get("access")));
    // Every page's header counts the alerts nobody has acknowledged (one indexed count).
    if (c.get("user") && c.req.method === "GET" && !c.req.path.startsWith("/api/") && !c.req.path.startsWith("/static/")) {
      c.set("alertCount", await unacknowledgedCount(deps.db, narrow(c.get("access"), undefined)));
    }
    await next();
  });
  app.get("/static/:file", (c) => {
    const file = STATIC[c.req.param("file")];
    return file ? c.body(file.body, 200, { "content-type": file.type, "cache-control": "public, max-age=3600" }) : notFound(c);
  });
  app.route("/", healthRoutes(deps));
  app.route("/", authRoutes(deps));
  app.route("/", userRoutes(deps));
  app.route("/", dashboardRoutes(deps));
  app.route("/", catalogueRoutes(deps));
  app.route("/", calendarRoutes(deps, reevaluations));
  app.route("/", sopEditorRoutes(deps, reevaluations));
  app.route("/", importRoutes(deps));
  app.route("/", reportRoutes(deps));
  app.route("/", alertRoutes(deps));
  app.route("/", alertSettingsRoutes(deps, reevaluations));
  app.route("/", permitsApiRoutes(deps));
  app.route("/", auditLogRoutes(deps));
  app.notFound((c) => (c.req.path.startsWith("/api/") ? c.json({ error: "not found" }, 404) : notFound(c)));
  app.onError((err, c) => {
    // Refusals raised by middleware (body limit 413) are answers, not failures.
    if (err instanceof HTTPException) return err.getResponse();
    // A form body the platform cannot parse (a broken multipart upload of a calendar or SOP
    // document) is the client's mistake: the uploads of /impor say so themselves (src/web/uploads.ts).
    if (err instanceof TypeError && err.message.startsWith("Failed to parse body as FormData")) {
      const message = `malformed form body: ${err.message}`;
      return c.req.path.startsWith("/api/") ? c.json({ error: message }, 400) : c.text(message, 400);
    }
    deps.logger.error({ err, path: c.req.path }, "request failed");
    return serverError(c);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
