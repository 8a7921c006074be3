import type { TimeStandard, TimeUnit } from "./schema.ts";

// Reads the Waktu cell of an SOP step ("30 Menit", "3hari", "2 HK", "1 (satu) hari", ...) into a
// time standard. An empty cell is no standard; a cell that cannot be read is no standard plus a
// warning naming it, never a silent zero.
//
// Structure meant to be extended (ranges "1-3 hari", alternatives): the unit words live in one
// table, the amount in one regex built from it.

export interface WaktuResult {
  standard: TimeStandard | null;
  warning: string | null;
}

// Unit words as written in SOPs, lower case. The regex tries longer words first, so "hari kerja"
// wins over "hari"; a space inside a word may be missing or repeated ("harikerja").
const UNIT_WORDS: Readonly<Record<string, TimeUnit>> = {
  menit: "minute",
  mnt: "minute",
  jam: "hour",
  hari: "day",
  "hari kerja": "day",
  hk: "day",
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const unitAlternatives = Object.keys(UNIT_WORDS)
  .sort((a, b) => b.length - a.length)
  .map((w) => escape(w).replace(/ /g, "\\s*"))
  .join("|");

// <integer> [ "(" number in words ")" ] <unit word>, on the normalised (lower-case, trimmed,
// single-spaced) text. Whitespace between the parts is optional: "30menit", "3hari".
const WAKTU_RE = new RegExp(`^(\\d+)\\s*(?:\\([a-z ]+\\)\\s*)?(${unitAlternatives})$`);

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

const UNIT_BY_COMPACT_WORD = new Map<string, TimeUnit>(
  Object.entries(UNIT_WORDS).map(([word, unit]) => [word.replace(/ /g, ""), unit]),
);

function unitOf(word: string): TimeUnit | undefined {
  return UNIT_BY_COMPACT_WORD.get(word.replace(/\s+/g, ""));
}

export function parseWaktu(text: string | null): WaktuResult {
  if (text === null) return { standard: null, warning: null };
  const norm = normalise(text);
  if (norm === "") return { standard: null, warning: null };

  const m = WAKTU_RE.exec(norm);
  const unit = m?.[2] === undefined ? undefined : unitOf(m[2]);
  if (!m || unit === undefined) {
    return { standard: null, warning: `unrecognised Waktu "${text.trim()}"` };
  }
  const value = Number(m[1]);
  if (!(value > 0)) {
    return { standard: null, warning: `Waktu "${text.trim()}" is not a positive time` };
  }
  return { standard: { value, unit }, warning: null };
}

const LABELS: Record<"id" | "en", Record<TimeUnit, (n: number) => string>> = {
  id: { minute: () => "menit", hour: () => "jam", day: () => "hari" },
  en: { minute: () => "min", hour: () => "h", day: (n) => (n === 1 ? "day" : "days") },
};

export function formatStandard(s: TimeStandard, lang: "id" | "en"): string {
  return `${s.value} ${LABELS[lang][s.unit](s.value)}`;
}
