import ICAL from "ical.js";
import { type HolidayImport, HolidayImportError, kindFromName } from "./holiday-import.ts";
import type { Holiday, HolidayKind } from "./schema.ts";

export interface IcsImportOptions {
  fileName: string;
  /** Kind of a holiday whose name does not say "cuti bersama". */
  kind: HolidayKind;
  /** Recurring events (RRULE) are expanded up to this date, "YYYY-MM-DD". */
  until: string;
}

function isoOf(t: ICAL.Time): string {
  return `${String(t.year).padStart(4, "0")}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

/** Every date an event covers: all-day events end the day before DTEND, as RFC 5545 says. */
function datesOf(start: ICAL.Time, end: ICAL.Time | null): string[] {
  const first = isoOf(start);
  if (!end || !start.isDate) return [first];
  const dates: string[] = [];
  const cursor = start.clone();
  while (cursor.compare(end) < 0 && dates.length < 366) {
    dates.push(isoOf(cursor));
    cursor.adjust(1, 0, 0, 0);
  }
  return dates.length > 0 ? dates : [first];
}

/** The holidays of an iCalendar (.ics) file: every VEVENT's dates, named by its SUMMARY. */
export function importIcs(text: string, options: IcsImportOptions): HolidayImport {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new HolidayImportError(`${options.fileName}: not an iCalendar file (${detail})`, {
      code: "icsUnreadable",
      params: { file: options.fileName, detail },
    });
  }
  const events = root.getAllSubcomponents("vevent");
  if (root.name !== "vcalendar" || events.length === 0) {
    throw new HolidayImportError(`${options.fileName}: no events (VEVENT) found`, { code: "icsNoEvents", params: { file: options.fileName } });
  }
  const found = new Map<string, Holiday>();
  const warnings: string[] = [];
  events.forEach((component, i) => {
    const event = new ICAL.Event(component);
    const name = event.summary?.trim() || null;
    const where = `${options.fileName}: event ${i + 1}${name ? ` ("${name}")` : ""}`;
    if (!event.startDate) {
      warnings.push(`${where}: no DTSTART, skipped`);
      return;
    }
    const kind = kindFromName(name, options.kind);
    const add = (date: string) => {
      if (!found.has(date)) found.set(date, { date, name, kind });
    };
    if (event.isRecurring()) {
      const it = event.iterator();
      for (let next = it.next(), n = 0; next && isoOf(next) <= options.until && n < 1000; next = it.next(), n++) {
        const details = event.getOccurrenceDetails(next);
        for (const d of datesOf(details.startDate, details.endDate)) add(d);
      }
    } else {
      for (const d of datesOf(event.startDate, event.endDate)) add(d);
    }
  });
  return { holidays: [...found.values()].sort((a, b) => a.date.localeCompare(b.date)), closedWeekdays: [], warnings };
}
