import { type Kysely, type Migration, type MigrationProvider, type MigrationResult, Migrator } from "kysely";
import type { DB } from "./schema.ts";
import * as m001 from "./migrations/001-foundation.ts";
import * as m002 from "./migrations/002-sop-waktu-details.ts";
import * as m003 from "./migrations/003-ingestion.ts";
import * as m004 from "./migrations/004-sla-results.ts";
import * as m005 from "./migrations/005-step-record-permit-index.ts";
import * as m006 from "./migrations/006-verdict-rollup.ts";
import * as m007 from "./migrations/007-bulk-storage.ts";
import * as m008 from "./migrations/008-verdict-read-at.ts";
import * as m009 from "./migrations/009-import-batch-permits.ts";
import * as m010 from "./migrations/010-verdict-rules-version.ts";
import * as m011 from "./migrations/011-import-batch-row-counts.ts";
import * as m012 from "./migrations/012-batch-evaluating.ts";
import * as m014 from "./migrations/014-reports.ts";
import * as m015 from "./migrations/015-import-batch-sample.ts";
import * as m017 from "./migrations/017-step-list-indexes.ts";
import * as m013 from "./migrations/013-data-version.ts";
import * as m016 from "./migrations/016-office-target.ts";
import * as m018 from "./migrations/018-report-office-set.ts";
import * as m019 from "./migrations/019-alerts.ts";
import * as m020 from "./migrations/020-alert-delivery.ts";
import * as m021 from "./migrations/021-users.ts";
import * as m022 from "./migrations/022-audit-log.ts";
import * as m023 from "./migrations/023-token-offices.ts";

// Every import from Kysely's migration API stays in this module (it moves in Kysely 0.29).

const migrations: Record<string, Migration> = {
  "001-foundation": m001,
  "002-sop-waktu-details": m002,
  "003-ingestion": m003,
  "004-sla-results": m004,
  "005-step-record-permit-index": m005,
  "006-verdict-rollup": m006,
  "007-bulk-storage": m007,
  "008-verdict-read-at": m008,
  "009-import-batch-permits": m009,
  "010-verdict-rules-version": m010,
  "011-import-batch-row-counts": m011,
  "012-batch-evaluating": m012,
  "014-reports": m014,
  "015-import-batch-sample": m015,
  "017-step-list-indexes": m017,
  "013-data-version": m013,
  "016-office-target": m016,
  "018-report-office-set": m018,
  "019-alerts": m019,
  "020-alert-delivery": m020,
  "021-users": m021,
  "022-audit-log": m022,
  "023-token-offices": m023,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export class MigrationError extends Error {}

export async function migrateToLatest(db: Kysely<DB>): Promise<MigrationResult[]> {
  return migrate(db, (m) => m.migrateToLatest());
}

/** Brings the schema up to the named migration and no further: for testing a migration on older data. */
export async function migrateTo(db: Kysely<DB>, name: keyof typeof migrations): Promise<MigrationResult[]> {
  return migrate(db, (m) => m.migrateTo(name));
}

async function migrate(db: Kysely<DB>, run: (m: Migrator) => ReturnType<Migrator["migrateToLatest"]>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: "mutubaku_migration", migrationLockTableName: "mutubaku_migration_lock" });
  const { error, results = [] } = await run(migrator);
  if (error) {
    const failed = results.find((r) => r.status === "Error");
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${reason}`);
  }
  return results;
}
