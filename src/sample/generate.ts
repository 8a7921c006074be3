import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import ExcelJS from "exceljs";
import { type Calendar, parseCalendar } from "../calendar/index.ts";
import { loadProfile, type Profile } from "../ingest/profile.ts";
import type { Office } from "../offices/schema.ts";
import { readSeeds } from "../seed/read-seeds.ts";
import type { Sop } from "../sop/schema.ts";
import { sampleTable } from "./export-rows.ts";
import { simulatePermits } from "./simulate.ts";

// Sample exports for demos and benchmarks, written in an office's own profile so that they go
// through the real import path: CSV for row-per-step and event exports, XLSX for wide ones.

export interface SampleOptions {
  office: Office;
  months: number;
  seed: number;
  now: Date;
  sops: readonly Sop[];
  calendar: Calendar;
  profile: Profile;
  /** Mean applications per working day over all of the office's permit types (default 12). */
  permitsPerDay?: number;
}

export interface SampleResult {
  files: string[];
  permits: number;
  rows: number;
}

export interface SampleRows {
  columns: string[];
  rows: Generator<string[]>;
  /** Filled in as `rows` is iterated. */
  counts: { permits: number; rows: number };
}

/** The sample as rows of the profile's export (pure: the same options give the same rows). */
export function sampleRows(options: SampleOptions): SampleRows {
  const table = sampleTable(options.profile, options.profile.timezone ?? options.calendar.timezone);
  const counts = { permits: 0, rows: 0 };
  function* rows(): Generator<string[]> {
    const sops = options.sops.filter((s) => s.office === options.office.slug);
    for (const permit of simulatePermits({ ...options, sops })) {
      counts.permits++;
      for (const row of table.rows(permit)) {
        counts.rows++;
        yield row;
      }
    }
  }
  return { columns: table.columns, rows: rows(), counts };
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

async function writeCsv(file: string, sample: SampleRows): Promise<void> {
  const out = createWriteStream(file);
  const lines: string[] = [sample.columns.map(csvField).join(",")];
  const flush = async () => {
    if (!out.write(`${lines.join("\n")}\n`)) await once(out, "drain");
    lines.length = 0;
  };
  for (const row of sample.rows) {
    lines.push(row.map(csvField).join(","));
    if (lines.length >= 2000) await flush();
  }
  if (lines.length > 0) await flush();
  out.end();
  await once(out, "finish");
}

async function writeXlsx(file: string, sample: SampleRows): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet("Rekap");
  sheet.addRow(sample.columns).commit();
  for (const row of sample.rows) sheet.addRow(row).commit();
  await workbook.commit();
}

/** Writes the office's sample export into `outDir`. */
export async function generateSample(options: SampleOptions & { outDir: string }): Promise<SampleResult> {
  await mkdir(options.outDir, { recursive: true });
  const sample = sampleRows(options);
  const wide = options.profile.shape === "wide";
  const file = join(options.outDir, `${options.office.slug}-${options.profile.name}.${wide ? "xlsx" : "csv"}`);
  if (wide) await writeXlsx(file, sample);
  else await writeCsv(file, sample);
  return { files: [file], permits: sample.counts.permits, rows: sample.counts.rows };
}

export interface WriteSampleOptions {
  officeSlug: string;
  months: number;
  seed: number;
  outDir: string;
  now: Date;
  permitsPerDay?: number;
  /** Where seeds/ is (default: the project's). */
  seedsDir?: string;
}

/** `mutubaku sample`: the office's SOPs, calendar and source system's profile from seeds/, then generateSample. */
export async function writeSampleExport(options: WriteSampleOptions): Promise<SampleResult> {
  const seeds = await readSeeds(options.seedsDir);
  const office = seeds.offices.find((o) => o.slug === options.officeSlug);
  if (!office) throw new Error(`unknown office "${options.officeSlug}" (known: ${seeds.offices.map((o) => o.slug).join(", ")})`);
  const calendarFile = seeds.calendars.get(office.calendar);
  if (!calendarFile) throw new Error(`office "${office.slug}" names calendar "${office.calendar}", which is not in seeds`);
  return generateSample({
    office,
    months: options.months,
    seed: options.seed,
    now: options.now,
    sops: seeds.sops,
    calendar: parseCalendar(calendarFile),
    profile: await loadProfile(office.sourceSystem),
    outDir: options.outDir,
    ...(options.permitsPerDay === undefined ? {} : { permitsPerDay: options.permitsPerDay }),
  });
}
