import { EVERY_OFFICE } from "../db/repos/access.ts";
import { access, constants, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { systemClock } from "../clock/index.ts";
import { listOffices } from "../db/repos/offices.ts";
import type { DB } from "../db/schema.ts";
import { makeReport, reportOffices } from "../reports/make-report.ts";
import { writeReport } from "../reports/monthly-report.ts";
import { daysPeriod, monthPeriod, type ReportPeriod } from "../reports/period.ts";



export interface ReportArgs {
  /** Office slugs, or ["semua"] for every office. */
  offices: string[];
  period: ReportPeriod;
  lang: "id" | "en";
  out: string | undefined;
}

/** Parsed arguments, or a usage error message. */
export function parseReportArgs(args: string[]): ReportArgs | string {
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      options: { office: { type: "string" }, month: { type: "string" }, from: { type: "string" }, to: { type: "string" }, lang: { type: "string", default: "id" }, out: { type: "string" } },
    });
    const offices = (values.office ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (offices.length === 0) return "--office is required (an office's slug, several separated by commas, or \"semua\" for every office)";
    if (values.lang !== "id" && values.lang !== "en") return `--lang: "${values.lang}" is neither id nor en`;
    if (values.month && (values.from || values.to)) return "give --month or --from/--to, not both";
    let period: ReportPeriod;
    if (values.month) period = monthPeriod(values.month);
    else if (values.from && values.to) period = daysPeriod(values.from, values.to);
    else return "give --month YYYY-MM, or --from and --to";
    return { offices, period, lang: values.lang, out: values.out };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Why a folder cannot be written to, in words (the system's code is kept in brackets). */
async function unwritable(dir: string): Promise<string | null> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return null;
  } catch (err) {
    const code = err instanceof Error && "code" in err ? String(err.code) : "";
    if (code === "EEXIST" || code === "ENOTDIR") return `a part of ${dir} is a file, not a folder (${code})`;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") return `no permission to write in ${dir} (${code})`;
    return err instanceof Error ? err.message : String(err);
  }
}

export async function reportCommand(db: Kysely<DB>, a: ReportArgs, reportsDir: string): Promise<number> {
  const { offices, unknown } = await reportOffices(db, a.offices, EVERY_OFFICE);
  if (unknown.length > 0) {
    const known = (await listOffices(db, EVERY_OFFICE)).map((o) => o.slug).join(", ");
    const names = unknown.map((s) => `"${s}"`).join(", ");
    console.error(`mutubaku report: unknown office${unknown.length > 1 ? "s" : ""} ${names} (known: ${known}, or "semua")`);
    return 1;
  }
  if (a.out) {
    const out = resolve(a.out);
    const why = await unwritable(dirname(out));
    if (why) {
      console.error(`mutubaku report: cannot write ${out}: ${why}`);
      return 1;
    }
    const r = await writeReport(db, systemClock, { offices, period: a.period, lang: a.lang }, out);
    console.log(`Laporan ditulis: ${r.path} (${r.bytes.toLocaleString("id-ID")} byte)`);
    return 0;
  }
  const dir = resolve(reportsDir);
  const why = await unwritable(dir);
  if (why) {
    console.error(`mutubaku report: cannot write to REPORTS_DIR ${dir}: ${why}`);
    return 1;
  }
  const r = await makeReport(db, systemClock, { offices, period: a.period, lang: a.lang, madeBy: "cli", dir });
  console.log(`Laporan #${r!.id} ditulis: ${r!.path} (${r!.bytes.toLocaleString("id-ID")} byte)`);
  return 0;
}

