import { z } from "zod";
import { localDate } from "../calendar/index.ts";
import { addMonths, lastDayOf } from "../calendar/months.ts";
import { PERMIT_SORTS } from "../db/repos/permits.ts";
import { BASES } from "../db/repos/scope.ts";
import { STEP_SORTS } from "../db/repos/step-occurrences.ts";

// The dashboard's filters live in the URL, so every view can be bookmarked, shared and printed,
// and every figure links to the list behind it with the same filters.

export const STATUSES = ["on_time", "late", "open", "at_risk", "open_late", "no_standard", "not_measurable"] as const;

export const optional = <T extends z.ZodType>(schema: T) =>
  // A filter form sends empty fields for "any": treated as absent.
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

export const pageQuery = z.object({
  office: optional(z.string().max(100)),
  permit_type: optional(z.string().max(300)),
  from: optional(z.iso.date()),
  to: optional(z.iso.date()),
  basis: optional(z.enum(BASES)),
  status: optional(z.string().transform((s, ctx) => {
    const list = s.split(",").filter(Boolean);
    const bad = list.find((x) => !STATUSES.some((k) => k === x));
    if (bad !== undefined) ctx.addIssue({ code: "custom", message: `unknown status "${bad}"` });
    return list;
  })),
  q: optional(z.string().max(100)),
  sort: optional(z.string().max(20)),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
  sop: optional(z.string().max(200)),
  position: optional(z.coerce.number().int().min(1).max(1000)),
  owner: optional(z.enum(["office", "sector_agency", "applicant"])),
  officer: optional(z.string().max(200)),
  share_from: optional(z.coerce.number().min(0).max(1000)),
  share_to: optional(z.coerce.number().min(0).max(1000)),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { message: '"from" is after "to"', path: ["from"] });

export type PageQuery = z.infer<typeof pageQuery>;

/** A query string value per filter; undefined leaves it out. */
export type Params = Partial<Record<keyof PageQuery, string | number | readonly string[] | undefined>>;

/** A link to `path` with the given filters, in a stable order, empty ones left out. */
export function link(path: string, params: Params | Readonly<Record<string, string | number | readonly string[] | undefined>>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === "") continue;
    const s = Array.isArray(v) ? v.join(",") : String(v);
    if (s !== "") u.set(k, s);
  }
  const q = u.toString();
  return q ? `${path}?${q}` : path;
}

/** The filters that describe a population (office, type, period), without list state. */
export function scopeParams(q: PageQuery): Params {
  return { office: q.office, permit_type: q.permit_type, from: q.from, to: q.to, basis: q.basis };
}

export const isPermitSort = (s: string | undefined) => PERMIT_SORTS.find((k) => k === s);
export const isStepSort = (s: string | undefined) => STEP_SORTS.find((k) => k === s);

export interface Period {
  from: string;
  to: string;
  /** The month the headline cards are about: that of `to`, or of today when `to` is later. */
  month: string;
  /** The last day the headline month counts: `to`, today when earlier, or the month's last day. */
  monthTo: string;
  /** Whether the period is the default one (no dates in the URL). */
  defaulted: boolean;
}

/** The period asked for, else the twelve months up to today in the office's zone: on every page. */
export function periodOf(q: PageQuery, now: Date, timezone: string): Period {
  const today = localDate(now, timezone);
  const to = q.to ?? today;
  const from = q.from ?? `${addMonths(to.slice(0, 7), -11)}-01`;
  // Nothing finishes after today: a month up to a later date is counted up to today.
  const monthTo = to < today ? to : today < from ? to : today;
  return { from, to, month: monthTo.slice(0, 7), monthTo, defaulted: q.from === undefined && q.to === undefined };
}

const OPEN_STATUS_FILTERS: readonly string[] = ["open", "at_risk", "open_late"];

/**
 * A list asked for open permits or steps only, with no dates: what is open now has no finish to
 * place in a period, so such a list (Beranda's "open now" figures link to it) spans every date.
 */
export function openNowList(q: PageQuery, period: Period): boolean {
  return period.defaulted && q.status !== undefined && q.status.length > 0 && q.status.every((s) => OPEN_STATUS_FILTERS.includes(s));
}

/** The same days of the month before: 1–23 Oct beside 1–23 Nov, so a partial month is compared like with like. */
export function sameDaysBefore(month: string, monthTo: string): { from: string; to: string } {
  const previous = addMonths(month, -1);
  const last = lastDayOf(previous);
  const full = monthTo === lastDayOf(month);
  const day = `${previous}-${monthTo.slice(8, 10)}`;
  return { from: `${previous}-01`, to: full || day > last ? last : day };
}
