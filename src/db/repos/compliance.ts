import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import { type Scope, scopedPermits, scopedSteps, type StepScope } from "./scope.ts";

// Compliance figures, aggregated in the database from the stored verdicts: counts behind every
// percentage, the median and 90th percentile of working time of what has finished, and the
// working time spent in all.

export const GROUPINGS = ["month", "permit_type", "step", "owner", "officer"] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface ComplianceFilter extends StepScope {
  by: Grouping;
}

export interface ComplianceRow {
  key: string;
  label: string;
  /** For a step: the SOP it belongs to and its position there. */
  sop: string | null;
  position: number | null;
  finished: number;
  onTime: number;
  late: number;
  open: number;
  atRisk: number;
  openLate: number;
  noStandard: number;
  notMeasurable: number;
  medianWorkingSeconds: number | null;
  p90WorkingSeconds: number | null;
  /** Working seconds of everything that finished (steps without a standard included). */
  totalWorkingSeconds: number;
  /** The standard in working seconds where the group has one (a step): its median over occurrences. */
  standardSeconds: number | null;
}

interface RawRow {
  key: string | null;
  label: string | null;
  sop: string | null;
  position: number | null;
  finished: number;
  on_time: number;
  late: number;
  open: number;
  at_risk: number;
  open_late: number;
  no_standard: number;
  not_measurable: number;
  median: number | null;
  p90: number | null;
  total: number | null;
  standard: number | null;
}

const COUNTS = sql`
  count(*) filter (where x.status in ('on_time', 'late'))::int as finished,
  count(*) filter (where x.status = 'on_time')::int as on_time,
  count(*) filter (where x.status = 'late')::int as late,
  count(*) filter (where x.status = 'open')::int as open,
  count(*) filter (where x.status = 'at_risk')::int as at_risk,
  count(*) filter (where x.status = 'open_late')::int as open_late,
  count(*) filter (where x.status = 'no_standard')::int as no_standard,
  count(*) filter (where x.status = 'not_measurable')::int as not_measurable,
  percentile_cont(0.5) within group (order by x.working_seconds) filter (where x.status in ('on_time', 'late')) as median,
  percentile_cont(0.9) within group (order by x.working_seconds) filter (where x.status in ('on_time', 'late')) as p90,
  coalesce(sum(x.working_seconds) filter (where x.done), 0)::float8 as total`;

export async function compliance(db: Kysely<DB>, f: ComplianceFilter): Promise<ComplianceRow[]> {
  let rows: RawRow[];
  if (f.by === "month" || f.by === "permit_type") {
    const key = f.by === "month" ? sql`to_char(x.at at time zone x.zone, 'YYYY-MM')` : sql`x.permit_type`;
    rows = (
      await sql<RawRow>`
        select ${key} as key, ${key} as label, null::text as sop, null::int as position, ${COUNTS}, null::float8 as standard
        from (${scopedPermits(f)}) x group by 1 order by 1`.execute(db)
    ).rows;
  } else {
    const key = { step: sql`x.sop_slug || '#' || x.position`, owner: sql`x.owner`, officer: sql`x.actor` }[f.by];
    const label = { step: sql`min(x.sop_permit_type || ' · ' || x.position || '. ' || x.description)`, owner: sql`x.owner`, officer: sql`x.actor` }[f.by];
    const sop = f.by === "step" ? sql`min(x.sop_slug)` : sql`null::text`;
    const position = f.by === "step" ? sql`min(x.position)` : sql`null::int`;
    const standard = f.by === "step" ? sql`percentile_cont(0.5) within group (order by x.standard_seconds)` : sql`null::float8`;
    rows = (
      await sql<RawRow>`
        select ${key} as key, ${label} as label, ${sop} as sop, ${position} as position, ${COUNTS}, ${standard} as standard
        from (${scopedSteps(f)}) x
        where ${key} is not null
        group by ${key} order by ${key}`.execute(db)
    ).rows;
  }
  return rows.map((r) => ({
    key: r.key ?? "",
    label: r.label ?? "",
    sop: r.sop,
    position: r.position,
    finished: r.finished,
    onTime: r.on_time,
    late: r.late,
    open: r.open,
    atRisk: r.at_risk,
    openLate: r.open_late,
    noStandard: r.no_standard,
    notMeasurable: r.not_measurable,
    medianWorkingSeconds: r.median,
    p90WorkingSeconds: r.p90,
    totalWorkingSeconds: r.total ?? 0,
    standardSeconds: r.standard,
  }));
}

/** Permits by status as they stand now (give no period for all of them). */
export async function statusCounts(db: Kysely<DB>, s: Scope): Promise<Record<string, number>> {
  const { rows } = await sql<{ status: string; n: number }>`
    select x.status, count(*)::int as n from (${scopedPermits(s)}) x group by x.status`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export interface ShareBin {
  /** The bin's lower edge, as a share of the standard (0, 0.25, …); the last bin holds all above. */
  from: number;
  count: number;
}

/** The last bin's lower edge: everything at or above three times the standard lands there. */
export const SHARE_BIN_CAP = 3;
export const SHARE_BIN_WIDTH = 0.25;

/**
 * How long finished steps of one SOP took against their standard: per step position, a count of
 * occurrences in bins of share of the standard used.
 */
export async function stepShareHistogram(db: Kysely<DB>, s: StepScope & { sop: string }): Promise<Map<number, ShareBin[]>> {
  const { rows } = await sql<{ position: number; bin: number; n: number }>`
    select x.position, least(floor(x.share_used / ${SHARE_BIN_WIDTH}::float8), ${SHARE_BIN_CAP / SHARE_BIN_WIDTH}::float8)::int as bin, count(*)::int as n
    from (${scopedSteps(s)}) x
    where x.status in ('on_time', 'late') and x.share_used is not null
    group by 1, 2 order by 1, 2`.execute(db);
  const out = new Map<number, ShareBin[]>();
  for (const r of rows) {
    const bins = out.get(r.position) ?? [];
    bins.push({ from: r.bin * SHARE_BIN_WIDTH, count: r.n });
    out.set(r.position, bins);
  }
  return out;
}
