import { type Kysely, sql } from "kysely";
import type { CalendarFile } from "../../calendar/schema.ts";
import type { Calendar } from "../../calendar/types.ts";
import { calendarFromVersions } from "../../calendar/versions.ts";
import { OPEN_STATUSES } from "../../sla/index.ts";
import type { DB } from "../schema.ts";

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

export interface CalendarVersion {
  version: number;
  validFrom: string | null;
  definition: CalendarFile;
  note: string | null;
  createdAt: Date;
}

/** The versions of a calendar, newest first. */
export async function calendarVersions(db: Kysely<DB>, calendarId: number): Promise<CalendarVersion[]> {
  const rows = await db
    .selectFrom("calendar_version")
    .select(["version", "valid_from", "definition", "note", "created_at"])
    .where("calendar_id", "=", calendarId)
    .orderBy("version", "desc")
    .execute();
  return rows.map((r) => ({ version: r.version, validFrom: r.valid_from, definition: r.definition, note: r.note, createdAt: r.created_at }));
}

/** Years, in the office's zone, in which its open permits are due, with how many in each. */
export async function openDueYears(db: Kysely<DB>, officeId: number, timezone: string): Promise<Array<{ year: number; permits: number }>> {
  const rows = await sql<{ year: number; permits: number }>`
    select extract(year from due_at at time zone ${timezone})::int as year, count(*)::int as permits
    from permit_verdict
    where office_id = ${officeId} and status in (${sql.join(OPEN_STATUSES)}) and due_at is not null
    group by 1 order by 1`.execute(db);
  return rows.rows;
}

export async function insertCalendarVersion(
  db: Kysely<DB>,
  calendarId: number,
  v: { validFrom: string | null; definition: CalendarFile; note: string | null },
): Promise<number> {
  // The unique (calendar_id, version) key makes a concurrent save fail instead of doubling a number.
  const { version } = await db
    .insertInto("calendar_version")
    .values((eb) => ({
      calendar_id: calendarId,
      version: eb
        .selectFrom("calendar_version")
        .select(sql<number>`coalesce(max(version), 0) + 1`.as("v"))
        .where("calendar_id", "=", calendarId),
      valid_from: v.validFrom,
      definition: v.definition,
      note: v.note,
    }))
    .returning("version")
    .executeTakeFirstOrThrow();
  await db.updateTable("calendar").set({ name: v.definition.name }).where("id", "=", calendarId).execute();
  return version;
}

/** The working calendar an office keeps, all its versions composed. */
export async function calendarOfOffice(db: Kysely<DB>, officeId: number): Promise<Calendar> {
  const office = await db.selectFrom("office").select("calendar_id").where("id", "=", officeId).executeTakeFirstOrThrow();
  return calendarFromVersions(await calendarVersions(db, office.calendar_id));
}
