import { EVERY_OFFICE } from "../db/repos/access.ts";
import { Cron } from "croner";
import { localDate } from "../calendar/index.ts";
import { addMonths } from "../calendar/months.ts";
import { offsetAt } from "../calendar/zoned-time.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { hasImports } from "../db/repos/imports.ts";
import { listOffices } from "../db/repos/offices.ts";
import { makeReport } from "../reports/make-report.ts";
import { monthPeriod } from "../reports/period.ts";
import type { Lang } from "../../views/i18n.ts";
import type { JobDeps } from "./refresh-open-verdicts.ts";

// On the 1st of each month at 07:00 office time, last month's report of every office is written
// under REPORTS_DIR and recorded. A process that starts later catches up on that month; several
// processes on one PostgreSQL make each report once (the report's row is the claim).

export const MONTHLY_REPORT_SCHEDULE = "0 7 1 * *";
const HOUR = 7;

/** The month whose report is due at `now` in `zone`: last month from the 1st at 07:00 on, else the one before. */
export function dueReportMonth(now: Date, zone: string): string {
  const today = localDate(now, zone);
  const wallHour = new Date(now.getTime() + offsetAt(zone, now.getTime())).getUTCHours();
  const thisMonth = today.slice(0, 7);
  const passed = today.slice(8) !== "01" || wallHour >= HOUR;
  return addMonths(thisMonth, passed ? -1 : -2);
}

export interface MonthlyReportDeps extends JobDeps {
  reportsDir: string;
  lang: Lang;
}

/** Makes every office's due report that no process has made yet; returns those made here. */
export async function runMonthlyReports(deps: MonthlyReportDeps): Promise<Array<{ office: string; month: string; path: string }>> {
  const made: Array<{ office: string; month: string; path: string }> = [];
  for (const office of await listOffices(deps.db, EVERY_OFFICE)) {
    // An office that has imported nothing yet has nothing to report.
    if (!(await hasImports(deps.db, office.id))) continue;
    const zone = (await calendarVersions(deps.db, office.calendar_id))[0]?.definition.timezone ?? "Asia/Jakarta";
    const month = dueReportMonth(deps.clock.now(), zone);
    const r = await makeReport(deps.db, deps.clock, { offices: [office], period: monthPeriod(month), lang: deps.lang, madeBy: "jadwal", scheduled: true, dir: deps.reportsDir });
    if (r) {
      deps.logger.info({ office: office.slug, month, path: r.path, bytes: r.bytes }, "monthly report written");
      made.push({ office: office.slug, month, path: r.path });
    }
  }
  return made;
}

/** One job per office zone at 07:00 on the 1st, and a catch-up now; `stop()` ends them. */
export async function scheduleMonthlyReports(deps: MonthlyReportDeps): Promise<{ stop(): void }> {
  const zones = new Set<string>();
  for (const office of await listOffices(deps.db, EVERY_OFFICE)) zones.add((await calendarVersions(deps.db, office.calendar_id))[0]?.definition.timezone ?? "Asia/Jakarta");
  const run = () => runMonthlyReports(deps).then(() => undefined);
  const jobs = [...zones].map(
    (timezone) =>
      new Cron(MONTHLY_REPORT_SCHEDULE, { name: `monthly-reports-${timezone}`, timezone, protect: true, catch: (err: unknown) => deps.logger.error({ err }, "writing the monthly reports failed") }, run),
  );
  void run().catch((err: unknown) => deps.logger.error({ err }, "catching up on the monthly reports failed"));
  return { stop: () => jobs.forEach((j) => j.stop()) };
}
