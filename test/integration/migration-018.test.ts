import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { migrateTo, migrateToLatest } from "../../src/db/migrate.ts";
import { claimReport } from "../../src/db/repos/reports.ts";
import { applySeeds } from "../../src/seed/apply-seeds.ts";
import { readSeeds } from "../../src/seed/read-seeds.ts";
import { BACKENDS, openTestDatabase } from "../support/test-db.ts";

// Reports made before migration 018 were of one office or of every office: afterwards each keeps
// its office as a set of one (or none, every office), and a scheduled month made before is not
// claimed again.

describe.each(BACKENDS)("migration 018 on a database holding reports, %s", (kind) => {
  let database: Database;
  let kampar = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind, "empty");
    const db = database.db;
    await migrateTo(db, "016-office-target");
    await applySeeds(db, await readSeeds());
    kampar = (await db.selectFrom("office").select("id").where("slug", "=", "kampar").executeTakeFirstOrThrow()).id;
    await sql`insert into report (office_id, period_from, period_to, lang, made_by, scheduled, status)
      values (${kampar}, '2026-09-01', '2026-09-30', 'id', 'jadwal', true, 'done'), (null, '2026-09-01', '2026-09-30', 'id', 'cli', false, 'done')`.execute(db);
    await migrateToLatest(db);
  }, 120_000);
  afterAll(() => database.close());

  it("keeps each report's office as its set, and the scheduled month claimed", async () => {
    const db = database.db;
    expect(await db.selectFrom("report").select(["office_id", "office_ids"]).orderBy("id").execute()).toEqual([
      { office_id: kampar, office_ids: [kampar] },
      { office_id: null, office_ids: null },
    ]);
    expect(await claimReport(db, { officeIds: [kampar], from: "2026-09-01", to: "2026-09-30", lang: "id", madeBy: "jadwal", scheduled: true, at: new Date() })).toBeNull();
    // A set and its one office cannot disagree.
    await expect(sql`insert into report (office_id, office_ids, period_from, period_to, lang, made_by, status) values (${kampar}, ${[kampar, kampar + 1]}::int[], '2026-09-01', '2026-09-30', 'id', 'cli', 'done')`.execute(db)).rejects.toThrow(/report_office_set/);
  });
});
