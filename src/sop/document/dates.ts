// Dates as SOP documents write them: "2 Januari 2022", "10 Mei 2023", "Senin, 2 Jan 2022",
// "02-01-2022" (day first), "2022-01-02".

const MONTHS: Readonly<Record<string, number>> = {
  januari: 1, jan: 1,
  februari: 2, pebruari: 2, feb: 2, peb: 2,
  maret: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5,
  juni: 6, jun: 6,
  juli: 7, jul: 7,
  agustus: 8, agu: 8, agt: 8, ags: 8, agus: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10,
  november: 11, nopember: 11, nov: 11, nop: 11,
  desember: 12, des: 12,
};

const WEEKDAY = /^(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu),?\s+/i;
const WORDS = /^(\d{1,2})\s+(\p{L}+)\.?\s+(\d{4})$/u;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** The ISO date ("YYYY-MM-DD") of a date written in an SOP, or null when it is not one. */
export function parseDocumentDate(text: string): string | null {
  const s = text.trim().replace(WEEKDAY, "").replace(/\s+/g, " ");
  let m = WORDS.exec(s);
  if (m) {
    const month = MONTHS[(m[2] ?? "").toLowerCase()];
    return month === undefined ? null : isoDate(Number(m[3]), month, Number(m[1]));
  }
  m = DAY_FIRST.exec(s);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = ISO.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}
