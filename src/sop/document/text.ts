// Cleaning of cell text extracted from SOP documents: stray HTML (<p>, <ul>, entities), markdown
// bold, list bullets and runs of whitespace.

// Tags that end a paragraph or a list item: their text stays a separate segment.
const BLOCK_TAG = /<\/?(?:p|div|li|ul|ol|br|tr|td|th|table|tbody|thead|h[1-6]|blockquote)\b[^>]*>/gi;
// Any other tag; "<" must be followed by a letter or "/", so "< 3 hari" stays text.
const OTHER_TAG = /<\/?[a-z][^>]*>/gi;
// A list bullet at the start of a segment or after the end of a sentence ("Gigi. - Petugas ...").
// Dashes inside a sentence ("1 – 3 hari", "Undang-Undang") are not bullets.
const BULLET = /(^|\n|[.;:!?])[ \t\u00a0]*[-–—•·▪●◦*][ \t\u00a0]+/g;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ndash: "–",
  mdash: "—",
  bull: "•",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const collapse = (s: string): string => s.replace(/\s+/g, " ").trim();

/**
 * The text segments of a cell: paragraphs, list items and bulleted parts, each cleaned. With
 * `wideSpaces`, a run of two or more spaces also separates segments (extraction often turns a line
 * break into two spaces, as in the signatory cell).
 */
export function cellSegments(raw: string, options: { wideSpaces?: boolean } = {}): string[] {
  let s = decodeEntities(raw.replace(BLOCK_TAG, "\n").replace(OTHER_TAG, "")).replace(/\*\*/g, "");
  if (options.wideSpaces) s = s.replace(/[ \t\u00a0]{2,}/g, "\n");
  s = s.replace(BULLET, "$1\n");
  return s
    .split("\n")
    .map(collapse)
    .filter((seg) => seg !== "");
}

const endsSentence = (s: string): boolean => /[.;:,!?]$/.test(s);

/** Segments as one line of text; a segment that does not end a sentence is followed by "; ". */
export function joinSegments(segments: string[]): string {
  return segments.reduce((acc, seg) => (acc === "" ? seg : `${acc}${endsSentence(acc) ? " " : "; "}${seg}`), "");
}

/** The cleaned text of a cell; "" for an empty cell or one holding only a dash. */
export function cleanCell(raw: string): string {
  const text = joinSegments(cellSegments(raw));
  return /^[-–—]+$/.test(text) ? "" : text;
}

const isAllCaps = (s: string): boolean => /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);

// Words that stay lower case inside a title, and abbreviations that stay upper case.
const SMALL_WORDS = new Set(["dan", "atau", "di", "ke", "dari", "untuk", "yang", "pada", "dengan", "serta", "tentang"]);
const ABBREVIATIONS = new Set(["SOP", "DPMPTSP", "PTSP", "OPD", "RI", "SIP", "SIK", "TTE", "OSS", "NIB", "UMKM", "PT", "CV"]);

/**
 * "IZIN OPERASIONAL ORGANISASI SOSIAL" -> "Izin Operasional Organisasi Sosial". Only text written all
 * in capitals is changed; words in parentheses ("(SIKTG)") and known abbreviations stay as written.
 */
export function titleCase(s: string): string {
  if (!isAllCaps(s)) return s;
  return s
    .split(" ")
    .map((word, i) => {
      if (word.startsWith("(") || ABBREVIATIONS.has(word.replace(/[^\p{L}]/gu, ""))) return word;
      const lower = word.toLowerCase();
      if (i > 0 && SMALL_WORDS.has(lower)) return lower;
      return lower.replace(/(^|[-/])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
    })
    .join(" ");
}

/**
 * The items of a list cell: "<ol> 1. A; 2. B; </ol>" or list items (<li>). Numbers are matched in
 * sequence (1., 2., 3. ...), so "No. 54" inside an item does not split it.
 */
export function listItems(raw: string): string[] {
  const segments = cellSegments(raw);
  const text = segments.join(" ");
  const starts: number[] = [];
  for (let n = 1, from = 0; ; n++) {
    const m = new RegExp(`(?:^|\\s)${n}[.)]\\s+`).exec(text.slice(from));
    if (!m) break;
    starts.push(from + m.index);
    from += m.index + m[0].length;
  }
  const items = starts.length > 1 ? starts.map((at, i) => text.slice(at, starts[i + 1])) : segments;
  return items.map((item) => item.replace(/^\s*\d+[.)]\s+/, "").replace(/[\s;,]+$/, "").trim()).filter((item) => item !== "");
}
