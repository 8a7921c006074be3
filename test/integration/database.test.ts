import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { insertSopVersion, sopVersionInForce } from "../../src/db/repos/sops.ts";
import { applySeeds } from "../../src/seed/apply-seeds.ts";
import { readSeeds } from "../../src/seed/read-seeds.ts";
import { BACKENDS, openTestDatabase } from "../support/test-db.ts";

const TABLES = [
  "calendar",
  "calendar_version",
  "office",
  "sop",
  "sop_version",
  "sop_step",
  "sop_step_alias",
  "permit",
  "step_record",
  "import_batch",
  "import_reject",
] as const;

async function rowCounts(database: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of TABLES) {
    const r = await database.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    counts[t] = r.n;
  }
  return counts;
}

describe.each(BACKENDS)("database on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("has every table, and migrating again changes nothing", async () => {
    const tables = await database.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining([...TABLES]));
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it("returns the same JS types from both drivers: int8, date, timestamptz, jsonb", async () => {
    const { db } = database;
    const row = await sql<{ n: number; big: number; d: string; ts: Date; j: { a: number[] } }>`
      select count(*) as n, 9007199254740991::int8 as big, date '2026-03-20' as d,
             timestamptz '2026-03-20 08:00:00+07' as ts, '{"a":[1,2]}'::jsonb as j`.execute(db);
    expect(row.rows[0]).toEqual({
      n: 1,
      big: 9007199254740991,
      d: "2026-03-20",
      ts: new Date("2026-03-20T01:00:00.000Z"),
      j: { a: [1, 2] },
    });

    const office = await db.selectFrom("office").select("id").where("slug", "=", "kampar").executeTakeFirstOrThrow();
    const batch = await db
      .insertInto("import_batch")
      .values({ office_id: office.id, profile: "sicantik", files: ["a.csv", "b.csv"], status: "running" })
      .returning(["id", "files", "started_at"])
      .executeTakeFirstOrThrow();
    expect(typeof batch.id).toBe("number");
    expect(batch.files).toEqual(["a.csv", "b.csv"]);
    expect(batch.started_at).toBeInstanceOf(Date);
    // jsonb written as an object is stored as an object, not a JSON string scalar.
    const kind = await sql<{ t: string }>`select jsonb_typeof(files) as t from import_batch where id = ${batch.id}`.execute(db);
    expect(kind.rows[0]?.t).toBe("array");
  });

  it("holds the seeded offices, calendar and SOPs", async () => {
    const { db } = database;
    const offices = await db.selectFrom("office").select(["slug", "source_system"]).orderBy("slug").execute();
    expect(offices).toEqual([
      { slug: "kampar", source_system: "sicantik" },
      { slug: "pekanbaru", source_system: "simple" },
      { slug: "rokan-hilir", source_system: "silastri" },
    ]);
    const steps = await db
      .selectFrom("sop")
      .innerJoin("sop_version", "sop_version.sop_id", "sop.id")
      .innerJoin("sop_step", "sop_step.sop_version_id", "sop_version.id")
      .select(["sop.slug", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("sop.slug")
      .orderBy("sop.slug")
      .execute();
    expect(steps).toEqual([
      { slug: "kampar-izin-kerja-teknisi-gigi", n: 6 },
      { slug: "pekanbaru-surat-izin-kerja-teknisi-gigi", n: 9 },
      { slug: "rokan-hilir-izin-operasional-organisasi-sosial", n: 10 },
      { slug: "rokan-hilir-izin-praktik-penata-anestesi", n: 10 },
      { slug: "rokan-hilir-izin-praktik-tukang-gigi", n: 10 },
    ]);
    const pekanbaru = await db
      .selectFrom("sop_version")
      .innerJoin("sop", "sop.id", "sop_version.sop_id")
      .select(["number", "effective_from", "stated_total_waktu", "stated_total_value", "stated_total_unit"])
      .where("sop.slug", "=", "pekanbaru-surat-izin-kerja-teknisi-gigi")
      .executeTakeFirstOrThrow();
    expect(pekanbaru).toEqual({
      number: "SOP/DPMPTSP-NP/02",
      effective_from: "2023-05-10",
      stated_total_waktu: "2 hari kerja",
      stated_total_value: 2,
      stated_total_unit: "day",
    });
  });

  it("seeding again changes nothing", async () => {
    const before = await rowCounts(database);
    expect(await applySeeds(database.db, await readSeeds())).toEqual({ calendars: 0, offices: 0, sops: 0 });
    expect(await rowCounts(database)).toEqual(before);
  });

  it("judges a date by the SOP version in force on it", async () => {
    const { db } = database;
    const sop = await db.selectFrom("sop").select("id").where("slug", "=", "pekanbaru-surat-izin-kerja-teknisi-gigi").executeTakeFirstOrThrow();
    const [seed] = (await readSeeds()).sops.filter((s) => s.slug === "pekanbaru-surat-izin-kerja-teknisi-gigi");
    if (!seed) throw new Error("seed missing");
    await db.transaction().execute((trx) =>
      insertSopVersion(trx, sop.id, 2, { ...seed, revisedOn: "2025-06-01", effectiveFrom: "2025-07-01" }),
    );
    expect(await sopVersionInForce(db, sop.id, "2023-05-09")).toBeUndefined();
    expect((await sopVersionInForce(db, sop.id, "2023-05-10"))?.version).toBe(1);
    expect((await sopVersionInForce(db, sop.id, "2025-06-30"))?.version).toBe(1);
    expect((await sopVersionInForce(db, sop.id, "2025-07-01"))?.version).toBe(2);
    expect((await sopVersionInForce(db, sop.id, "2026-11-23"))?.version).toBe(2);
  });
});

describe.each(BACKENDS)("seeding an empty database on %s", (kind) => {
  it("adds the three offices, a Riau calendar for each and the five SOPs", async () => {
    const database = await openTestDatabase(kind, "migrated");
    try {
      expect(await applySeeds(database.db, await readSeeds())).toEqual({ calendars: 3, offices: 3, sops: 5 });
      const counts = await rowCounts(database);
      expect(counts).toMatchObject({ office: 3, calendar: 3, calendar_version: 3, sop: 5, sop_version: 5, sop_step: 45, permit: 0 });
    } finally {
      await database.close();
    }
  });
});
