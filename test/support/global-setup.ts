import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openPglite, openPostgres } from "../../src/db/connect.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { applySeeds } from "../../src/seed/apply-seeds.ts";
import { readSeeds } from "../../src/seed/read-seeds.ts";
import { databaseUrlFor } from "./database-url.ts";

// Builds the database templates once per run: creating a PGlite database costs seconds, copying
// a migrated one costs milliseconds; on PostgreSQL, CREATE DATABASE ... TEMPLATE does the same.

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplates: { migrated: string; seeded: string };
    postgresTemplates: { migrated: string; seeded: string } | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), "mutubaku-templates-"));
  const migrated = join(root, "migrated");
  const seeded = join(root, "seeded");
  const seeds = await readSeeds();

  const pg = await openPglite(migrated);
  await migrateToLatest(pg.db);
  await pg.close();
  cpSync(migrated, seeded, { recursive: true });
  const pgSeeded = await openPglite(seeded);
  await applySeeds(pgSeeded.db, seeds);
  await pgSeeded.close();
  project.provide("pgliteTemplates", { migrated, seeded });

  const url = process.env.DATABASE_URL;
  let admin: postgres.Sql | null = null;
  const names = { migrated: `mutubaku_tmpl_m_${process.pid}`, seeded: `mutubaku_tmpl_s_${process.pid}` };
  if (url) {
    admin = postgres(url, { max: 1, onnotice: () => {} });
    for (const name of Object.values(names)) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${names.migrated}`);
    const m = await openPostgres(databaseUrlFor(url, names.migrated));
    await migrateToLatest(m.db);
    await m.close();
    await admin.unsafe(`create database ${names.seeded} template ${names.migrated}`);
    const s = await openPostgres(databaseUrlFor(url, names.seeded));
    await applySeeds(s.db, seeds);
    await s.close();
  }
  project.provide("postgresTemplates", url ? names : null);

  return async () => {
    rmSync(root, { recursive: true, force: true });
    if (admin) {
      for (const name of Object.values(names)) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  };
}
