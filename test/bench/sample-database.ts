import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import postgres from "postgres";
import { fixedClock } from "../../src/clock/index.ts";
import { type Database, openPostgres } from "../../src/db/connect.ts";
import { listOffices } from "../../src/db/repos/offices.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { prepareDatabase } from "../../src/seed/prepare-database.ts";
import { databaseUrlFor } from "../support/database-url.ts";

// A PostgreSQL database of a year of sample exports of the three seeded offices, stored through the
// real import path, for the benchmarks. Kept under `name` and reused on the next run when asked.

export interface SampleDatabase {
  database: Database;
  /** Drops the database unless it is kept; closes it. */
  done(): Promise<void>;
}

export async function sampleDatabase(o: { adminUrl: string; name: string; keep: boolean; now: Date; permitsPerDay: number; log?: (line: string) => void }): Promise<SampleDatabase> {
  const admin = postgres(o.adminUrl, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${o.name}`).length > 0;
  if (!exists) await admin.unsafe(`create database ${o.name}`);
  const database = await openPostgres(databaseUrlFor(o.adminUrl, o.name));
  await prepareDatabase(database.db);
  const loaded = await database.db.selectFrom("permit").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  if (Number(loaded.n) === 0) {
    const clock = fixedClock(o.now);
    const work = mkdtempSync(join(tmpdir(), "mutubaku-bench-sample-"));
    try {
      for (const [i, office] of (await listOffices(database.db, EVERY_OFFICE)).entries()) {
        const started = performance.now();
        const sample = await writeSampleExport({ officeSlug: office.slug, months: 12, seed: i + 1, outDir: join(work, office.slug), now: o.now, permitsPerDay: o.permitsPerDay });
        const s = await runImport(database.db, clock, { office: office.slug, files: sample.files.map((f) => ({ name: f.slice(f.lastIndexOf("/") + 1), path: f })) });
        o.log?.(`${office.slug}: ${s.permits.toLocaleString("en")} permits, ${s.rowsRead.toLocaleString("en")} rows imported in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    await sql`analyze`.execute(database.db);
  }
  return {
    database,
    async done() {
      await database.close();
      if (!o.keep) await admin.unsafe(`drop database if exists ${o.name} with (force)`);
      await admin.end();
    },
  };
}
