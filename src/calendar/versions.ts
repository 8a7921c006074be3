import type { CalendarFile, WeeklyHours } from "./schema.ts";
import { parseCalendar } from "./parse.ts";
import type { Calendar } from "./types.ts";
import { dayNumberOf, isoDateOf } from "./zoned-time.ts";

// A calendar is edited in versions, each valid from a date. The calendar "as it stands"
// (DOMAIN.md section 5, rule 8) is composed from them:
// - hours (weekly and periods) follow the version in force on each date, so a change of hours from
//   a date never rewrites the time counted before it;
// - holidays are dated facts, so the newest version's list holds for every date: a cuti bersama
//   added by a mid-year decree counts for every permit that spans it.

export interface CalendarVersionInput {
  /** "YYYY-MM-DD"; null for the first version, in force from the beginning. */
  validFrom: string | null;
  definition: CalendarFile;
}

const BEGINNING = "1900-01-01";

const dayBefore = (iso: string) => isoDateOf(dayNumberOf(iso) - 1);
const dayAfter = (iso: string) => isoDateOf(dayNumberOf(iso) + 1);

type Period = CalendarFile["periods"][number];

/** The periods that give a version's hours on every date from `from` to `to` (inclusive). */
function hoursBetween(def: CalendarFile, from: string, to: string, label: string): Period[] {
  const out: Period[] = [];
  let cursor = from;
  const fill = (until: string, weekly: WeeklyHours, name: string) => {
    if (cursor <= until) out.push({ name, from: cursor, to: until, weekly });
  };
  for (const p of [...def.periods].sort((a, b) => a.from.localeCompare(b.from))) {
    if (p.to < from || p.from > to) continue;
    const start = p.from < from ? from : p.from;
    const end = p.to > to ? to : p.to;
    fill(dayBefore(start), def.weekly, label);
    out.push({ ...p, from: start, to: end });
    cursor = dayAfter(end);
  }
  fill(to, def.weekly, label);
  return out;
}

/** One calendar file equivalent to a list of versions, given oldest first (of two on one date, the later wins). */
export function composeCalendarVersions(versions: readonly CalendarVersionInput[]): CalendarFile {
  if (versions.length === 0) throw new Error("a calendar needs at least one version");
  const sorted = [...versions].sort((a, b) => (a.validFrom ?? "").localeCompare(b.validFrom ?? ""));
  const latest = sorted[sorted.length - 1]!;
  if (sorted.length === 1) return latest.definition;
  const periods: Period[] = [];
  sorted.forEach((v, i) => {
    const next = sorted[i + 1];
    const from = v.validFrom ?? BEGINNING;
    if (next) {
      // A version's own name labels the days it gives ordinary weekly hours to.
      if (next.validFrom && next.validFrom > from) {
        periods.push(...hoursBetween(v.definition, from, dayBefore(next.validFrom), `${v.definition.name} (jam kerja s.d. ${dayBefore(next.validFrom)})`));
      }
    } else {
      periods.push(...latest.definition.periods.filter((p) => p.to >= from).map((p) => (p.from < from ? { ...p, from } : p)));
    }
  });
  return { ...latest.definition, periods };
}

/** The version in force on a local date: the newest whose start has come (or the first, before any). */
export function versionInForce<V extends { version: number; validFrom: string | null }>(versions: readonly V[], date: string): V {
  const byNewest = [...versions].sort((a, b) => b.version - a.version);
  const found = byNewest.find((v) => v.validFrom === null || v.validFrom <= date) ?? byNewest.at(-1);
  if (!found) throw new Error("a calendar needs at least one version");
  return found;
}

/** The working calendar as it stands, from all of its versions. */
export function calendarFromVersions(versions: readonly (CalendarVersionInput & { version: number })[]): Calendar {
  return parseCalendar(composeCalendarVersions([...versions].sort((a, b) => a.version - b.version)));
}
