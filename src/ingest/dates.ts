// Dates as the source systems write them. Issue-independent: used by calendar imports now and by
// the export profiles later.

const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, january: 1,
  februari: 2, feb: 2, pebruari: 2, february: 2,
  maret: 3, mar: 3, march: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, jun: 6, june: 6,
  juli: 7, jul: 7, july: 7,
  agustus: 8, agu: 8, agt: 8, aug: 8, august: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10, oct: 10, october: 10,
  november: 11, nov: 11, nopember: 11,
  desember: 12, des: 12, dec: 12, december: 12,
};

/** The month (1–12) of an Indonesian or English month name or abbreviation ("Januari", "Agt", "Nopember"); undefined when unknown. */
export function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase()];
}

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A calendar date ("YYYY-MM-DD") from "2026-01-01", "2026-01-01 00:00:00", "01/01/2026",
 * "01-01-2026", "1 Januari 2026" or "Kamis, 1 Januari 2026"; null when it is none of these or no
 * real date. Day-first, as Indonesian offices write dates.
 */
export function parseDateOnly(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s.*)?$/.exec(s);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(?:[A-Za-z']+,?\s+)?(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})(?:\s.*)?$/.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    return month ? iso(Number(m[3]), month, Number(m[1])) : null;
  }
  return null;
}
