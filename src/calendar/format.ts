import type { Calendar } from "./types.ts";

// Working durations for people: "2 hari 3 jam 15 menit" / "2 days 3 h 15 min". A day is the
// calendar's day length (7.5 working hours by default), not 24 hours.

export type Lang = "id" | "en";

const WORDS: Record<Lang, { day: (n: number) => string; hour: string; minute: string }> = {
  id: { day: () => "hari", hour: "jam", minute: "menit" },
  en: { day: (n) => (n === 1 ? "day" : "days"), hour: "h", minute: "min" },
};

/**
 * Seconds of working time in days, hours and minutes; rounded down to whole minutes, zero parts
 * left out, "0 menit" / "0 min" for less than a minute. A negative duration gets a leading "-".
 */
export function formatWorkingDuration(cal: Calendar, seconds: number, lang: Lang): string {
  if (!Number.isFinite(seconds)) throw new RangeError(`formatWorkingDuration: not a finite number: ${seconds}`);
  const w = WORDS[lang];
  const totalMinutes = Math.floor(Math.abs(seconds) / 60);
  // A day length that is not a whole number of minutes is rounded to one.
  const dayMinutes = Math.max(1, Math.round(cal.dayLengthHours * 60));
  const days = Math.floor(totalMinutes / dayMinutes);
  const rest = totalMinutes - days * dayMinutes;
  const hours = Math.floor(rest / 60);
  const minutes = rest % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} ${w.day(days)}`);
  if (hours > 0) parts.push(`${hours} ${w.hour}`);
  if (minutes > 0 || parts.length === 0) parts.push(`${minutes} ${w.minute}`);
  return (seconds < 0 && totalMinutes > 0 ? "-" : "") + parts.join(" ");
}
