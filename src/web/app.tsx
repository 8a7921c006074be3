import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { csrf } from "hono/csrf";
import { jsxRenderer } from "hono/jsx-renderer";
import { secureHeaders } from "hono/secure-headers";
import { calendarRoutes } from "./calendar.tsx";
import { catalogueRoutes } from "./catalogue.tsx";
import { type AppDeps, type AppEnv, languageMiddleware } from "./context.tsx";
import { notFound, serverError } from "./errors.tsx";
import { healthRoutes } from "./health.ts";
import { sopEditorRoutes } from "./sop-editor.tsx";

const css = readFileSync(new URL("../../views/static/app.css", import.meta.url), "utf8");

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", "data:"] },
    }),
  );
  app.use(languageMiddleware(deps.defaultLang ?? "id"));
  // Form posts must come from this app's own pages: the request's origin, or PUBLIC_URL behind a proxy.
  const publicOrigin = deps.publicUrl ? new URL(deps.publicUrl).origin : null;
  app.use(csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin }));
  // Pages render their own <html> through views/layout.tsx; the renderer adds the doctype.
  app.use(jsxRenderer(({ children }) => <>{children}</>, { docType: true }));
  app.get("/static/app.css", (c) => c.body(css, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" }));
  app.route("/", healthRoutes(deps));
  app.route("/", catalogueRoutes(deps));
  app.route("/", calendarRoutes(deps));
  app.route("/", sopEditorRoutes(deps));
  app.notFound(notFound);
  app.onError((err, c) => {
    // Refusals raised by middleware (CSRF 403, body limit 413) are answers, not failures.
    if (err instanceof HTTPException) return err.getResponse();
    deps.logger.error({ err, path: c.req.path }, "request failed");
    return serverError(c);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
