import { offsetAt } from "../calendar/zoned-time.ts";
import type { DateFormat } from "../ingest/timestamps.ts";

// Instants written the way a source system writes local times.

const MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

const two = (n: number) => String(n).padStart(2, "0");

export function formatTime(t: number, format: DateFormat, timeZone: string): string {
  const w = new Date(t + offsetAt(timeZone, t));
  const y = w.getUTCFullYear();
  const mo = w.getUTCMonth();
  const d = w.getUTCDate();
  const hh = two(w.getUTCHours());
  const mm = two(w.getUTCMinutes());
  switch (format) {
    case "iso":
      return `${y}-${two(mo + 1)}-${two(d)} ${hh}:${mm}:${two(w.getUTCSeconds())}`;
    case "dmy":
      return `${two(d)}/${two(mo + 1)}/${y} ${hh}:${mm}`;
    case "indonesian":
      return `${d} ${MONTHS[mo]} ${y} ${hh}.${mm}`;
    case "excel_serial":
      return String(Math.round(((w.getTime() / 86_400_000 + 25569) * 86_400)) / 86_400);
  }
}
