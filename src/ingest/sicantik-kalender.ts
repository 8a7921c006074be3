import { parseDateOnly } from "./dates.ts";
import type { Row } from "./read-rows.ts";
import { type HolidayImport, HolidayImportError, kindFromName } from "../calendar/holiday-import.ts";
import type { Holiday, HolidayKind, Weekday } from "../calendar/schema.ts";

// SiCantik Cloud keeps a per-office non-working-day table (`kalender`). Its export has a row per
// date (tanggal + keterangan) or per weekday (hari: every such weekday is off). Column names vary
// between offices' templates, so each field is found by any of its usual names.

const COLUMNS = {
  date: ["tanggal", "tgl", "tgl_libur", "tanggal_libur", "tgl_kalender", "date"],
  weekday: ["hari", "nama_hari", "day", "weekday"],
  name: ["keterangan", "ket", "nama", "nama_libur", "deskripsi", "description", "summary"],
  kind: ["jenis", "jenis_libur", "tipe", "kategori", "kind"],
} as const;

const WEEKDAY_NAMES: Record<string, Weekday> = {
  senin: "mon", monday: "mon", selasa: "tue", tuesday: "tue", rabu: "wed", wednesday: "wed",
  kamis: "thu", thursday: "thu", jumat: "fri", "jum'at": "fri", friday: "fri",
  sabtu: "sat", saturday: "sat", minggu: "sun", ahad: "sun", sunday: "sun",
};

function column(rows: Row[], names: readonly string[]): string | null {
  const keys = new Set(rows.flatMap((r) => Object.keys(r)));
  return names.find((n) => keys.has(n)) ?? null;
}

function kindOf(text: string | undefined, name: string | null, fallback: HolidayKind): HolidayKind {
  const t = (text ?? "").toLowerCase();
  if (/cuti/.test(t)) return "cuti_bersama";
  if (/nasional/.test(t)) return "libur_nasional";
  if (/daerah|lokal/.test(t)) return "libur_daerah";
  return kindFromName(name, fallback);
}

export function importSicantikKalender(rows: Row[], options: { fileName: string; kind: HolidayKind }): HolidayImport {
  const { fileName } = options;
  if (rows.length === 0) throw new HolidayImportError(`${fileName}: no data rows (the file is empty or has only a header line)`);
  const dateCol = column(rows, COLUMNS.date);
  const weekdayCol = column(rows, COLUMNS.weekday);
  if (!dateCol && !weekdayCol) {
    throw new HolidayImportError(`${fileName}: no date column (${COLUMNS.date.join(", ")}) and no weekday column (${COLUMNS.weekday.join(", ")})`);
  }
  const nameCol = column(rows, COLUMNS.name);
  const kindCol = column(rows, COLUMNS.kind);
  const holidays = new Map<string, Holiday>();
  const closed = new Set<Weekday>();
  const warnings: string[] = [];
  rows.forEach((row, i) => {
    // Row 1 is the header in a CSV; counting it keeps numbers equal to what a spreadsheet shows.
    const where = `${fileName}: row ${i + 2}`;
    const dateText = dateCol ? row[dateCol]?.trim() : "";
    const name = (nameCol && row[nameCol]?.trim()) || null;
    if (dateText) {
      const date = parseDateOnly(dateText);
      if (!date) {
        warnings.push(`${where}, ${dateCol}: "${dateText}" is not a date, skipped`);
        return;
      }
      if (!holidays.has(date)) holidays.set(date, { date, name, kind: kindOf(kindCol ? row[kindCol] : undefined, name, options.kind) });
      return;
    }
    const dayText = weekdayCol ? row[weekdayCol]?.trim().toLowerCase() : "";
    if (dayText) {
      const day = WEEKDAY_NAMES[dayText];
      if (day) closed.add(day);
      else warnings.push(`${where}, ${weekdayCol}: "${dayText}" is not a weekday, skipped`);
      return;
    }
    warnings.push(`${where}: neither ${dateCol ?? "a date"} nor ${weekdayCol ?? "a weekday"}, skipped`);
  });
  return { holidays: [...holidays.values()].sort((a, b) => a.date.localeCompare(b.date)), closedWeekdays: [...closed], warnings };
}
