import type { Kysely } from "kysely";
import type { CalendarFile } from "../../calendar/schema.ts";
import type { DB } from "../schema.ts";
import { localDate } from "../../calendar/index.ts";

export async function insertCalendar(db: Kysely<DB>, slug: string, definition: CalendarFile): Promise<number> {
  const { id } = await db
    .insertInto("calendar")
    .values({ slug, name: definition.name })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("calendar_version")
    .values({ calendar_id: id, version: 1, valid_from: null, definition, note: "Kalender bawaan" })
    .execute();
  return id;
}

export async function calendarIdsBySlug(db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await db.selectFrom("calendar").select(["id", "slug"]).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** The versions of a calendar, newest first. */
export async function calendarVersions(db: Kysely<DB>, calendarId: number) {
  return db
    .selectFrom("calendar_version")
    .selectAll()
    .where("calendar_id", "=", calendarId)
    .orderBy("version", "desc")
    .execute();
}

/**
 * The version of a calendar in force at an instant: the newest whose start date has come
 * (dates compared in the calendar's own zone, which every version of one calendar shares).
 */
export async function calendarInForce(db: Kysely<DB>, calendarId: number, at: Date) {
  const versions = await calendarVersions(db, calendarId);
  const oldest = versions.at(-1);
  if (!oldest) throw new Error(`Calendar ${calendarId} has no version`);
  const today = localDate(at, oldest.definition.timezone);
  return versions.find((v) => v.valid_from === null || v.valid_from <= today) ?? oldest;
}
