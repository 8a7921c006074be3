import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "../../src/clock/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createApp } from "../../src/web/app.tsx";

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

export function testApp(database: Database, now: string = TEST_NOW) {
  const work = backgroundWork.get(database) ?? [];
  backgroundWork.set(database, work);
  return createApp({ db: database.db, clock: fixedClock(now), logger: silentLogger, background: (p) => work.push(p), reportsDir: reportsDirOf(database) });
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
