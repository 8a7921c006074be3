import type { Access } from "../db/repos/access.ts";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type { Clock } from "../clock/index.ts";
import { listOffices, type OfficeListItem } from "../db/repos/offices.ts";
import { claimReport, dataMarks, failReport, finishReport, retakeScheduledReport } from "../db/repos/reports.ts";
import type { DB } from "../db/schema.ts";
import type { Lang } from "../../views/i18n.ts";
import { type ReportResult, writeReport } from "./monthly-report.ts";
import type { ReportPeriod } from "./period.ts";

// Making a report as the app does it (the schedule, the Laporan page, the CLI): recorded in the
// database first (for a scheduled one, the record is the claim that keeps two processes from both
// making it), written under REPORTS_DIR, then marked done with its size and the data it came from.
// Every report gets a file of its own: making one again keeps the old file.

export interface MakeReport {
  /** One office or several; null for every office. */
  offices: readonly OfficeListItem[] | null;
  period: ReportPeriod;
  lang: Lang;
  /** "jadwal" (the schedule), "cli", or who asked. */
  madeBy: string;
  scheduled?: boolean;
  dir: string;
}

/** A scheduled report still being made after this long was abandoned by its maker. */
const ABANDONED_AFTER_MS = 30 * 60_000;

/** The offices of the slugs asked for, in the offices' order ("semua": every office, null); or the slugs no office has. */
export async function reportOffices(db: Kysely<DB>, slugs: readonly string[], access: Access): Promise<{ offices: OfficeListItem[] | null; unknown: string[] }> {
  const all = await listOffices(db, access);
  const known = new Set(all.map((o) => o.slug));
  const unknown = [...new Set(slugs.filter((s) => s !== "semua" && !known.has(s)))];
  // "Every office" for someone who may not see every office is theirs.
  const every = slugs.includes("semua");
  if (every && access.offices !== "all") return { offices: all, unknown };
  return { offices: every ? null : all.filter((o) => slugs.includes(o.slug)), unknown };
}

/** The name a report is downloaded under: laporan-kampar-2026-10.xlsx, laporan-kampar-pekanbaru-2026-10.xlsx, laporan-semua-kantor-2026-10.xlsx. */
export function reportDownloadName(officeSlugs: readonly string[] | null, period: { from: string; to: string }, lang: Lang): string {
  const month = period.from.endsWith("-01") && period.from.slice(0, 7) === period.to.slice(0, 7) && Number(period.to.slice(8)) >= 28 ? period.from.slice(0, 7) : null;
  return `laporan-${officeSlugs?.join("-") ?? "semua-kantor"}-${month ?? `${period.from}_${period.to}`}${lang === "en" ? "-en" : ""}.xlsx`;
}

/** Makes the report; null when it is scheduled and another process has it already. */
export async function makeReport(db: Kysely<DB>, clock: Clock, m: MakeReport): Promise<(ReportResult & { id: number }) | null> {
  const officeIds = m.offices?.map((o) => o.id) ?? null;
  const claim = { officeIds, from: m.period.from, to: m.period.to, lang: m.lang };
  const at = clock.now();
  const id = (await claimReport(db, { ...claim, at, madeBy: m.madeBy, scheduled: m.scheduled ?? false })) ?? (m.scheduled ? await retakeScheduledReport(db, { ...claim, at }, new Date(at.getTime() - ABANDONED_AFTER_MS)) : null);
  if (id === null) return null;
  // Read before the figures are: a change made while the report is written marks it out of date.
  const marks = await dataMarks(db, officeIds);
  const fileName = reportDownloadName(m.offices?.map((o) => o.slug) ?? null, m.period, m.lang).replace(/\.xlsx$/, `-${id}.xlsx`);
  try {
    const result = await writeReport(db, clock, { offices: m.offices, period: m.period, lang: m.lang }, join(m.dir, fileName));
    await finishReport(db, id, { fileName, bytes: result.bytes, marks, at: clock.now() });
    return { ...result, id };
  } catch (err) {
    await failReport(db, id, err instanceof Error ? err.message : String(err), clock.now());
    throw err;
  }
}
