import type { Kysely } from "kysely";
import type { MigrationResult } from "kysely";
import { migrateToLatest } from "../db/migrate.ts";
import { isEmpty } from "../db/repos/offices.ts";
import type { DB } from "../db/schema.ts";
import { applySeeds, type SeedResult } from "./apply-seeds.ts";
import { readSeeds } from "./read-seeds.ts";

/**
 * What every command does first, as `serve` does: bring the schema up to date and, in a database
 * with no office yet, load the offices, calendars and SOPs of seeds/ (so `mutubaku import --office
 * kampar` works on a fresh DATA_DIR).
 */
export async function prepareDatabase(db: Kysely<DB>): Promise<{ migrations: MigrationResult[]; seeded: SeedResult | null }> {
  const migrations = await migrateToLatest(db);
  const seeded = (await isEmpty(db)) ? await applySeeds(db, await readSeeds()) : null;
  return { migrations, seeded };
}
