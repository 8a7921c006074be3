import { nameKey } from "../sop/similarity.ts";
import { looksLikeFormula } from "../text/formula.ts";
import { detach } from "./detach.ts";
import type { Columns, Profile } from "./profile.ts";
import type { FieldValue, SourceRow } from "./readers/types.ts";
import { parseTime } from "./timestamps.ts";
import { zonedWallToInstant } from "./zone.ts";

// Reading one row's cells the way its profile says: which column an alternative names, what counts
// as empty, dates placed in the office's zone, names checked for formulas. A cell that cannot be
// trusted throws RowProblem, which the normaliser turns into a reject naming the field.

export class RowProblem {
  constructor(
    readonly field: string | null,
    readonly reason: string,
  ) {}
}

/**
 * A hash of a row's cells, for spotting repeated rows; -1 when a cell holds a NUL character
 * (see nulColumn). FNV-1a over the values (read two characters a step, to find a NUL in the same
 * pass), each value closed by 0x1f: among one permit's few rows a collision has odds of about
 * one in a hundred million.
 */
export function fingerprint(raw: Record<string, string>): number {
  let h = 0x811c9dc5;
  for (const k in raw) {
    const s = raw[k]!;
    const n = s.length;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const a = s.charCodeAt(i);
      const b = s.charCodeAt(i + 1);
      if (a === 0 || b === 0) return -1;
      // Each character mixed on its own: folding two into one step left the low bits blind to
      // every second character (a review measured 112 collisions in 311,000 variants of a row
      // against 15 this way, ≈ 11 expected of a 32-bit hash).
      h = Math.imul(Math.imul(h ^ a, 0x01000193) ^ b, 0x01000193);
    }
    if (i < n) {
      const a = s.charCodeAt(i);
      if (a === 0) return -1;
      h = Math.imul(h ^ a, 0x01000193);
    }
    h = Math.imul(h ^ 0x1f, 0x01000193);
  }
  return h >>> 0;
}

/** The first column holding a NUL character, which no PostgreSQL text can store; null when none does. */
export function nulColumn(raw: Record<string, string>): string | null {
  for (const k in raw) if (raw[k]!.includes("\0")) return k;
  return null;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** A cell as text for the raw record: dates as the wall time Excel showed. */
function rawText(v: FieldValue): string {
  if (v === null) return "";
  if (v instanceof Date) {
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  }
  return typeof v === "number" ? String(v) : v;
}

const MAX_NAMES = 10_000;
const RECENT_TIMES = 4;

type Value = string | number | Date | null;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The ASCII characters an empty value starts with, either case (the test ignores case); null when
 * one starts with anything else or is empty ("*" alone), and every cell must be tested.
 */
function emptyStarts(values: readonly string[]): Uint8Array | null {
  const starts = new Uint8Array(128);
  for (const v of values) {
    const first = v.trim()[0];
    if (first === undefined || first === "*" || first.charCodeAt(0) >= 128) return null;
    starts[first.toLowerCase().charCodeAt(0)] = 1;
    starts[first.toUpperCase().charCodeAt(0)] = 1;
  }
  return starts;
}

export class FieldReader {
  /** Matches the profile's empty values, in one test per cell. */
  private readonly empty: RegExp | null;
  /**
   * By ASCII character code, whether a cell starting with it may be an empty value; null: any may.
   * Most cells (dates, numbers, names) start with none of them and skip the test.
   */
  private readonly emptyStarts: Uint8Array | null;
  private readonly aliases = new Map<string, string>();
  private readonly names = new Map<string, { stepName: string; sourceStepName: string }>();
  /** The last text read as a date in each column, and its instant: permit-level dates repeat on every row of a permit. */
  private readonly lastTime = new Map<Columns, { text: string; t: number }>();
  /** The last few texts read as dates in any column, and their instants: a step starts when the one before ended. */
  private readonly recentTexts: string[] = new Array<string>(RECENT_TIMES).fill("");
  private readonly recentTimes: number[] = new Array<number>(RECENT_TIMES).fill(0);
  private recentNext = 0;

  constructor(
    private readonly profile: Profile,
    private readonly timezone: string,
    private readonly now: number,
  ) {
    const parts = profile.emptyValues.map((v) => {
      const s = v.trim();
      return s.endsWith("*") ? escapeRegExp(s.slice(0, -1)) : `${escapeRegExp(s)}$`;
    });
    this.empty = parts.length > 0 ? new RegExp(`^(?:${parts.join("|")})`, "i") : null;
    this.emptyStarts = emptyStarts(profile.emptyValues);
    for (const [from, to] of Object.entries(profile.stepAliases)) this.aliases.set(nameKey(from), to);
  }

  /** The first of `alternatives` the row has as a column. */
  column(fields: Record<string, FieldValue>, alternatives: Columns | undefined): string | null {
    if (alternatives === undefined) return null;
    for (const a of alternatives) if (a in fields) return a;
    return null;
  }

  /** The cell, null when it is empty or one of the profile's empty values. (The column is looked up again only for a reject.) */
  value(fields: Record<string, FieldValue>, alternatives: Columns | undefined): Value {
    if (alternatives === undefined) return null;
    let v: FieldValue | undefined;
    for (const a of alternatives) {
      v = fields[a];
      if (v !== undefined) break;
    }
    if (v === undefined || v === null || typeof v !== "string") return v ?? null;
    const s = v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32) ? v.trim() : v;
    if (s === "") return null;
    if (this.empty === null) return s;
    const first = s.charCodeAt(0);
    if (this.emptyStarts !== null && first < 128 && this.emptyStarts[first] === 0) return s;
    return this.empty.test(s) ? null : s;
  }

  /** A text cell; a name (permit, step, actor, …) must not look like a formula. */
  text(fields: Record<string, FieldValue>, alternatives: Columns | undefined, what: string): string | null {
    const value = this.value(fields, alternatives);
    if (value === null) return null;
    const s = typeof value === "string" ? value : value instanceof Date ? rawText(value) : String(value);
    if (looksLikeFormula(s)) {
      throw new RowProblem(this.column(fields, alternatives), `${what} "${s.length > 60 ? `${s.slice(0, 60)}…` : s}" looks like a spreadsheet formula; it is never evaluated, but no ${what} starts so: fix the export`);
    }
    return s;
  }

  /** Like text(), but the value must be there. */
  required(fields: Record<string, FieldValue>, alternatives: Columns, what: string): string {
    const s = this.text(fields, alternatives, what);
    if (s === null) throw new RowProblem(this.column(fields, alternatives) ?? alternatives[0]!, `no ${what}`);
    return s;
  }

  /** An instant (ms) from a date cell, null when empty; refuses a date it cannot read or one after `now`. */
  time(fields: Record<string, FieldValue>, alternatives: Columns | undefined): number | null {
    const value = this.value(fields, alternatives);
    if (value === null) return null;
    const last = typeof value === "string" ? this.lastTime.get(alternatives!) : undefined;
    if (last !== undefined && last.text === value) return last.t;
    const recent = typeof value === "string" ? this.recentTexts.indexOf(value) : -1;
    let t: number;
    if (recent !== -1) {
      t = this.recentTimes[recent]!;
    } else {
      const parsed = parseTime(value, this.profile.dateFormats);
      if (parsed === null) {
        throw new RowProblem(this.column(fields, alternatives), `"${rawText(value)}" is not a date in any of the profile's formats (${this.profile.dateFormats.join(", ")})`);
      }
      t = parsed.offset === null ? zonedWallToInstant(this.timezone, parsed.wall) : parsed.wall - parsed.offset;
      if (t > this.now) throw new RowProblem(this.column(fields, alternatives), `"${rawText(value)}" is in the future (after ${new Date(this.now).toISOString()})`);
      if (typeof value === "string") {
        this.recentTexts[this.recentNext] = value;
        this.recentTimes[this.recentNext] = t;
        this.recentNext = (this.recentNext + 1) % RECENT_TIMES;
      }
    }
    if (typeof value === "string") {
      if (last !== undefined) {
        last.text = value;
        last.t = t;
      } else {
        this.lastTime.set(alternatives!, { text: value, t });
      }
    }
    return t;
  }

  /** The step name as the profile's aliases make it, and as written. One string per distinct name. */
  stepName(source: string): { stepName: string; sourceStepName: string } {
    let names = this.names.get(source);
    if (names === undefined) {
      // Kept in the cache and in every permit's memory: detached from the chunk they were cut from.
      const cleaned = detach(source.replace(/\s+/g, " "));
      names = { stepName: this.aliases.get(nameKey(cleaned)) ?? cleaned, sourceStepName: cleaned };
      // A real export has a few dozen step names; a broken one must not grow the cache for ever.
      if (this.names.size < MAX_NAMES) this.names.set(cleaned, names);
    }
    return names;
  }

  /** The row's cells as text: the row's own object when they already are (CSV). */
  raw(row: SourceRow): Record<string, string> {
    let allText = true;
    for (const key in row.fields) {
      if (typeof row.fields[key] !== "string") {
        allText = false;
        break;
      }
    }
    if (allText) return row.fields as Record<string, string>;
    const raw: Record<string, string> = {};
    for (const key in row.fields) raw[key] = rawText(row.fields[key] ?? null);
    return raw;
  }
}
