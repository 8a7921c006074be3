import { EVERY_OFFICE } from "../db/repos/access.ts";
import type { Cron } from "croner";
import { runOnSchedule } from "./run-on-schedule.ts";
import { uncoveredDueYears } from "../calendar-coverage/uncovered-years.ts";
import { listOffices } from "../db/repos/offices.ts";
import type { JobDeps } from "./refresh-open-verdicts.ts";

// Warns in the log, when the server starts and once a day, of each office whose open permits
// are due in a year its calendar lists no holidays for (src/calendar-coverage).

export const CALENDAR_COVERAGE_SCHEDULE = "0 6 * * *";

/** One check: logs a warning per office with uncovered years; returns them. */
export async function warnUncoveredCalendars({ db, logger }: Omit<JobDeps, "clock">): Promise<Array<{ office: string; years: number[] }>> {
  const found: Array<{ office: string; years: number[] }> = [];
  for (const office of await listOffices(db, EVERY_OFFICE)) {
    const years = await uncoveredDueYears(db, office);
    if (years.length === 0) continue;
    found.push({ office: office.slug, years: years.map((y) => y.year) });
    logger.warn(
      { office: office.slug, years: years.map((y) => y.year), permits: years.reduce((n, y) => n + y.permits, 0) },
      `calendar of ${office.slug} lists no holidays for ${years.map((y) => y.year).join(", ")}, where open permits are due: add that year's SKB list on /kantor/${office.slug}/kalender/impor`,
    );
  }
  return found;
}

export function scheduleCalendarCoverage(deps: JobDeps): Cron {
  return runOnSchedule("calendar-coverage", CALENDAR_COVERAGE_SCHEDULE, deps.logger, "checking calendar coverage failed", () => warnUncoveredCalendars(deps));
}
