import { CalendarError, parseCalendar } from "../calendar/index.ts";
import {
  type CalendarFile,
  HOLIDAY_KINDS,
  type HolidayKind,
  normalizeHoliday,
  WEEKDAYS,
  type Weekday,
  type WeeklyHours,
} from "../calendar/schema.ts";
import { parseDateOnly } from "../ingest/dates.ts";
import type { FormErrors, FormValues } from "./form.ts";
import type { Translate } from "../../views/i18n.ts";
import { describeCalendarIssue } from "../../views/components/messages.ts";

// The calendar edit form: a calendar file as form fields and back. Hours are typed the way offices
// write them ("07:30-12:00, 13:00-16:00"), holidays one per line ("2026-12-24; Cuti Bersama Natal; cuti bersama").



const intervalText = (weekly: WeeklyHours, day: Weekday) => (weekly[day] ?? []).map(([a, b]) => `${a}-${b}`).join(", ");

export function calendarToForm(def: CalendarFile, validFrom: string): FormValues {
  const values: FormValues = {
    name: def.name,
    timezone: def.timezone,
    day_rule: def.dayRule ?? "clock",
    day_length_hours: String(def.dayLengthHours ?? 7.5),
    valid_from: validFrom,
    note: "",
    period_count: String(def.periods.length + 1),
    holidays: def.holidays
      .map(normalizeHoliday)
      .map((h) => [h.date, h.name ?? "", h.kind ?? ""].join("; ").replace(/(; )+$/, ""))
      .join("\n"),
  };
  for (const d of WEEKDAYS) values[`weekly_${d}`] = intervalText(def.weekly, d);
  def.periods.forEach((p, i) => {
    values[`period_${i}_name`] = p.name;
    values[`period_${i}_from`] = p.from;
    values[`period_${i}_to`] = p.to;
    for (const d of WEEKDAYS) values[`period_${i}_${d}`] = intervalText(p.weekly, d);
  });
  return values;
}

const CLOCK = "(\\d{1,2})[:.](\\d{2})";
const INTERVAL = new RegExp(`^${CLOCK}\\s*(?:-|–|—|s\\.?d\\.?|sampai)\\s*${CLOCK}$`, "i");

function parseIntervals(text: string, field: string, errors: FormErrors, t: Translate): [string, string][] {
  const out: [string, string][] = [];
  for (const part of text.split(/[,;]/).map((s) => s.trim()).filter(Boolean)) {
    const m = INTERVAL.exec(part);
    if (!m) {
      addError(errors, field, t("errNotInterval", { text: part }));
      continue;
    }
    const hhmm = (h: string, mm: string) => `${h.padStart(2, "0")}:${mm}`;
    out.push([hhmm(m[1]!, m[2]!), hhmm(m[3]!, m[4]!)]);
  }
  return out;
}

function addError(errors: FormErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

const KIND_WORDS: Record<string, HolidayKind> = {
  "libur nasional": "libur_nasional",
  "cuti bersama": "cuti_bersama",
  "libur daerah": "libur_daerah",
  lainnya: "lainnya",
};

function parseKind(text: string): HolidayKind | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === "") return null;
  return HOLIDAY_KINDS.find((k) => k === t) ?? KIND_WORDS[t.replace(/_/g, " ")];
}

function parseHolidays(text: string, errors: FormErrors, t: Translate): CalendarFile["holidays"] {
  const out: CalendarFile["holidays"] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const [dateText = "", name = "", kindText = ""] = line.split(";").map((s) => s.trim());
    const date = parseDateOnly(dateText);
    const kind = parseKind(kindText);
    if (!date) return addError(errors, "holidays", t("errLineNotDate", { n: i + 1, text: dateText }));
    if (kind === undefined) return addError(errors, "holidays", t("errLineUnknownKind", { n: i + 1, text: kindText, kinds: HOLIDAY_KINDS.join(", ") }));
    out.push(name || kind ? { date, ...(name ? { name } : {}), ...(kind ? { kind } : {}) } : date);
  });
  return out;
}

/** Where a calendar issue path ("periods[0].weekly.mon[1]") shows on the form. */
function fieldOf(path: string): string {
  let m = /^weekly\.(\w+)/.exec(path);
  if (m) return `weekly_${m[1]}`;
  m = /^periods\[(\d+)\](?:\.weekly\.(\w+)|\.(\w+))?/.exec(path);
  if (m) return `period_${m[1]}_${m[2] ?? m[3] ?? "name"}`;
  if (path.startsWith("holidays")) return "holidays";
  if (path === "dayRule") return "day_rule";
  if (path === "dayLengthHours") return "day_length_hours";
  return path || "name";
}

export type CalendarFormResult =
  | { ok: true; definition: CalendarFile; validFrom: string; note: string | null }
  | { ok: false; errors: FormErrors };

/** Reads the form into a calendar file, checked by the engine's own parser. */
export function calendarFromForm(form: FormValues, latestValidFrom: string | null, t: Translate): CalendarFormResult {
  const errors: FormErrors = {};
  const get = (k: string) => (form[k] ?? "").trim();
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, parseIntervals(get(`weekly_${d}`), `weekly_${d}`, errors, t)])) as WeeklyHours;
  const periods: CalendarFile["periods"] = [];
  const periodFields: number[] = [];
  const count = Math.min(Number(get("period_count")) || 0, 100);
  for (let i = 0; i < count; i++) {
    const name = get(`period_${i}_name`);
    if (name === "" || get(`period_${i}_remove`) !== "") continue;
    const from = parseDateOnly(get(`period_${i}_from`));
    const to = parseDateOnly(get(`period_${i}_to`));
    if (!from) addError(errors, `period_${i}_from`, t("errFromRequired"));
    if (!to) addError(errors, `period_${i}_to`, t("errToRequired"));
    const pw = Object.fromEntries(WEEKDAYS.map((d) => [d, parseIntervals(get(`period_${i}_${d}`), `period_${i}_${d}`, errors, t)])) as WeeklyHours;
    if (from && to) {
      periods.push({ name, from, to, weekly: pw });
      periodFields.push(i);
    }
  }
  const validFrom = parseDateOnly(get("valid_from"));
  if (!validFrom) addError(errors, "valid_from", t("errValidFromRequired"));
  else if (latestValidFrom && validFrom < latestValidFrom) {
    addError(errors, "valid_from", t("errValidFromBeforeLatest", { date: latestValidFrom }));
  }
  const dayLength = Number(get("day_length_hours").replace(",", "."));
  const definition: CalendarFile = {
    name: get("name"),
    timezone: get("timezone"),
    weekly,
    periods,
    holidays: parseHolidays(form.holidays ?? "", errors, t),
    dayRule: get("day_rule") === "hours" ? "hours" : "clock",
    dayLengthHours: Number.isFinite(dayLength) ? dayLength : Number.NaN,
  };
  // The engine checks what the form could read, so every problem shows in one pass.
  try {
    parseCalendar(definition);
  } catch (err) {
    if (!(err instanceof CalendarError)) throw err;
    for (const issue of err.issues) {
      // Period indexes in the file skip removed and empty blocks; point at the block on the form.
      const path = issue.path.replace(/^periods\[(\d+)\]/, (_, i: string) => `periods[${periodFields[Number(i)] ?? i}]`);
      addError(errors, fieldOf(path), describeCalendarIssue(issue, t));
    }
  }
  if (Object.keys(errors).length > 0 || !validFrom) return { ok: false, errors };
  return { ok: true, definition, validFrom, note: get("note") || null };
}
