import type { CalendarFile } from "./schema.ts";
import { normalizeHoliday } from "./schema.ts";

/**
 * The years among `years` for which the calendar lists no holiday at all: the joint decree (SKB)
 * of that year has not been entered, so every due date in it counts its holidays as working days.
 */
export function yearsWithoutHolidays(def: CalendarFile, years: readonly number[]): number[] {
  const listed = new Set(def.holidays.map((h) => Number(normalizeHoliday(h).date.slice(0, 4))));
  return [...new Set(years)].filter((y) => !listed.has(y)).sort((a, b) => a - b);
}
