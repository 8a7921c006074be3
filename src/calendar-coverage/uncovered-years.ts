import type { Kysely } from "kysely";
import { yearsWithoutHolidays } from "../calendar/coverage.ts";
import { calendarVersions, openDueYears } from "../db/repos/calendars.ts";
import type { DB } from "../db/schema.ts";

// A calendar runs out: the holidays are entered a year at a time (the SKB 3 Menteri), while open
// permits' due dates run on into the next year. A due date in a year without holidays counts
// those holidays as working days, so the office is told on its calendar page, on Beranda and in
// the log.

export interface UncoveredYear {
  year: number;
  /** Open permits of the office due in that year. */
  permits: number;
}

/** Years in which open permits of the office are due and its calendar lists no holiday. */
export async function uncoveredDueYears(db: Kysely<DB>, office: { id: number; calendar_id: number }): Promise<UncoveredYear[]> {
  const [latest] = await calendarVersions(db, office.calendar_id);
  if (!latest) return [];
  const due = await openDueYears(db, office.id, latest.definition.timezone);
  const missing = new Set(yearsWithoutHolidays(latest.definition, due.map((d) => d.year)));
  return due.filter((d) => missing.has(d.year));
}
