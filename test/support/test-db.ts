import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { type Database, type DatabaseKind, openPglite, openPostgres } from "../../src/db/connect.ts";
import { settleBackground, testApp } from "./app.ts";
import { databaseUrlFor } from "./database-url.ts";

/** Every database the suite runs on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const BACKENDS: DatabaseKind[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export type TemplateName = "migrated" | "seeded";

let counter = 0;

/**
 * A fresh database of its own, copied from a template built once per run (or "empty": not even
 * migrated); close() removes it.
 */
export async function openTestDatabase(kind: DatabaseKind, template: TemplateName | "empty" = "seeded"): Promise<Database> {
  if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "mutubaku-test-"));
    if (template !== "empty") cpSync(inject("pgliteTemplates")[template], dir, { recursive: true });
    const database = await openPglite(dir);
    return {
      ...database,
      close: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const templates = inject("postgresTemplates");
  const url = process.env.DATABASE_URL;
  if (!templates || !url) throw new Error("PostgreSQL tests need DATABASE_URL");
  const name = `mutubaku_t_${process.pid}_${Date.now()}_${counter++}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}${template === "empty" ? "" : ` template ${templates[template]}`}`);
  const database = await openPostgres(databaseUrlFor(url, name));
  return {
    ...database,
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * A fresh seeded database that a test can close and open again on the same data, as a restarted
 * process would (`restart()`); `database()` is the one open now, close() removes it all.
 */
export async function openRestartableTestDatabase(kind: DatabaseKind): Promise<{ database(): Database; restart(): Promise<void>; close(): Promise<void> }> {
  let open: () => Promise<Database>;
  let remove: () => Promise<void>;
  if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "mutubaku-test-"));
    cpSync(inject("pgliteTemplates").seeded, dir, { recursive: true });
    open = () => openPglite(dir);
    remove = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const templates = inject("postgresTemplates");
    const url = process.env.DATABASE_URL;
    if (!templates || !url) throw new Error("PostgreSQL tests need DATABASE_URL");
    const name = `mutubaku_t_${process.pid}_${Date.now()}_${counter++}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${templates.seeded}`);
    open = () => openPostgres(databaseUrlFor(url, name));
    remove = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  let current = await open();
  return {
    database: () => current,
    restart: async () => {
      await current.close();
      current = await open();
    },
    close: async () => {
      await current.close();
      await remove();
    },
  };
}

/**
 * A database of its own for a describe block, opened before its tests and removed after them,
 * with the app on it.
 */
export function useTestDatabase(kind: DatabaseKind, template: TemplateName = "seeded") {
  const ctx = {} as { database: Database; app: ReturnType<typeof testApp> };
  beforeAll(async () => {
    ctx.database = await openTestDatabase(kind, template);
    ctx.app = testApp(ctx.database);
  });
  afterAll(async () => {
    if (!ctx.database) return;
    await settleBackground(ctx.database);
    await ctx.database.close();
  });
  return ctx;
}
