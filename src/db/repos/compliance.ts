import { type Kysely, type RawBuilder, sql } from "kysely";
import { lastDayOf } from "../../calendar/months.ts";
import type { DB } from "../schema.ts";
import { SHARE_BIN_CAP, SHARE_BIN_WIDTH, shareBinOf } from "./share-bins.ts";
import { liveStatus, liveStatusIn } from "./live-status.ts";
import { officeIn, type Scope, scopedPermits, scopedSteps, statusIn, type StepScope } from "./scope.ts";

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
  /** The longest working time of what finished: the case a head of office asks about. */
  maxWorkingSeconds: number | null;
  /** Working seconds of everything that finished (steps without a standard included). */
  totalWorkingSeconds: number;
  /** The standard in working seconds where the group has one (a step, a permit type): its median over occurrences. */
  standardSeconds: number | null;
  /** A step's Waktu as its SOP's latest version writes it ("4 Hari"). */
  waktu: string | null;
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
  max: number | null;
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
  max(x.working_seconds) filter (where x.status in ('on_time', 'late'))::float8 as max,
  coalesce(sum(x.working_seconds) filter (where x.done), 0)::float8 as total`;

const BOTTLENECKS = 5;

/** The bottleneck steps of per-step rows: those late most often; on a tie, the larger share late. Beranda and the report show these. */
export const bottlenecksOf = (rows: readonly ComplianceRow[]) =>
  rows
    .filter((r) => r.late > 0)
    .sort((a, b) => b.late - a.late || b.late / b.finished - a.late / a.finished)
    .slice(0, BOTTLENECKS);

export interface ComplianceOptions {
  /** Median, p90, max and a step's standard (default true); counts alone are much cheaper. */
  percentiles?: boolean;
  /** Read whole finished months from the rollup (default true); false reads the verdicts. */
  rollup?: boolean;
}

/** The months of a period of whole months finished, which the rollup can answer; else null. */
export function wholeMonths(f: Scope): { from: string; to: string } | null {
  if (f.basis !== "finished") return null;
  if (f.from !== undefined && !f.from.endsWith("-01")) return null;
  if (f.to !== undefined && f.to !== lastDayOf(f.to.slice(0, 7))) return null;
  return { from: f.from?.slice(0, 7) ?? "0000-00", to: f.to?.slice(0, 7) ?? "9999-99" };
}

/** The officer of a step: who processed it, unless the step is the applicant's own. */
const officerOf = (t: string) => sql.raw(`case when ${t}.owner = 'applicant' then null else ${t}.actor end`);

export async function compliance(db: Kysely<DB>, f: ComplianceFilter, o: ComplianceOptions = {}): Promise<ComplianceRow[]> {
  const months = o.rollup === false ? null : wholeMonths(f);
  const rows = months ? await fromRollup(db, f, months, o.percentiles !== false) : await fromVerdicts(db, f);
  const labels = f.by === "step" ? await stepLabels(db) : null;
  return rows.map((r) => ({
    key: r.key ?? "",
    label: labels?.get(r.key ?? "")?.label ?? r.label ?? "",
    waktu: labels?.get(r.key ?? "")?.waktu ?? null,
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
    maxWorkingSeconds: r.max,
    totalWorkingSeconds: r.total ?? 0,
    standardSeconds: r.standard,
  }));
}

/** A group with nothing in it: a month or an officer a table lists although no verdict counts it. */
export function emptyComplianceRow(key: string): ComplianceRow {
  return {
    key, label: key, waktu: null, sop: null, position: null, finished: 0, onTime: 0, late: 0, open: 0, atRisk: 0, openLate: 0, noStandard: 0, notMeasurable: 0,
    medianWorkingSeconds: null, p90WorkingSeconds: null, maxWorkingSeconds: null, totalWorkingSeconds: 0, standardSeconds: null,
  };
}

/** "slug#position" → "Permit type · 3. Description" and its Waktu, from each SOP's latest version. */
async function stepLabels(db: Kysely<DB>): Promise<Map<string, { label: string; waktu: string | null }>> {
  const { rows } = await sql<{ key: string; label: string; waktu: string | null }>`
    select s.slug || '#' || st.position as key, s.permit_type || ' · ' || st.position || '. ' || st.description as label, st.waktu
    from sop s
    join lateral (select v.id from sop_version v where v.sop_id = s.id order by v.version desc limit 1) v on true
    join sop_step st on st.sop_version_id = v.id`.execute(db);
  return new Map(rows.map((r) => [r.key, { label: r.label, waktu: r.waktu }]));
}

async function fromVerdicts(db: Kysely<DB>, f: ComplianceFilter): Promise<RawRow[]> {
  if (f.by === "month" || f.by === "permit_type") {
    const key = f.by === "month" ? sql`to_char(x.at at time zone x.zone, 'YYYY-MM')` : sql`x.permit_type`;
    return (
      await sql<RawRow>`
        select ${key} as key, ${key} as label, null::text as sop, null::int as position, ${COUNTS},
               ${f.by === "permit_type" ? sql`percentile_cont(0.5) within group (order by x.standard_seconds)` : sql`null::float8`} as standard
        from (${scopedPermits(f)}) x group by 1 order by 1`.execute(db)
    ).rows;
  }
  const key = { step: sql`x.sop_slug || '#' || x.position`, owner: sql`x.owner`, officer: officerOf("x") }[f.by];
  const sop = f.by === "step" ? sql`min(x.sop_slug)` : sql`null::text`;
  const position = f.by === "step" ? sql`min(x.position)` : sql`null::int`;
  const standard = f.by === "step" ? sql`percentile_cont(0.5) within group (order by x.standard_seconds)` : sql`null::float8`;
  return (
    await sql<RawRow>`
      select ${key} as key, ${key} as label, ${sop} as sop, ${position} as position, ${COUNTS}, ${standard} as standard
      from (${scopedSteps(f)}) x
      where ${key} is not null
      group by ${key} order by ${key}`.execute(db)
  ).rows;
}

/** Which rows of the rollup (or, named `v`, of the verdicts) a filter over whole months counts. */
function rollupWhere(f: StepScope, months: { from: string; to: string }, kind: "permit" | "step", t: string) {
  const c = (col: string) => sql.raw(`${t}.${col}`);
  return sql`${c("month")} between ${months.from} and ${months.to}
      and ${officeIn(c("office_id"), f.officeId)}
      and (${f.permitType ?? null}::text is null or ${c("permit_type")} = ${f.permitType ?? null}::text)
      ${kind === "permit" ? sql`` : sql`
      and (${f.sop ?? null}::text is null or ${c("sop_id")} = (select id from sop where slug = ${f.sop ?? null}::text))
      and (${f.position ?? null}::int is null or ${c("position")} = ${f.position ?? null}::int)
      and (${f.owner ?? null}::text is null or ${c("owner")} = ${f.owner ?? null}::text)
      and (${f.officer ?? null}::text is null or ${officerOf(t)} = ${f.officer ?? null}::text)`}`;
}

/** How many finished step occurrences of those statuses (all when none given) the rollup holds for whole months. */
export async function rollupStepCount(db: Kysely<DB>, f: StepScope, months: { from: string; to: string }, statuses: readonly string[] | undefined): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select coalesce(sum(m.n), 0)::int as n from verdict_month m
    where m.kind = 'step' and ${rollupWhere(f, months, "step", "m")} and ${statusIn(sql`m.status`, statuses)}`.execute(db);
  return rows[0]?.n ?? 0;
}

/** The same figures from the monthly rollup; percentiles from the verdicts of those months. */
async function fromRollup(db: Kysely<DB>, f: ComplianceFilter, months: { from: string; to: string }, percentiles: boolean): Promise<RawRow[]> {
  const kind = f.by === "month" || f.by === "permit_type" ? "permit" : "step";
  const keyOf = (t: string) =>
    ({
      month: sql.raw(`${t}.month`),
      permit_type: sql.raw(`${t}.permit_type`),
      step: sql.raw(`s.slug || '#' || ${t}.position`),
      owner: sql.raw(`${t}.owner`),
      officer: officerOf(t),
    })[f.by];
  const where = (t: string) => rollupWhere(f, months, kind, t);
  const finishedOnly = kind === "permit" ? sql`m.status in ('on_time', 'late')` : sql`true`;
  const key = keyOf("m");
  const counts = (
    await sql<RawRow>`
      select ${key} as key, ${key} as label,
             ${f.by === "step" ? sql`min(s.slug)` : sql`null::text`} as sop,
             ${f.by === "step" ? sql`min(m.position)` : sql`null::int`} as position,
             coalesce(sum(m.n) filter (where m.status in ('on_time', 'late')), 0)::int as finished,
             coalesce(sum(m.n) filter (where m.status = 'on_time'), 0)::int as on_time,
             coalesce(sum(m.n) filter (where m.status = 'late'), 0)::int as late,
             coalesce(sum(m.n) filter (where m.status = 'open'), 0)::int as open,
             coalesce(sum(m.n) filter (where m.status = 'at_risk'), 0)::int as at_risk,
             coalesce(sum(m.n) filter (where m.status = 'open_late'), 0)::int as open_late,
             coalesce(sum(m.n) filter (where m.status = 'no_standard'), 0)::int as no_standard,
             coalesce(sum(m.n) filter (where m.status = 'not_measurable'), 0)::int as not_measurable,
             null::float8 as median, null::float8 as p90, null::float8 as max,
             coalesce(sum(m.working_sum) filter (where ${finishedOnly}), 0)::float8 as total,
             null::float8 as standard
      from verdict_month m
      ${f.by === "step" ? sql`left join sop s on s.id = m.sop_id` : sql``}
      where m.kind = ${kind} and ${where("m")} and ${key} is not null
      group by 1
      -- A group whose verdicts have all gone has rows of changes that add up to nothing.
      having sum(m.n) <> 0
      order by 1`.execute(db)
  ).rows;
  if (!percentiles || counts.length === 0) return counts;
  const rows = f.by === "step" ? await stepPercentiles(db, counts, where("v")) : await groupPercentiles(db, kind, keyOf("v"), where("v"), f.by === "permit_type");
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return counts.map((c) => {
    const p = byKey.get(c.key ?? "");
    return { ...c, median: p?.median ?? null, p90: p?.p90 ?? null, max: p?.max ?? null, standard: p?.standard ?? null };
  });
}

interface Percentiles {
  key: string;
  median: number | null;
  p90: number | null;
  max: number | null;
  standard: number | null;
}

// One sort of the working times gives both the median and the 90th percentile: [1] and [2] of pct.
const PERCENTILES = sql`percentile_cont(array[0.5, 0.9]::float8[]) within group (order by v.working_seconds) filter (where v.status in ('on_time', 'late')) as pct,
  max(v.working_seconds) filter (where v.status in ('on_time', 'late'))::float8 as max`;

/** `withStandard`: a permit type's standard, its median over the permits (SOP versions may differ). */
async function groupPercentiles(db: Kysely<DB>, kind: "permit" | "step", vkey: RawBuilder<unknown>, where: RawBuilder<unknown>, withStandard: boolean): Promise<Percentiles[]> {
  const v = kind === "permit" ? sql`permit_verdict` : sql`step_verdict`;
  const standard = withStandard ? sql`percentile_cont(0.5) within group (order by v.standard_seconds)` : sql`null::float8`;
  const { rows } = await sql<Percentiles>`
    select x.key, x.pct[1] as median, x.pct[2] as p90, x.max, x.standard
    from (select ${vkey} as key, ${PERCENTILES}, ${standard} as standard from ${v} v where ${where} and ${vkey} is not null group by 1) x`.execute(db);
  return rows;
}

/**
 * A step's percentiles, one step at a time off the (SOP, position, month) index: grouping all of
 * an SOP's steps at once sorted a year of its occurrences (200,000 rows at the benchmark's size)
 * by step before sorting each step's again, spilling to disk; the page took 950 ms.
 */
async function stepPercentiles(db: Kysely<DB>, counts: readonly RawRow[], where: RawBuilder<unknown>): Promise<Percentiles[]> {
  const steps = counts.filter((c): c is RawRow & { sop: string; position: number } => c.sop !== null && c.position !== null);
  if (steps.length === 0) return [];
  const { rows } = await sql<Percentiles>`
    select s.slug || '#' || k.position as key, p.pct[1] as median, p.pct[2] as p90, p.max, p.standard
    from unnest(${steps.map((c) => c.sop)}::text[], ${steps.map((c) => c.position)}::int[]) as k(slug, position)
    join sop s on s.slug = k.slug
    cross join lateral (
      select ${PERCENTILES}, percentile_cont(0.5) within group (order by v.standard_seconds) as standard
      from step_verdict v
      where v.sop_id = s.id and v.position = k.position and ${where}
    ) p`.execute(db);
  return rows;
}

/** Permits by status as they stand at the scope's `now` (give no period for all of them), or only those of `only`. */
export async function statusCounts(db: Kysely<DB>, s: Scope, only?: readonly string[]): Promise<Record<string, number>> {
  // Without a period, the verdicts' own columns answer without joins (and a few statuses off their index).
  const source =
    s.from === undefined && s.to === undefined && s.basis !== "finished"
      ? sql`select ${liveStatus("v", s.now)} as status from permit_verdict v
            where ${officeIn(sql`v.office_id`, s.officeId)}
              and (${s.permitType ?? null}::text is null or v.permit_type = ${s.permitType ?? null}::text)
              and ${liveStatusIn("v", only, s.now)}`
      : sql`${scopedPermits(s)} and ${liveStatusIn("v", only, s.now)}`;
  const { rows } = await sql<{ status: string; n: number }>`
    select x.status, count(*)::int as n from (${source}) x group by x.status`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * Step occurrences open now (open, at risk, open and late), counted per officer or per SOP step
 * position: few rows, read off their own index whatever the size of the history.
 */
export async function openStepCounts(db: Kysely<DB>, s: StepScope, by: "officer" | "position"): Promise<Map<string, number>> {
  const key = by === "officer" ? officerOf("v") : sql`v.position::text`;
  const { rows } = await sql<{ key: string; n: number }>`
    select ${key} as key, count(*)::int as n from step_verdict v
    -- Written as the partial index's predicate (migration 006), so the index serves it.
    where v.status in ('open', 'at_risk', 'open_late') and ${key} is not null
      and ${officeIn(sql`v.office_id`, s.officeId)}
      and (${s.permitType ?? null}::text is null or v.permit_type = ${s.permitType ?? null}::text)
      and (${s.sop ?? null}::text is null or v.sop_id = (select id from sop where slug = ${s.sop ?? null}::text))
    group by 1`.execute(db);
  return new Map(rows.map((r) => [r.key, r.n]));
}

export interface ShareBin {
  /**
   * The bin's lower edge, as a share of the standard (0, 0.25, …). Bins include their upper edge,
   * so a step that used exactly its standard falls left of the line: (0.75, 1]. The first bin
   * holds 0 too; the last holds everything above the cap.
   */
  from: number;
  count: number;
}

export { SHARE_BIN_CAP, SHARE_BIN_WIDTH };

/**
 * How long finished steps of one SOP took against their standard: per step position, a count of
 * occurrences in bins of share of the standard used. Over whole months from the rollup
 * (share_bin_month: a year of one SOP is ~1,000 rows instead of its 200,000 step verdicts), else
 * (or with `rollup: false`) from the verdicts.
 */
export async function stepShareHistogram(db: Kysely<DB>, s: StepScope & { sop: string }, o: { rollup?: boolean } = {}): Promise<Map<number, ShareBin[]>> {
  const months = wholeMonths(s);
  let rows: { position: number; bin: number; n: number }[];
  if (months && o.rollup !== false) {
    rows = (
      await sql<{ position: number; bin: number; n: number }>`
        select b.position, b.bin, sum(b.n)::int as n from share_bin_month b
        where b.sop_id = (select id from sop where slug = ${s.sop}) and b.month between ${months.from} and ${months.to}
          and ${officeIn(sql`b.office_id`, s.officeId)}
        group by 1, 2 having sum(b.n) <> 0 order by 1, 2`.execute(db)
    ).rows;
  } else {
    // Over whole months the step verdicts answer alone, off their (SOP, position, month) index.
    const source = months
      ? sql`select v.position, v.share_used, v.status from step_verdict v
            where v.sop_id = (select id from sop where slug = ${s.sop}) and v.month between ${months.from} and ${months.to}
              and ${officeIn(sql`v.office_id`, s.officeId)}`
      : scopedSteps(s);
    rows = (
      await sql<{ position: number; bin: number; n: number }>`
        select x.position, ${shareBinOf("x.share_used")} as bin, count(*)::int as n
        from (${source}) x
        where x.status in ('on_time', 'late') and x.share_used is not null
        group by 1, 2 order by 1, 2`.execute(db)
    ).rows;
  }
  const out = new Map<number, ShareBin[]>();
  for (const r of rows) {
    const bins = out.get(r.position) ?? [];
    bins.push({ from: r.bin * SHARE_BIN_WIDTH, count: r.n });
    out.set(r.position, bins);
  }
  return out;
}
