import { serve as listen } from "@hono/node-server";
import { systemClock } from "../clock/index.ts";
import type { Config } from "../config/env.ts";
import { openDatabase } from "../db/connect.ts";
import type { Logger } from "../log/logger.ts";
import { ensureFirstAdmin } from "../seed/first-admin.ts";
import { prepareDatabase } from "../seed/prepare-database.ts";
import { scheduleCalendarCoverage } from "../jobs/calendar-coverage.ts";
import { scheduleFinishEvaluations } from "../jobs/finish-evaluations.ts";
import { scheduleMonthlyReports } from "../jobs/monthly-reports.ts";
import { scheduleOpenVerdictRefresh } from "../jobs/refresh-open-verdicts.ts";
import { scheduleAlertJob } from "../jobs/raise-alerts.ts";
import { scheduleAlertDelivery } from "../jobs/deliver-alerts.ts";
import { scheduleMorningDigest } from "../jobs/morning-digest.ts";
import { createApp } from "../web/app.tsx";

/** Migrates, seeds an empty database, serves, and shuts down cleanly on SIGTERM/SIGINT. */
export async function startServer(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  logger.info({ database: database.kind, location: database.location }, "database opened");
  try {
    const { migrations, seeded } = await prepareDatabase(database.db);
    if (migrations.length > 0) logger.info({ migrations: migrations.map((m) => m.migrationName) }, "database migrated");
    if (seeded) logger.info(seeded, "empty database seeded");
    await ensureFirstAdmin(database.db, systemClock, logger, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
  } catch (err) {
    await database.close();
    throw err;
  }

  const refresh = scheduleOpenVerdictRefresh({ db: database.db, clock: systemClock, logger });
  const catchUp = scheduleFinishEvaluations({ db: database.db, clock: systemClock, logger });
  const coverage = scheduleCalendarCoverage({ db: database.db, clock: systemClock, logger });
  const alerts = scheduleAlertJob({ db: database.db, clock: systemClock, logger });
  const deliveries = scheduleAlertDelivery({ db: database.db, clock: systemClock, logger, publicUrl: config.publicUrl });
  const digest = scheduleMorningDigest({ db: database.db, clock: systemClock, logger, publicUrl: config.publicUrl, lang: config.DEFAULT_LANG });
  const reports = await scheduleMonthlyReports({ db: database.db, clock: systemClock, logger, reportsDir: config.REPORTS_DIR, lang: config.DEFAULT_LANG });
  const app = createApp({ db: database.db, clock: systemClock, logger, defaultLang: config.DEFAULT_LANG, publicUrl: config.publicUrl, reportsDir: config.REPORTS_DIR });
  const server = listen({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => {
    logger.info(`Mutu Baku is serving ${config.publicUrl} (listening on ${config.HOST}:${config.PORT})`);
  });
  server.on("error", async (err) => {
    logger.fatal({ err }, `cannot listen on ${config.HOST}:${config.PORT}`);
    await database.close();
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    refresh.stop();
    catchUp.stop();
    coverage.stop();
    alerts.stop();
    deliveries.stop();
    digest.stop();
    reports.stop();
    // Give open requests a moment; never hang forever on a stuck client.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await database.close();
      logger.info("stopped");
      process.exit(0);
    });
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}
