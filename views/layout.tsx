import { type Action, can } from "../src/auth/permissions.ts";
import type { Role } from "../src/db/schema.ts";
import type { Child } from "hono/jsx";
import type { Reevaluation } from "../src/web/reevaluate.ts";
import { CsrfField } from "./components/form.tsx";
import { formatNumber } from "./format.ts";
import type { Lang, Translate } from "./i18n.ts";

export interface PageContext {
  lang: Lang;
  t: Translate;
  /** The current path and query, to build the language switch. */
  url: URL;
  /** SLA results being recomputed in the background, shown on every page until done. */
  reevaluations?: readonly Reevaluation[];
  /** Alerts not yet acknowledged, counted in the header of every page. */
  alertCount?: number | undefined;
  /** Who is signed in; the menu shows only then. */
  user?: { name: string; email: string; role: Role } | undefined;
  /** The session's CSRF token, sent back by every post form (CsrfField). */
  csrf?: string | undefined;
}

/** Whether the signed-in user's role may do it (src/auth/permissions.ts): a page offers only that. */
export const may = (ctx: PageContext, action: Action): boolean => ctx.user !== undefined && can(ctx.user.role, action);

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  /** Reload the page after this many seconds: progress shown without JavaScript. */
  refresh?: number;
  children?: Child;
}

const DASHBOARD_PATHS = ["/jenis-izin", "/permohonan", "/langkah", "/petugas"];

function langHref(url: URL, lang: Lang): string {
  const u = new URL(url);
  u.searchParams.set("lang", lang);
  return `${u.pathname}${u.search}`;
}

export function Layout({ ctx, title, refresh, children }: LayoutProps) {
  const { t, lang, url } = ctx;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t("appName")}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        {refresh ? <meta http-equiv="refresh" content={String(refresh)} /> : null}
      </head>
      <body>
        <header class="topbar">
          <a class="brand" href="/">
            <strong>{t("appName")}</strong> <span>{t("tagline")}</span>
          </a>
          {ctx.user ? (
          <nav aria-label="Menu">
            <a href="/" aria-current={DASHBOARD_PATHS.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`)) || url.pathname === "/" ? "page" : undefined}>
              {t("dashboard")}
            </a>
            <a href="/sop" aria-current={url.pathname.startsWith("/sop") || url.pathname.startsWith("/kantor") ? "page" : undefined}>
              {t("navCatalogue")}
            </a>
            <a href="/impor" aria-current={url.pathname.startsWith("/impor") ? "page" : undefined}>
              {t("navImports")}
            </a>
            <a href="/laporan" aria-current={url.pathname.startsWith("/laporan") ? "page" : undefined}>
              {t("navReports")}
            </a>
            <a href="/peringatan" aria-current={url.pathname.startsWith("/peringatan") ? "page" : undefined} data-testid="alert-counter">
              {t("navAlerts")}
              {ctx.alertCount ? (
                <>
                  {" "}
                  <span class="count" title={t("alertsUnacknowledged", { n: formatNumber(ctx.alertCount, lang) })}>
                    {formatNumber(ctx.alertCount, lang)}
                  </span>
                  <span class="visually-hidden"> ({t("alertsUnacknowledged", { n: formatNumber(ctx.alertCount, lang) })})</span>
                </>
              ) : null}
            </a>
            {may(ctx, "administer") ? (
              <a href="/admin/audit" aria-current={url.pathname.startsWith("/admin/audit") ? "page" : undefined}>
                {t("navAudit")}
              </a>
            ) : null}
            {may(ctx, "administer") ? (
              <a href="/admin/pengguna" aria-current={url.pathname.startsWith("/admin/pengguna") ? "page" : undefined}>
                {t("navUsers")}
              </a>
            ) : null}
          </nav>
          ) : null}
          {ctx.user ? (
            <form method="post" action="/keluar" class="account">
              <CsrfField ctx={ctx} />
              <a href="/akun" title={ctx.user.email}>
                {t("signedInAs", { name: ctx.user.name })}
              </a>{" "}
              <a href="/akun/token">{t("tokensTitle")}</a>{" "}
              <button type="submit" class="secondary">
                {t("signOut")}
              </button>
            </form>
          ) : null}
          <nav class="lang" aria-label={t("language")}>
            <a href={langHref(url, "id")} aria-current={lang === "id" ? "true" : undefined} hreflang="id">
              ID
            </a>
            <a href={langHref(url, "en")} aria-current={lang === "en" ? "true" : undefined} hreflang="en">
              EN
            </a>
          </nav>
        </header>
        <main>
          {(ctx.reevaluations ?? []).map((r) => (
            <p class="notice-bar" role="status">
              {t("recomputing", { done: formatNumber(r.done, lang), total: r.total > 0 ? formatNumber(r.total, lang) : "…" })}
            </p>
          ))}
          {children}
        </main>
      </body>
    </html>
  );
}

export function ErrorPage({ ctx, title, text }: { ctx: PageContext; title: string; text: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href="/">{ctx.t("back")}</a>
      </p>
    </Layout>
  );
}
