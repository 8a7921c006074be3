import type { Lang } from "../calendar/format.ts";

// Dates and numbers formatted for id-ID (or the user's English). Pure (Intl only), so that the
// core (alert messages) formats as the pages do; views/format.ts re-exports it.

export const LOCALES: Record<Lang, string> = { id: "id-ID", en: "en-GB" };

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}:${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], options);
    dateFormats.set(key, f);
  }
  return f;
}

/** A calendar date "YYYY-MM-DD" as "10 Mei 2023"; the date is not shifted by any zone. */
export function formatIsoDate(iso: string, lang: Lang, withWeekday = false): string {
  const opts: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
  if (withWeekday) opts.weekday = "long";
  return dateFormat(lang, opts).format(new Date(`${iso}T00:00:00Z`));
}

/** Two calendar dates as one span, "1–23 November 2026" or "28 Okt – 3 Nov 2026". */
export function formatIsoRange(from: string, to: string, lang: Lang): string {
  const f = dateFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  return f.formatRange(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
}

/** A month "YYYY-MM" as "November 2026" (or "Nov 2026"). */
export function formatMonth(month: string, lang: Lang, style: "long" | "short" = "long"): string {
  return dateFormat(lang, { month: style, year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-15T00:00:00Z`));
}

/** A share 0..1 as "87%", whole per cent. */
export function formatPercent(share: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: "percent", maximumFractionDigits: 0 }).format(share);
}

export function formatNumber(n: number, lang: Lang, maxFractionDigits = 2): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: maxFractionDigits }).format(n);
}

/** An instant as people read it, in a zone: "23 Nov 2026, 10.15". */
export function formatDateTime(d: Date, timeZone: string, lang: Lang): string {
  return dateFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
}

/** A short instant for a chart's axis: "20 Nov 11.00". */
export function formatTick(d: Date, timeZone: string, lang: Lang): string {
  return dateFormat(lang, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }).format(d);
}
