import { type CalendarFile, type Holiday, type HolidayKind, normalizeHoliday, type Weekday } from "./schema.ts";

/** What a holiday file (iCalendar, SiCantik kalender) holds, before it is merged into a calendar. */
export interface HolidayImport {
  holidays: Holiday[];
  /** Weekdays the file marks as non-working every week (SiCantik "hari" rows). */
  closedWeekdays: Weekday[];
  /** Rows or events skipped, each naming where and why. */
  warnings: string[];
}

/** Parameters of each kind of unreadable holiday file, by code, for pages to word in their language. */
export type HolidayImportErrorParams = {
  /** `detail` is the iCalendar reader's own (English) message. */
  icsUnreadable: { file: string; detail: string };
  icsNoEvents: { file: string };
};

export type HolidayImportErrorCode = keyof HolidayImportErrorParams;

/** Every code a HolidayImportError of the calendar engine can carry. */
export const HOLIDAY_IMPORT_ERROR_CODES = ["icsUnreadable", "icsNoEvents"] as const satisfies readonly HolidayImportErrorCode[];

export type HolidayImportErrorDetail = {
  [K in HolidayImportErrorCode]: { readonly code: K; readonly params: HolidayImportErrorParams[K] };
}[HolidayImportErrorCode];

/** A holiday file that cannot be read. The message is English; `detail`, when given, words it on pages. */
export class HolidayImportError extends Error {
  readonly detail: HolidayImportErrorDetail | null;

  constructor(message: string, detail: HolidayImportErrorDetail | null = null) {
    super(message);
    this.detail = detail;
  }
}

/** "Cuti Bersama ..." is collective leave whatever the file's default says. */
export function kindFromName(name: string | null, fallback: HolidayKind): HolidayKind {
  return name && /cuti\s*bersama/i.test(name) ? "cuti_bersama" : fallback;
}

export interface MergeResult {
  definition: CalendarFile;
  added: Holiday[];
  /** Dates already in the calendar; the calendar's name and kind are kept. */
  alreadyThere: Holiday[];
  /** Weekdays that had hours and are now closed. */
  closed: Weekday[];
}

/** The calendar with the imported holidays added (existing entries win) and closed weekdays applied. */
export function mergeHolidayImport(def: CalendarFile, imported: HolidayImport): MergeResult {
  const existing = new Map(def.holidays.map(normalizeHoliday).map((h) => [h.date, h]));
  const added = imported.holidays.filter((h) => !existing.has(h.date));
  const alreadyThere = imported.holidays.filter((h) => existing.has(h.date));
  const closed = imported.closedWeekdays.filter((d) => (def.weekly[d] ?? []).length > 0);
  const holidays = [...existing.values(), ...added]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((h) => ({ date: h.date, ...(h.name ? { name: h.name } : {}), ...(h.kind ? { kind: h.kind } : {}) }));
  const weekly = { ...def.weekly };
  for (const d of closed) weekly[d] = [];
  return { definition: { ...def, weekly, holidays }, added, alreadyThere, closed };
}
