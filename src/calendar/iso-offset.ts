import { MS_PER_MINUTE, offsetAt } from "./zoned-time.ts";

/** An instant as ISO 8601 in a zone's local time with its offset: "2026-03-02T08:10:00+07:00". */
export function isoWithOffset(at: Date, timeZone: string): string {
  const offset = offsetAt(timeZone, at.getTime());
  const local = new Date(at.getTime() + offset).toISOString().slice(0, 19);
  const minutes = Math.round(Math.abs(offset) / MS_PER_MINUTE);
  const sign = offset < 0 ? "-" : "+";
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
