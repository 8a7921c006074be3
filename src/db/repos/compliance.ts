import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

// Compliance figures, aggregated in the database from the stored verdicts: counts behind every
// percentage, and the median and 90th percentile of working time of what has finished.

export const GROUPINGS = ["month", "permit_type", "step", "owner", "officer"] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface ComplianceFilter {
  officeId?: number | undefined;
  permitType?: string | undefined;
  /** Submission dates, "YYYY-MM-DD", both included, in each office's own zone. */
  from?: string | undefined;
  to?: string | undefined;
  by: Grouping;
}

export interface ComplianceRow {
  key: string;
  label: string;
  finished: number;
  onTime: number;
  late: number;
  open: number;
  atRisk: number;
  openLate: number;
  notMeasurable: number;
  medianWorkingSeconds: number | null;
  p90WorkingSeconds: number | null;
  /** The standard in working seconds where the group has one (a step). */
  standardSeconds: number | null;
}

interface RawRow {
  key: string | null;
  label: string | null;
  finished: number;
  on_time: number;
  late: number;
  open: number;
  at_risk: number;
  open_late: number;
  not_measurable: number;
  median: number | null;
  p90: number | null;
  standard: number | null;
}

const COUNTS = sql`
  count(*) filter (where x.status in ('on_time', 'late'))::int as finished,
  count(*) filter (where x.status = 'on_time')::int as on_time,
  count(*) filter (where x.status = 'late')::int as late,
  count(*) filter (where x.status = 'open')::int as open,
  count(*) filter (where x.status = 'at_risk')::int as at_risk,
  count(*) filter (where x.status = 'open_late')::int as open_late,
  count(*) filter (where x.status = 'not_measurable')::int as not_measurable,
  percentile_cont(0.5) within group (order by x.working_seconds) filter (where x.status in ('on_time', 'late')) as median,
  percentile_cont(0.9) within group (order by x.working_seconds) filter (where x.status in ('on_time', 'late')) as p90`;

export async function compliance(db: Kysely<DB>, f: ComplianceFilter): Promise<ComplianceRow[]> {
  const permits = sql`
    select p.id, p.permit_type, p.sop_id, v.status, v.working_seconds, v.standard_seconds,
           to_char(coalesce(p.submitted_at, v.received_at) at time zone tz.zone, 'YYYY-MM') as month
    from permit p
    join permit_verdict v on v.permit_id = p.id
    join office o on o.id = p.office_id
    cross join lateral (
      select cv.definition->>'timezone' as zone from calendar_version cv
      where cv.calendar_id = o.calendar_id order by cv.version desc limit 1
    ) tz
    where (${f.officeId ?? null}::int is null or p.office_id = ${f.officeId ?? null}::int)
      and (${f.permitType ?? null}::text is null or p.permit_type = ${f.permitType ?? null}::text)
      and (${f.from ?? null}::date is null or (coalesce(p.submitted_at, v.received_at) at time zone tz.zone)::date >= ${f.from ?? null}::date)
      and (${f.to ?? null}::date is null or (coalesce(p.submitted_at, v.received_at) at time zone tz.zone)::date <= ${f.to ?? null}::date)`;

  let rows: RawRow[];
  if (f.by === "month" || f.by === "permit_type") {
    const key = sql.raw(f.by === "month" ? "x.month" : "x.permit_type");
    rows = (
      await sql<RawRow>`
        select ${key} as key, ${key} as label, ${COUNTS}, null::float8 as standard
        from (${permits}) x group by ${key} order by ${key}`.execute(db)
    ).rows;
  } else {
    const key = sql.raw(
      { step: "x.sop_slug || '#' || x.position", owner: "x.owner", officer: "x.actor" }[f.by],
    );
    const label = sql.raw({ step: "min(x.position || '. ' || x.description)", owner: "x.owner", officer: "x.actor" }[f.by]);
    const standard = sql.raw(f.by === "step" ? "percentile_cont(0.5) within group (order by x.standard_seconds)" : "null::float8");
    rows = (
      await sql<RawRow>`
        select ${key} as key, ${label} as label, ${COUNTS}, ${standard} as standard
        from (
          select sv.status, sv.working_seconds, sv.standard_seconds, sv.position, sv.owner, r.actor,
                 s.slug as sop_slug, ss.description
          from (${permits}) p
          join step_verdict sv on sv.permit_id = p.id
          join step_record r on r.id = sv.step_record_id
          left join sop s on s.id = p.sop_id
          left join permit_verdict pv on pv.permit_id = p.id
          left join sop_step ss on ss.sop_version_id = pv.sop_version_id and ss.position = sv.position
        ) x
        where ${key} is not null
        group by ${key} order by ${key}`.execute(db)
    ).rows;
  }
  return rows.map((r) => ({
    key: r.key ?? "",
    label: r.label ?? "",
    finished: r.finished,
    onTime: r.on_time,
    late: r.late,
    open: r.open,
    atRisk: r.at_risk,
    openLate: r.open_late,
    notMeasurable: r.not_measurable,
    medianWorkingSeconds: r.median,
    p90WorkingSeconds: r.p90,
    standardSeconds: r.standard,
  }));
}
