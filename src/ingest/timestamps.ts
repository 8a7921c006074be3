import { monthNumber } from "./dates.ts";

// Date-times as the source systems write them, read into a wall-clock value (the local date and
// time written as milliseconds as if the zone were UTC, as in src/calendar/zoned-time.ts) and the
// UTC offset when the text carries one ("…+07:00", "… WIB"). Placing a wall value in the office's
// zone is zone.ts's job.

export const DATE_FORMATS = ["iso", "dmy", "indonesian", "excel_serial"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface ParsedTime {
  wall: number;
  /** Offset (wall − instant, ms) written in the text itself; null: wall time of the profile's zone. */
  offset: number | null;
}

// The calendar engine computes for 1900–2199; anything outside is a typo or a sentinel.
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;
const HOUR = 3_600_000;
const ZONE_NAMES: Record<string, number> = { wib: 7 * HOUR, wita: 8 * HOUR, wit: 9 * HOUR };

// 2026-01-12, 2026-01-12 10:15, 2026-01-12T10:15:00.123+07:00, …Z
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// 12/01/2026, 12-01-2026 10:15, 12.01.2026 10.15.30 WIB
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?\s*(WIB|WITA|WIT)?$/i;
// 12 Januari 2026 10.15, Senin, 12 Jan 2026 pukul 10:15 WIB
const INDONESIAN =
  /^(?:[A-Za-z']+,?\s+)?(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})(?:[ ,]+(?:pukul\s+|jam\s+)?(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?\s*(WIB|WITA|WIT)?$/i;
const SERIAL = /^\d+(?:\.\d+)?$/;
// Excel's serial day 25569 is 1970-01-01; its first day (1) is 1900-01-01 (and 2958465 is 9999-12-31).
const EXCEL_EPOCH_DAYS = 25569;
const MAX_SERIAL = 2958466;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(y: number, mo: number): number {
  return mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : DAYS_IN_MONTH[mo - 1]!;
}

/** Days from 1970-01-01 to a valid date of the proleptic Gregorian calendar: Date.UTC's count, several times faster. */
function daysFromEpoch(y: number, mo: number, d: number): number {
  // Years starting in March, so the leap day ends one (H. Hinnant's days_from_civil).
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** The wall value of a local date and time; null when no such date or time exists. */
function wallOf(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | null {
  if (y < FIRST_YEAR || y > LAST_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  return ((daysFromEpoch(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms;
}

function num(s: string | undefined): number {
  return s === undefined ? 0 : Number(s);
}

/** Two digits at i as a number, or NaN. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * "YYYY-MM-DD" and "YYYY-MM-DD HH:MM:SS" (or with T), the layouts of nearly every database export,
 * read without a regular expression: several times faster over a million rows. Undefined: not
 * this layout, let the general reader try.
 */
function parseIsoFixed(s: string): ParsedTime | null | undefined {
  if (s.length !== 10 && s.length !== 19) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = two(s, 0) * 100 + two(s, 2);
  let h = 0;
  let mi = 0;
  let sec = 0;
  if (s.length === 19) {
    const sep = s.charCodeAt(10);
    if ((sep !== 32 && sep !== 84) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
    h = two(s, 11);
    mi = two(s, 14);
    sec = two(s, 17);
  }
  const mo = two(s, 5);
  const d = two(s, 8);
  if (Number.isNaN(y + mo + d + h + mi + sec)) return undefined;
  const wall = wallOf(y, mo, d, h, mi, sec, 0);
  return wall === null ? null : { wall, offset: null };
}

function isoOffset(z: string | undefined): number | null {
  if (z === undefined) return null;
  if (z.toUpperCase() === "Z") return 0;
  const sign = z.startsWith("-") ? -1 : 1;
  const digits = z.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * HOUR + Number(digits.slice(2, 4) || "0") * 60_000);
}

function parseIso(s: string): ParsedTime | null {
  const fixed = parseIsoFixed(s);
  if (fixed !== undefined) return fixed;
  const m = ISO.exec(s);
  if (!m) return null;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  const wall = wallOf(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), ms);
  return wall === null ? null : { wall, offset: isoOffset(m[8]) };
}

function parseDmy(s: string): ParsedTime | null {
  const m = DMY.exec(s);
  if (!m) return null;
  const wall = wallOf(num(m[3]), num(m[2]), num(m[1]), num(m[4]), num(m[5]), num(m[6]), 0);
  return wall === null ? null : { wall, offset: m[7] ? ZONE_NAMES[m[7].toLowerCase()]! : null };
}

function parseIndonesian(s: string): ParsedTime | null {
  const m = INDONESIAN.exec(s);
  if (!m) return null;
  const month = monthNumber(m[2]!);
  if (month === undefined) return null;
  const wall = wallOf(num(m[3]), month, num(m[1]), num(m[4]), num(m[5]), num(m[6]), 0);
  return wall === null ? null : { wall, offset: m[7] ? ZONE_NAMES[m[7].toLowerCase()]! : null };
}

/** An Excel serial date (days since 1899-12-30, the fraction being the time of day), to the second. */
export function excelSerialToWall(serial: number): number | null {
  if (!(serial >= 1 && serial < MAX_SERIAL)) return null;
  const wall = Math.round((serial - EXCEL_EPOCH_DAYS) * 86_400) * 1_000;
  const y = new Date(wall).getUTCFullYear();
  return y < FIRST_YEAR || y > LAST_YEAR ? null : wall;
}

const PARSERS: Record<DateFormat, (s: string) => ParsedTime | null> = {
  iso: parseIso,
  dmy: parseDmy,
  indonesian: parseIndonesian,
  excel_serial: (s) => {
    if (!SERIAL.test(s)) return null;
    const wall = excelSerialToWall(Number(s));
    return wall === null ? null : { wall, offset: null };
  },
};

/**
 * Reads a cell as a date-time by the first of `formats` that fits. A Date (an XLSX date cell) is
 * already a wall value; a number is an Excel serial date when `formats` allows it. Null when
 * nothing fits: the caller reports the row.
 */
export function parseTime(value: string | number | Date, formats: readonly DateFormat[]): ParsedTime | null {
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) return null;
    const y = value.getUTCFullYear();
    return y < FIRST_YEAR || y > LAST_YEAR ? null : { wall: t, offset: null };
  }
  if (typeof value === "number") {
    if (!formats.includes("excel_serial")) return null;
    const wall = excelSerialToWall(value);
    return wall === null ? null : { wall, offset: null };
  }
  const s = value.trim();
  for (const f of formats) {
    const parsed = PARSERS[f](s);
    if (parsed) return parsed;
  }
  return null;
}
