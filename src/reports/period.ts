import { addMonths, lastDayOf } from "../calendar/months.ts";
import { dayNumberOf, isIsoDate, isoDateOf } from "../calendar/zoned-time.ts";

// A report's period: a month or any run of days ("YYYY-MM-DD", both included, in the office's
// zone), with the periods it is set against.

export interface ReportPeriod {
  from: string;
  to: string;
  /** "YYYY-MM" when the period is one whole month. */
  month: string | null;
}

export class PeriodError extends Error {}

export function monthPeriod(month: string): ReportPeriod {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new PeriodError(`not a month: "${month}" (expected YYYY-MM, e.g. 2026-10)`);
  return { from: `${month}-01`, to: lastDayOf(month), month };
}

export function daysPeriod(from: string, to: string): ReportPeriod {
  for (const [name, d] of [["from", from], ["to", to]] as const) {
    if (!isIsoDate(d)) throw new PeriodError(`--${name}: not a date: "${d}" (expected YYYY-MM-DD)`);
  }
  if (to < from) throw new PeriodError(`--to (${to}) is before --from (${from})`);
  const month = from.endsWith("-01") && to === lastDayOf(from.slice(0, 7)) ? from.slice(0, 7) : null;
  return { from, to, month };
}

/** The period of the same length just before: the month before, for a month. */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  if (p.month) return monthPeriod(addMonths(p.month, -1));
  const days = dayNumberOf(p.to) - dayNumberOf(p.from) + 1;
  return daysPeriod(isoDateOf(dayNumberOf(p.from) - days), isoDateOf(dayNumberOf(p.from) - 1));
}

/** The same days a year before (29 February becomes the 28th). */
export function yearBefore(p: ReportPeriod): ReportPeriod {
  if (p.month) return monthPeriod(addMonths(p.month, -12));
  const back = (d: string) => {
    const y = `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;
    return isIsoDate(y) ? y : `${y.slice(0, 8)}28`;
  };
  return daysPeriod(back(p.from), back(p.to));
}
