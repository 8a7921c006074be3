import { type HolidayImport, kindFromName } from "./holiday-import.ts";
import type { Holiday, HolidayKind } from "./schema.ts";

// A year's SKB 3 Menteri list pasted as text, one holiday a line, as the decree and the news print
// it: "1 Januari 2027 Tahun Baru 2027 Masehi", "1. Selasa, 9 Februari 2027: Cuti Bersama Imlek",
// "8-9 Maret 2027 Hari Raya Nyepi", "2027-05-01 Hari Buruh". A line naming only "Cuti Bersama"
// (a heading) makes the lines after it collective leave; "Libur Nasional" switches back.

const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, january: 1, februari: 2, feb: 2, pebruari: 2, february: 2, maret: 3, mar: 3, march: 3, april: 4, apr: 4,
  mei: 5, may: 5, juni: 6, jun: 6, june: 6, juli: 7, jul: 7, july: 7, agustus: 8, agu: 8, agt: 8, ags: 8, aug: 8, august: 8,
  september: 9, sep: 9, sept: 9, oktober: 10, okt: 10, oct: 10, october: 10, november: 11, nov: 11, nopember: 11,
  desember: 12, des: 12, dec: 12, december: 12,
};
const WEEKDAY = /^(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b[,\s]*/i;
// "8", "8-9", "8 s.d. 9", "8 – 9" then a month name, then an optional year.
const DAY_MONTH = /^(\d{1,2})(?:\s*(?:-|–|—|s\.?\s*d\.?|sampai(?: dengan)?)\s*(\d{1,2}))?\s+([a-z]+)\.?(?:\s+(\d{4}))?\b/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})\b/;
const SLASHED = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/;

export interface PasteOptions {
  /** Kind of a holiday whose line and heading do not say "cuti bersama". */
  kind: HolidayKind;
  /** The year of lines that name none (a list headed "Tahun 2027"). */
  year?: number;
}

const pad = (n: number) => String(n).padStart(2, "0");

function validDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/** The holidays of pasted lines; a line not understood is skipped with a warning naming it. */
export function importPastedHolidays(text: string, options: PasteOptions): HolidayImport {
  const holidays: Holiday[] = [];
  const warnings: string[] = [];
  let kind = options.kind;
  let year = options.year;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/^\s*(?:\d{1,2}[.)]|[-•*])\s+/, "").trim();
    if (line === "") continue;
    const heading = /^(?:\d+\.\s*)?(cuti bersama|libur nasional|hari libur nasional)(?:\s+tahun\s+(\d{4}))?\s*:?$/i.exec(line);
    if (heading) {
      kind = /cuti/i.test(heading[1]!) ? "cuti_bersama" : options.kind;
      if (heading[2]) year = Number(heading[2]);
      continue;
    }
    const yearHeading = /^tahun\s+(\d{4})\s*:?$/i.exec(line);
    if (yearHeading) {
      year = Number(yearHeading[1]);
      continue;
    }
    const body = line.replace(WEEKDAY, "");
    let dates: string[] = [];
    let rest = "";
    let m: RegExpExecArray | null;
    if ((m = ISO.exec(body))) {
      const d = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
      if (d) dates = [d];
      rest = body.slice(m[0].length);
    } else if ((m = SLASHED.exec(body))) {
      const d = validDate(Number(m[3]), Number(m[2]), Number(m[1]));
      if (d) dates = [d];
      rest = body.slice(m[0].length);
    } else if ((m = DAY_MONTH.exec(body))) {
      const month = MONTHS[m[3]!.toLowerCase()];
      const y = m[4] ? Number(m[4]) : year;
      if (month && y) {
        const from = Number(m[1]);
        const to = m[2] ? Number(m[2]) : from;
        for (let d = from; d <= to && d - from < 31; d++) {
          const date = validDate(y, month, d);
          if (date) dates.push(date);
        }
        if (dates.length !== to - from + 1) dates = [];
      } else if (month && !y) {
        warnings.push(`line ${i + 1}: "${raw.trim()}" names no year (give the year in the form, or write it on the line)`);
        continue;
      }
      rest = body.slice(m[0].length);
    }
    if (dates.length === 0) {
      warnings.push(`line ${i + 1}: "${raw.trim()}" holds no date this reader knows (e.g. "1 Januari 2027 Tahun Baru" or "2027-01-01 Tahun Baru")`);
      continue;
    }
    const name = rest.replace(/^[\s:–—-]+/, "").trim() || null;
    for (const date of dates) holidays.push({ date, name, kind: kindFromName(name, kind) });
  }
  return { holidays, closedWeekdays: [], warnings };
}
