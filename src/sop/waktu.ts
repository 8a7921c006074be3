import type { TimeStandard, TimeUnit, WaktuAlternative } from "./schema.ts";

// Reads the Waktu cell of an SOP step into a time standard. The forms found in SOP documents:
//   "30 Menit", "30menit", "1 Jam", "4 Hari", "2 hari kerja", "2 HK", "1 (satu) hari", "1,5 jam",
//   "paling lama 3 hari" (a standard is a maximum anyway),
//   ranges "1-3 hari", "1 s.d. 3 hari", "1 – 3 hari", "30 menit - 1 jam": the upper bound is the
//   standard, the lower bound is kept,
//   alternatives by condition "7 hari dengan bupati; 2 hari dengan Kadin": no standard until someone
//   chooses, so the result says it needs a choice.
// An empty cell is no standard and no warning; any other form is no standard plus a warning naming
// the text, never a silent zero.

export interface WaktuResult {
  /** The cell as written, trimmed and single-spaced; null when empty. */
  text: string | null;
  standard: TimeStandard | null;
  /** The lower bound of a range. */
  lower: TimeStandard | null;
  alternatives: WaktuAlternative[];
  /** True when the cell gives alternatives by condition and `standard` is left to a person. */
  needsChoice: boolean;
  warning: string | null;
}

// Unit words as written in SOPs, lower case. Longer words are tried first, so "hari kerja" wins over
// "hari"; a space inside a word may be missing or repeated ("harikerja").
const UNIT_WORDS: Readonly<Record<string, TimeUnit>> = {
  menit: "minute",
  mnt: "minute",
  jam: "hour",
  hari: "day",
  "hari kerja": "day",
  hk: "day",
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const UNIT = `(${Object.keys(UNIT_WORDS)
  .sort((a, b) => b.length - a.length)
  .map((w) => escape(w).replace(/ /g, "\\s*"))
  .join("|")})(?![a-z])`;

// A number ("30", "1,5", "1.5"), then maybe the number in words: "1 (satu)".
const AMOUNT = String.raw`(\d+(?:[.,]\d+)?)\s*(?:\([a-z ]+\)\s*)?`;
// "-", "–", "—", "s.d.", "s/d", "sd", "sampai (dengan)", "hingga".
const RANGE_SEPARATOR = String.raw`\s*(?:-|–|—|s\s*[./]?\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*`;
const MAXIMUM = String.raw`(?:(?:maks(?:imal|imum)?|max)\.?|paling\s+lama|selambat-lambatnya)\s*`;
// [maximum] [lower [unit] separator] upper unit; groups: lower, lower unit, upper, upper unit.
const QUANTITY = `(?:${MAXIMUM})?(?:${AMOUNT}(?:${UNIT})?${RANGE_SEPARATOR})?${AMOUNT}${UNIT}`;

const WHOLE_RE = new RegExp(`^${QUANTITY}\\.?$`, "i");
// An alternative: the quantity and its condition, in either order ("2 hari dengan Kadin", "Kadin: 2 hari").
const QUANTITY_FIRST_RE = new RegExp(`^${QUANTITY}\\s*[,:]?\\s*(.*)$`, "i");
const CONDITION_FIRST_RE = new RegExp(`^(.*?)\\s*[,:]?\\s*${QUANTITY}$`, "i");
const ALTERNATIVE_SEPARATOR = /\s*;\s*|\s+atau\s+|\s+\/\s+/i;

const UNIT_BY_COMPACT_WORD = new Map<string, TimeUnit>(
  Object.entries(UNIT_WORDS).map(([word, unit]) => [word.replace(/ /g, ""), unit]),
);

function unitOf(word: string): TimeUnit | undefined {
  return UNIT_BY_COMPACT_WORD.get(word.toLowerCase().replace(/\s+/g, ""));
}

const amountOf = (digits: string): number => Number(digits.replace(",", "."));

// Minutes of a standard where units can be compared without a calendar; null for days.
const minutesOf = (s: TimeStandard): number | null =>
  s.unit === "minute" ? s.value : s.unit === "hour" ? s.value * 60 : null;

interface Quantity {
  standard: TimeStandard;
  lower: TimeStandard | null;
}

// Reads the groups of QUANTITY (starting at `at`); a string when the numbers make no sense.
function quantityOf(groups: ReadonlyArray<string | undefined>, at: number, text: string): Quantity | string {
  const [lowerDigits, lowerWord, upperDigits, upperWord] = groups.slice(at, at + 4);
  const unit = upperWord === undefined ? undefined : unitOf(upperWord);
  if (upperDigits === undefined || unit === undefined) return `unrecognised Waktu "${text}"`;
  const standard: TimeStandard = { value: amountOf(upperDigits), unit };
  if (!(standard.value > 0)) return `Waktu "${text}" is not a positive time`;
  if (lowerDigits === undefined) return { standard, lower: null };

  const lower: TimeStandard = { value: amountOf(lowerDigits), unit: (lowerWord && unitOf(lowerWord)) || unit };
  if (!(lower.value > 0)) return `Waktu "${text}" is not a positive time`;
  if (!rangeRunsUp(lower, standard)) return `Waktu "${text}" is a range whose lower bound exceeds its upper bound`;
  return { standard, lower };
}

function rangeRunsUp(lower: TimeStandard, upper: TimeStandard): boolean {
  if (lower.unit === upper.unit) return lower.value <= upper.value;
  const [lo, up] = [minutesOf(lower), minutesOf(upper)];
  if (lo !== null && up !== null) return lo <= up;
  return upper.unit === "day"; // minutes or hours up to days; days down to hours is backwards
}

function readAlternative(part: string, text: string): WaktuAlternative | null {
  for (const [re, quantityAt, conditionAt] of [
    [QUANTITY_FIRST_RE, 1, 5],
    [CONDITION_FIRST_RE, 2, 1],
  ] as const) {
    const m = re.exec(part);
    if (!m) continue;
    const quantity = quantityOf(m, quantityAt, text);
    const condition = (m[conditionAt] ?? "").replace(/^\(\s*|\s*\)$/g, "").trim();
    if (typeof quantity !== "string" && /\p{L}/u.test(condition)) return { condition, standard: quantity.standard };
  }
  return null;
}

const EMPTY: WaktuResult = { text: null, standard: null, lower: null, alternatives: [], needsChoice: false, warning: null };

export function parseWaktu(cell: string | null): WaktuResult {
  const text = (cell ?? "").replace(/\s+/g, " ").trim();
  if (text === "") return EMPTY;
  const refused = (warning: string): WaktuResult => ({ ...EMPTY, text, warning });

  const whole = WHOLE_RE.exec(text);
  if (whole) {
    const quantity = quantityOf(whole, 1, text);
    if (typeof quantity === "string") return refused(quantity);
    return { ...EMPTY, text, standard: quantity.standard, lower: quantity.lower };
  }

  const parts = text.split(ALTERNATIVE_SEPARATOR).filter((p) => p !== "");
  if (parts.length > 1) {
    const alternatives = parts.map((p) => readAlternative(p, text));
    if (alternatives.every((a) => a !== null)) return { ...EMPTY, text, alternatives, needsChoice: true };
  }
  return refused(`unrecognised Waktu "${text}"`);
}

const LABELS: Record<"id" | "en", Record<TimeUnit, (n: number) => string>> = {
  id: { minute: () => "menit", hour: () => "jam", day: () => "hari" },
  en: { minute: () => "min", hour: () => "h", day: (n) => (n === 1 ? "day" : "days") },
};

export function formatStandard(s: TimeStandard, lang: "id" | "en"): string {
  const value = lang === "id" ? String(s.value).replace(".", ",") : String(s.value);
  return `${value} ${LABELS[lang][s.unit](s.value)}`;
}
