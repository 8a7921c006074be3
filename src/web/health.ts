import { Hono } from "hono";
import { sql } from "kysely";
import type { AppDeps, AppEnv } from "./context.tsx";

export function healthRoutes({ db, clock, logger }: AppDeps) {
  return new Hono<AppEnv>().get("/healthz", async (c) => {
    const at = clock.now().toISOString();
    try {
      await sql`select 1`.execute(db);
      return c.json({ status: "ok", database: "ok", at });
    } catch (err) {
      logger.error({ err }, "health check: database unreachable");
      return c.json({ status: "error", database: "unreachable", at }, 503);
    }
  });
}
