import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  addWorkingSeconds,
  type Calendar,
  parseCalendar,
  workingSecondsBetween,
} from "../../src/calendar/index.ts";

// Property tests of the engine against a brute-force reference that walks minute by minute: for
// every minute of a four-week window it asks Intl for the local wall clock and checks whether that
// clock time lies in a working interval of that local date. Calendars, zones and instants are
// random; the windows are placed on DST changes, a year end and a leap day.

const ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Europe/Amsterdam", "America/New_York"] as const;
const FIXED_OFFSET_ZONES = new Set<string>(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]);
// Window starts (UTC midnight): both 2026 spring changes (NY 03-08, EU 03-29), both autumn ones
// (EU 10-25, NY 11-01), a year end, the 2024 leap day, an ordinary month.
const ANCHORS = ["2026-03-05", "2026-10-20", "2025-12-20", "2024-02-20", "2026-05-15"] as const;
const WINDOW_DAYS = 28;
const WINDOW_MINUTES = WINDOW_DAYS * 1440;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

type Interval = [string, string];
type Weekly = Partial<Record<(typeof WEEKDAY_KEYS)[number], Interval[]>>;
interface CalendarJson {
  name: string;
  timezone: string;
  weekly: Weekly;
  periods: { name: string; from: string; to: string; weekly: Weekly }[];
  holidays: string[];
}

// ---------------------------------------------------------------------------------------------
// The reference

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOfIso = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** Local wall clock of an instant, in minutes since 1970-01-01 00:00 of the local calendar. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function wallMinuteOf(timeZone: string, instant: number): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, f);
  }
  // "3/29/2026, 03:15"
  const m = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+)$/.exec(f.format(instant));
  if (!m) throw new Error(`unexpected Intl output ${f.format(instant)}`);
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5])) / MINUTE_MS;
}

const wallCache = new Map<string, Float64Array>();
/** Wall minute of every minute of a window (cached: Intl is the slow part). */
function wallMinutes(timeZone: string, anchor: string): Float64Array {
  const key = `${timeZone} ${anchor}`;
  let out = wallCache.get(key);
  if (!out) {
    const start = Date.parse(`${anchor}T00:00:00Z`);
    out = new Float64Array(WINDOW_MINUTES + 1);
    for (let m = 0; m <= WINDOW_MINUTES; m++) out[m] = wallMinuteOf(timeZone, start + m * MINUTE_MS);
    wallCache.set(key, out);
  }
  return out;
}

/** Working intervals (minutes of the day) of a local date, straight from the calendar JSON. */
function refIntervals(json: CalendarJson, iso: string): [number, number][] {
  if (json.holidays.includes(iso)) return [];
  const period = json.periods.find((p) => p.from <= iso && iso <= p.to);
  const weekly = period ? period.weekly : json.weekly;
  const weekday = WEEKDAY_KEYS[new Date(`${iso}T00:00:00Z`).getUTCDay()]!;
  return (weekly[weekday] ?? []).map(([a, b]) => [minutesOf(a), minutesOf(b)]);
}

interface Reference {
  readonly origin: number;
  /** working[m]: is minute m of the window working time? */
  readonly working: Uint8Array;
  /** cum[m]: working minutes in minutes 0..m-1. */
  readonly cum: Int32Array;
}

function reference(json: CalendarJson, anchor: string): Reference {
  const walls = wallMinutes(json.timezone, anchor);
  const working = new Uint8Array(WINDOW_MINUTES);
  const cum = new Int32Array(WINDOW_MINUTES + 1);
  const byDay = new Map<number, [number, number][]>();
  for (let m = 0; m < WINDOW_MINUTES; m++) {
    const wall = walls[m]!;
    const day = Math.floor(wall / 1440);
    const minuteOfDay = wall - day * 1440;
    let intervals = byDay.get(day);
    if (!intervals) byDay.set(day, (intervals = refIntervals(json, isoOfDay(day))));
    working[m] = intervals.some(([s, e]) => s <= minuteOfDay && minuteOfDay < e) ? 1 : 0;
    cum[m + 1] = cum[m]! + working[m]!;
  }
  return { origin: Date.parse(`${anchor}T00:00:00Z`), working, cum };
}

// ---------------------------------------------------------------------------------------------
// Generators

/**
 * 0–3 intervals on a 15-minute grid, sorted and disjoint (touching allowed), 24:00 possible. Half
 * the boundaries fall between 00:00 and 05:00, where the DST changes of Amsterdam and New York are.
 */
const dayIntervals = fc
  .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 96 }), fc.integer({ min: 0, max: 20 })), { maxLength: 6 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const out: Interval[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) out.push([clock(sorted[i]! * 15), clock(sorted[i + 1]! * 15)]);
    return out;
  });

const weekly: fc.Arbitrary<Weekly> = fc.record(
  Object.fromEntries(WEEKDAY_KEYS.map((d) => [d, dayIntervals])) as Record<(typeof WEEKDAY_KEYS)[number], fc.Arbitrary<Interval[]>>,
);

interface Case {
  json: CalendarJson;
  anchor: string;
}

const calendarCase: fc.Arbitrary<Case> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    anchor: fc.constantFrom(...ANCHORS),
    weekly: weekly.filter((w) => Object.values(w).some((list) => list.length > 0)),
    periods: fc.array(
      fc.record({ start: fc.integer({ min: -2, max: WINDOW_DAYS }), length: fc.integer({ min: 0, max: 10 }), weekly }),
      { maxLength: 2 },
    ),
    holidays: fc.uniqueArray(fc.integer({ min: -2, max: WINDOW_DAYS + 1 }), { maxLength: 8 }),
  })
  .map(({ zone, anchor, weekly, periods, holidays }) => {
    const a = dayOfIso(anchor);
    // Keep the periods that do not overlap an earlier one.
    const kept: CalendarJson["periods"] = [];
    let lastEnd = -Infinity;
    for (const p of [...periods].sort((x, y) => x.start - y.start)) {
      if (p.start <= lastEnd) continue;
      lastEnd = p.start + p.length;
      kept.push({ name: `P${kept.length}`, from: isoOfDay(a + p.start), to: isoOfDay(a + lastEnd), weekly: p.weekly });
    }
    const json: CalendarJson = {
      name: "random",
      timezone: zone,
      weekly,
      periods: kept,
      holidays: holidays.map((d) => isoOfDay(a + d)),
    };
    return { json, anchor };
  });

const minuteInWindow = fc.integer({ min: 0, max: WINDOW_MINUTES });

function setup(c: Case): { cal: Calendar; ref: Reference; at: (m: number) => Date } {
  const cal = parseCalendar(c.json);
  const ref = reference(c.json, c.anchor);
  return { cal, ref, at: (m) => new Date(ref.origin + m * MINUTE_MS) };
}

const RUNS = { numRuns: Number(process.env.CALENDAR_PROPERTY_RUNS ?? 100) };

// ---------------------------------------------------------------------------------------------

describe("calendar engine properties (vs a minute-by-minute reference)", () => {
  it("workingSecondsBetween equals the reference", () => {
    fc.assert(
      fc.property(calendarCase, fc.array(fc.tuple(minuteInWindow, minuteInWindow), { minLength: 1, maxLength: 20 }), (c, pairs) => {
        const { cal, ref, at } = setup(c);
        for (const [a, b] of pairs) {
          const expected = b > a ? (ref.cum[b]! - ref.cum[a]!) * 60 : 0;
          expect(workingSecondsBetween(cal, at(a), at(b))).toBe(expected);
        }
      }),
      RUNS,
    );
  });

  it("is additive: f(a, b) + f(b, c) = f(a, c)", () => {
    fc.assert(
      fc.property(calendarCase, fc.array(fc.tuple(minuteInWindow, minuteInWindow, minuteInWindow), { minLength: 1, maxLength: 10 }), (c, triples) => {
        const { cal, at } = setup(c);
        for (const t of triples) {
          const [a, b, d] = [...t].sort((x, y) => x - y) as [number, number, number];
          // Also at odd seconds, off the minute grid.
          const [x, y, z] = [at(a), new Date(at(b).getTime() + 17_000), new Date(at(d).getTime() + 45_500)];
          if (!(x <= y && y <= z)) continue;
          expect(workingSecondsBetween(cal, x, y) + workingSecondsBetween(cal, y, z)).toBe(workingSecondsBetween(cal, x, z));
        }
      }),
      RUNS,
    );
  });

  it("addWorkingSeconds gives the earliest instant with that much working time, and f(start, result) = s", () => {
    fc.assert(
      fc.property(calendarCase, fc.array(fc.tuple(minuteInWindow, fc.integer({ min: 0, max: 3 * 1440 })), { minLength: 1, maxLength: 10 }), (c, cases) => {
        const { cal, ref, at } = setup(c);
        for (const [a, minutes] of cases) {
          const result = addWorkingSeconds(cal, at(a), minutes * 60);
          expect(workingSecondsBetween(cal, at(a), result)).toBe(minutes * 60);
          // The reference: the first minute boundary T >= a with `minutes` working minutes in [a, T).
          let expected: number | null = minutes === 0 ? a : null;
          for (let t = a + 1; expected === null && t <= WINDOW_MINUTES; t++) {
            if (ref.cum[t]! - ref.cum[a]! === minutes) expected = t;
          }
          if (expected !== null) expect(result.toISOString()).toBe(at(expected).toISOString());
        }
      }),
      RUNS,
    );
  });

  it("addWorkingSeconds with any number of seconds: f(start, result) = s, and it is monotone in s", () => {
    fc.assert(
      fc.property(calendarCase, minuteInWindow, fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 2, maxLength: 10 }), (c, a, amounts) => {
        const { cal, at } = setup(c);
        const sorted = [...amounts].sort((x, y) => x - y);
        let previous = -Infinity;
        for (const s of sorted) {
          const result = addWorkingSeconds(cal, at(a), s).getTime();
          expect(workingSecondsBetween(cal, at(a), new Date(result))).toBe(s);
          expect(result).toBeGreaterThanOrEqual(previous);
          previous = result;
        }
      }),
      RUNS,
    );
  });

  it("addWorkingDays lands on a day with working time, between its opening and its close", () => {
    fc.assert(
      fc.property(calendarCase, fc.integer({ min: 0, max: 14 * 1440 }), fc.integer({ min: 1, max: 4 }), (c, a, days) => {
        const { cal, ref, at } = setup(c);
        const result = addWorkingDays(cal, at(a), days).getTime();
        expect(result).toBeGreaterThan(at(a).getTime());
        const m = (result - ref.origin) / MINUTE_MS;
        expect(Number.isInteger(m)).toBe(true);
        // On its local date, between the first opening and the last close (a clock time in a
        // break stays in the break, DOMAIN.md rule 3). A close at 24:00 shows as 00:00 next day.
        const wall = wallMinuteOf(c.json.timezone, result);
        let day = Math.floor(wall / 1440);
        let clockTime = wall - day * 1440;
        if (clockTime === 0 && refIntervals(c.json, isoOfDay(day - 1)).at(-1)?.[1] === 1440) {
          day -= 1;
          clockTime = 1440;
        }
        const list = refIntervals(c.json, isoOfDay(day));
        expect(list.length).toBeGreaterThan(0);
        expect(clockTime).toBeGreaterThanOrEqual(list[0]![0]);
        expect(clockTime).toBeLessThanOrEqual(list.at(-1)![1]);
      }),
      RUNS,
    );
  });

  it("addWorkingDays follows the clock rule (fixed-offset zones: WIB, WITA, WIT)", () => {
    const fixed = calendarCase.filter((c) => FIXED_OFFSET_ZONES.has(c.json.timezone));
    fc.assert(
      fc.property(fixed, fc.integer({ min: 0, max: 14 * 1440 }), fc.integer({ min: 1, max: 4 }), (c, a, days) => {
        const { cal, ref, at } = setup(c);
        // Snap to the first working minute at or after a (must be in the window to check).
        let snapped = a;
        while (snapped < WINDOW_MINUTES && ref.working[snapped] === 0) snapped++;
        fc.pre(snapped < WINDOW_MINUTES);
        const offset = wallMinuteOf(c.json.timezone, ref.origin) - ref.origin / MINUTE_MS;
        const wall = ref.origin / MINUTE_MS + snapped + offset;
        const startDay = Math.floor(wall / 1440);
        const clockTime = wall - startDay * 1440;
        // Walk the dates forward, counting those with hours.
        let day = startDay;
        for (let n = 0; n < days; ) {
          day++;
          if (refIntervals(c.json, isoOfDay(day)).length > 0) n++;
        }
        const list = refIntervals(c.json, isoOfDay(day));
        // Before the opening → the opening, past the close → the close, a break → kept.
        const dueClock = Math.min(Math.max(clockTime, list[0]![0]), list.at(-1)![1]);
        const expected = new Date((day * 1440 + dueClock - offset) * MINUTE_MS);
        expect(addWorkingDays(cal, at(a), days).toISOString()).toBe(expected.toISOString());
      }),
      RUNS,
    );
  });
});
