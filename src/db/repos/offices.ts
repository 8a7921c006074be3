import { type Access, visible } from "./access.ts";
import type { Kysely } from "kysely";
import type { Office } from "../../offices/schema.ts";
import type { DB } from "../schema.ts";

export async function insertOffice(db: Kysely<DB>, office: Office, calendarId: number): Promise<number> {
  const { id } = await db
    .insertInto("office")
    .values({
      slug: office.slug,
      name: office.name,
      region: office.region,
      province: office.province,
      source_system: office.sourceSystem,
      calendar_id: calendarId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

function officeQuery(db: Kysely<DB>) {
  return db
    .selectFrom("office")
    .innerJoin("calendar", "calendar.id", "office.calendar_id")
    .select([
      "office.id",
      "office.slug",
      "office.name",
      "office.region",
      "office.province",
      "office.source_system",
      "office.calendar_id",
      "office.target_share",
      "calendar.name as calendar_name",
    ]);
}

/** The offices the access may see, by name. */
export async function listOffices(db: Kysely<DB>, access: Access) {
  return officeQuery(db).where(visible("office.id", access)).orderBy("office.name").execute();
}

export type OfficeListItem = Awaited<ReturnType<typeof listOffices>>[number];

export async function findOffice(db: Kysely<DB>, slug: string, access: Access): Promise<OfficeListItem | undefined> {
  return officeQuery(db).where("office.slug", "=", slug).where(visible("office.id", access)).executeTakeFirst();
}

export async function officeIdsBySlug(db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await db.selectFrom("office").select(["id", "slug"]).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** True before the first seed: the server seeds only then, so deletions made in the app stick. */
export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom("office").select("id").limit(1).executeTakeFirst()) === undefined;
}

/** Sets the share on time an office aims for (0..1). */
export async function setOfficeTarget(db: Kysely<DB>, officeId: number, share: number): Promise<void> {
  await db.updateTable("office").set({ target_share: share }).where("id", "=", officeId).execute();
}
