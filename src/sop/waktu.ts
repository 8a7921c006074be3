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
  /** Why the text gives no standard, in English (for the CLI and logs); null when it does or is empty. */
  warning: string | null;
  /** The same as `warning`, as a code and its parameters, for a page to word in its language. */
  issue: WaktuIssue | null;
}

/** Parameters of each kind of Waktu warning, by code. */
export type WaktuWarningParams = {
  waktuUnrecognised: { text: string };
  waktuNotPositive: { text: string };
  waktuRangeBackwards: { text: string };
};

export type WaktuWarningCode = keyof WaktuWarningParams;

/** Every code a Waktu warning can carry. */
export const WAKTU_WARNING_CODES = ["waktuUnrecognised", "waktuNotPositive", "waktuRangeBackwards"] as const satisfies readonly WaktuWarningCode[];

export type WaktuIssue = { [K in WaktuWarningCode]: { code: K; params: WaktuWarningParams[K] } }[WaktuWarningCode];

interface Refusal {
  issue: WaktuIssue;
  message: string;
}

const refusal = (code: WaktuWarningCode, text: string): Refusal => ({
  issue: { code, params: { text } },
  message: {
    waktuUnrecognised: `unrecognised Waktu "${text}"`,
    waktuNotPositive: `Waktu "${text}" is not a positive time`,
    waktuRangeBackwards: `Waktu "${text}" is a range whose lower bound exceeds its upper bound`,
  }[code],
});

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

// Reads the groups of QUANTITY (starting at `at`); a refusal when the numbers make no sense.
function quantityOf(groups: ReadonlyArray<string | undefined>, at: number, text: string): Quantity | Refusal {
  const [lowerDigits, lowerWord, upperDigits, upperWord] = groups.slice(at, at + 4);
  const unit = upperWord === undefined ? undefined : unitOf(upperWord);
  if (upperDigits === undefined || unit === undefined) return refusal("waktuUnrecognised", text);
  const standard: TimeStandard = { value: amountOf(upperDigits), unit };
  if (!(standard.value > 0)) return refusal("waktuNotPositive", text);
  if (lowerDigits === undefined) return { standard, lower: null };

  const lower: TimeStandard = { value: amountOf(lowerDigits), unit: (lowerWord && unitOf(lowerWord)) || unit };
  if (!(lower.value > 0)) return refusal("waktuNotPositive", text);
  if (!rangeRunsUp(lower, standard)) return refusal("waktuRangeBackwards", text);
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
    if ("standard" in quantity && /\p{L}/u.test(condition)) return { condition, standard: quantity.standard };
  }
  return null;
}

const EMPTY: WaktuResult = { text: null, standard: null, lower: null, alternatives: [], needsChoice: false, warning: null, issue: null };

export function parseWaktu(cell: string | null): WaktuResult {
  const text = (cell ?? "").replace(/\s+/g, " ").trim();
  if (text === "") return EMPTY;
  const refused = ({ issue, message }: Refusal): WaktuResult => ({ ...EMPTY, text, warning: message, issue });

  const whole = WHOLE_RE.exec(text);
  if (whole) {
    const quantity = quantityOf(whole, 1, text);
    if ("issue" in quantity) return refused(quantity);
    return { ...EMPTY, text, standard: quantity.standard, lower: quantity.lower };
  }

  const parts = text.split(ALTERNATIVE_SEPARATOR).filter((p) => p !== "");
  if (parts.length > 1) {
    const alternatives = parts.map((p) => readAlternative(p, text));
    if (alternatives.every((a) => a !== null)) return { ...EMPTY, text, alternatives, needsChoice: true };
  }
  return refused(refusal("waktuUnrecognised", text));
}

const LABELS: Record<"id" | "en", Record<TimeUnit, (n: number) => string>> = {
  id: { minute: () => "menit", hour: () => "jam", day: () => "hari" },
  en: { minute: () => "min", hour: () => "h", day: (n) => (n === 1 ? "day" : "days") },
};

export function formatStandard(s: TimeStandard, lang: "id" | "en"): string {
  const value = lang === "id" ? String(s.value).replace(".", ",") : String(s.value);
  return `${value} ${LABELS[lang][s.unit](s.value)}`;
}
