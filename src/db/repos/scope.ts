import { type RawBuilder, type SqlBool, sql } from "kysely";
import { liveStatus, liveStatusIn } from "./live-status.ts";

// Which permits and which step occurrences a figure counts. Pages, the API and (later) reports
// all select through these two fragments, so a number and the list behind it cannot disagree.

/** Which instant places a permit or step in a period. */
export const BASES = ["submitted", "finished"] as const;
export type DateBasis = (typeof BASES)[number];

/** One office, a set of them, or (undefined) every office. */
export type OfficeSet = number | readonly number[] | undefined;

export interface Scope {
  officeId?: OfficeSet;
  permitType?: string | undefined;
  /** "YYYY-MM-DD", both included, in each office's own zone. */
  from?: string | undefined;
  to?: string | undefined;
  /** submitted: the permit's submission; finished: the permit's (or step's) end. Default submitted. */
  basis?: DateBasis | undefined;
  /**
   * The instant open verdicts' statuses are read at (src/db/repos/live-status.ts): the app's
   * clock. Without it, statuses are read as last evaluated.
   */
  now?: Date | undefined;
}

export interface StepScope extends Scope {
  sop?: string | undefined;
  position?: number | undefined;
  owner?: string | undefined;
  /** Who processed the step (`diproses_oleh`); an officer's steps exclude the applicant's own. */
  officer?: string | undefined;
  /** Share of the standard used, above `shareFrom` (0 included) and up to `shareTo`: a histogram's bin. */
  shareFrom?: number | undefined;
  shareTo?: number | undefined;
  /**
   * Only these step occurrences (a slice of an export, src/db/repos/in-id-order.ts), looked up by
   * the verdicts' primary key (permit, step record): filtered by `= any(ids)` instead, every
   * slice read all the verdicts.
   */
  only?: { permitIds: readonly number[]; stepIds: readonly number[] } | undefined;
}

/**
 * Each office's zone (its calendar's latest version) and the period's bounds as instants in that
 * zone. Materialised: inlined, the planner would look the zone up again for every row.
 */
/** Each office with its zone, and the instants its local days `from` and `to` begin and end (null when not given). */
export function officeZones(s: Pick<Scope, "from" | "to">) {
  return sql`
    select o.id as office_id, o.slug as office_slug, tz.zone,
           (${text(s.from)}::date)::timestamp at time zone tz.zone as lo,
           (${text(s.to)}::date + 1)::timestamp at time zone tz.zone as hi
    from office o
    cross join lateral (
      select cv.definition->>'timezone' as zone from calendar_version cv
      where cv.calendar_id = o.calendar_id order by cv.version desc limit 1
    ) tz`;
}

const text = (v: string | undefined) => sql`${v ?? null}::text`;

function inPeriod(instant: RawBuilder<unknown>, s: Scope) {
  // By finish, what has not finished belongs to no period.
  // Bounds only when given: without them the instant is not read at all, nor the zones.
  return sql`${s.basis === "finished" ? sql`${instant} is not null` : sql`true`}${s.from === undefined ? sql`` : sql` and ${instant} >= z.lo`}${s.to === undefined ? sql`` : sql` and ${instant} < z.hi`}`;
}

// The verdict's permit type: its SOP's wording when it has one, so "IZIN KERJA TEKNISI GIGI" and
// "Izin Kerja Teknisi Gigi" in exports are one type, as the import's SOP link already reads them.
const commonFilters = (s: Scope, verdict: "v" | "sv") => sql`
  ${officeIn(sql.raw(`${verdict === "sv" ? "sv" : "p"}.office_id`), s.officeId)}
  and (${text(s.permitType)} is null or ${sql.raw(verdict)}.permit_type = ${text(s.permitType)})`;

/**
 * Permits with their verdict: every column of permit_verdict, the permit's own columns, the
 * office's slug and zone, and `at`, the instant that places the permit in the period.
 */
export function scopedPermits(s: Scope) {
  const at = s.basis === "finished" ? sql`v.finished_at` : sql`coalesce(p.submitted_at, v.received_at)`;
  return sql`
    with z as materialized (${officeZones(s)})
    select p.id, p.office_id, p.permit_number, v.permit_type, p.sop_id, p.submitted_at,
           ${liveStatus("v", s.now)} as status, v.reason, v.received_at, v.due_at, v.finished_at, v.working_seconds,
           v.calendar_seconds, v.standard_seconds, v.share_used, v.evaluated_at,
           v.status in ('on_time', 'late') as done,
           z.zone, z.office_slug, ${at} as at
    from permit p
    join permit_verdict v on v.permit_id = p.id
    join z on z.office_id = p.office_id
    where ${commonFilters(s, "v")} and ${inPeriod(at, s)}`;
}

/**
 * Which step occurrences a scope selects. A step is placed in a period by its permit's submission,
 * or by its own end. Officer and end are the verdict's copies of the step record's (written with
 * it), as are its permit's office, type and SOP: the rollup's figures read them, and the list
 * needs no step record to choose its rows, nor, without a period, any other table.
 */
function stepConditions(s: StepScope) {
  const at = stepAt(s);
  return sql`${commonFilters(s, "sv")} and ${inPeriod(at, s)}
      and (${text(s.sop)} is null or sv.sop_id = (select id from sop where slug = ${text(s.sop)}))
      and (${s.position ?? null}::int is null or sv.position = ${s.position ?? null}::int)
      and (${text(s.owner)} is null or sv.owner = ${text(s.owner)})
      and (${text(s.officer)} is null or (sv.actor = ${text(s.officer)} and sv.owner is distinct from 'applicant'))
      ${s.shareFrom === undefined ? sql`` : s.shareFrom === 0 ? sql`and sv.share_used >= 0` : sql`and sv.share_used > ${s.shareFrom}::float8`}
      ${s.shareTo === undefined ? sql`` : sql`and sv.share_used <= ${s.shareTo}::float8`}`;
}

const stepAt = (s: StepScope) => (s.basis === "finished" ? sql`sv.ended_at` : sql`coalesce(p.submitted_at, pv.received_at)`);

/** Step occurrences with their verdict, permit, step record, SOP step and office zone. */
export function scopedSteps(s: StepScope) {
  return sql`
    with z as materialized (${officeZones(s)})
    select sv.step_record_id, sv.permit_id, sv.position, sv.owner, sv.standard_value, sv.standard_unit,
           sv.due_at, sv.working_seconds, sv.calendar_seconds, sv.standard_seconds, sv.share_used,
           ${liveStatus("sv", s.now)} as status, sv.reason, r.step_name, r.source_step_name, r.actor, r.started_at, r.ended_at, r.occurrence,
           r.ended_at is not null and sv.working_seconds is not null as done,
           p.permit_number, sv.permit_type, s.slug as sop_slug, s.permit_type as sop_permit_type,
           ss.description, z.zone, z.office_slug, ${stepAt(s)} as at
    from ${s.only ? sql`unnest(${s.only.permitIds}::bigint[], ${s.only.stepIds}::bigint[]) k(permit_id, step_record_id) join step_verdict sv using (permit_id, step_record_id)` : sql`step_verdict sv`}
    join step_record r on r.id = sv.step_record_id
    join permit p on p.id = sv.permit_id
    join permit_verdict pv on pv.permit_id = p.id
    join z on z.office_id = p.office_id
    left join sop s on s.id = p.sop_id
    left join sop_step ss on ss.sop_version_id = pv.sop_version_id and ss.position = sv.position
    where ${stepConditions(s)}`;
}

/**
 * The same occurrences, narrow, as one statement: `select` and `tail` (order, limit) read `sv`
 * (the verdict) and, when `started`, `r` (the step record, a few hundred bytes a row with its raw
 * export row, so joined only to sort by start). At the top level, not as a subquery, so the
 * planner can read an index in the list's order and stop at the page's end. The permit and its
 * verdict are joined only when their dates place the step in the period (a step verdict is
 * written with its permit's verdict, never without).
 */
export function scopedStepKeys(s: StepScope & { statuses?: readonly string[] | undefined }, o: { select: RawBuilder<unknown>; tail?: RawBuilder<unknown>; started?: boolean }) {
  const dated = s.basis !== "finished" && (s.from !== undefined || s.to !== undefined);
  return sql`
    with z as materialized (${officeZones(s)})
    select ${o.select}
    from step_verdict sv
    ${o.started ? sql`join step_record r on r.id = sv.step_record_id` : sql``}
    ${dated ? sql`join permit p on p.id = sv.permit_id join permit_verdict pv on pv.permit_id = sv.permit_id` : sql``}
    join z on z.office_id = sv.office_id
    where ${stepConditions(s)} and ${liveStatusIn("sv", s.statuses, s.now)}
    ${o.tail ?? sql``}`;
}

/**
 * How many occurrences of a scope without a period match `where`, read from the step verdicts
 * alone: no period, no permits' dates or offices' zones to read (a step verdict is written with
 * its permit's verdict, never without).
 */
export function unboundedStepCount(s: StepScope & { statuses?: readonly string[] | undefined }, where: RawBuilder<unknown>) {
  if (s.from !== undefined || s.to !== undefined) throw new Error("a period is placed by the permits' dates and the offices' zones");
  return sql`select count(*)::int as n from step_verdict sv where ${stepConditions(s)} and ${liveStatusIn("sv", s.statuses, s.now)} and ${where}`;
}

/**
 * The office filter, the one way it is written: one office or every office as before (the plans
 * the dashboard's speed rests on), a set as `= any(array)`. `offices` may also be an int[]
 * expression, null for every office (a stored report's set).
 */
export function officeIn(column: RawBuilder<unknown>, offices: OfficeSet | RawBuilder<unknown>): RawBuilder<SqlBool> {
  if (typeof offices === "object" && "isRawBuilder" in offices) return sql<SqlBool>`(${offices} is null or ${column} = any(${offices}))`;
  if (typeof offices === "object") return offices.length === 1 ? officeIn(column, offices[0]) : sql<SqlBool>`${column} = any(${[...offices]}::int[])`;
  return sql<SqlBool>`(${offices ?? null}::int is null or ${column} = ${offices ?? null}::int)`;
}

/** A status filter: one or more statuses, given as a list. */
export const statusIn = (column: RawBuilder<unknown>, statuses: readonly string[] | undefined) =>
  statuses && statuses.length > 0 ? sql`${column} = any(string_to_array(${statuses.join(",")}::text, ','))` : sql`true`;
