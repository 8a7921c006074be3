import type { Context } from "hono";
import { ErrorPage } from "../../views/layout.tsx";
import { type AppEnv, pageContext } from "./context.tsx";

export function notFound(c: Context<AppEnv>) {
  const ctx = pageContext(c);
  c.status(404);
  return c.render(<ErrorPage ctx={ctx} title={ctx.t("notFound")} text={ctx.t("notFoundText")} />);
}

export function forbidden(c: Context<AppEnv>) {
  const ctx = pageContext(c);
  c.status(403);
  return c.render(<ErrorPage ctx={ctx} title={ctx.t("forbidden")} text={ctx.t("forbiddenText")} />);
}

export function serverError(c: Context<AppEnv>) {
  const ctx = pageContext(c);
  c.status(500);
  return c.render(<ErrorPage ctx={ctx} title={ctx.t("serverError")} text={ctx.t("serverErrorText")} />);
}
