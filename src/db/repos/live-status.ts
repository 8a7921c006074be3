import { type RawBuilder, type SqlBool, sql } from "kysely";
import { OPEN_STATUSES } from "../../sla/index.ts";

// An open verdict's status read as of an instant: its stored crossing instants (warn_at, late_at,
// migration 019) say when it passes its warning share and its standard, so comparing "now" with
// them gives the status the engine would give now, without evaluating it again. Null instants
// (closed, held by the applicant, no standard) leave the stored status as it was evaluated.

/** The open statuses as literals, written as the partial indexes' predicate so the planner can use them. */
const OPEN_LITERALS = sql.join(OPEN_STATUSES.map((s) => sql.lit(s)));

const isOpen = (s: string) => (OPEN_STATUSES as readonly string[]).includes(s);

/**
 * The status of the verdict aliased `t` as of `now`; the stored one without a `now`. Strictly
 * after an instant, as the engine judges: late once now > due, at risk once the share > warning.
 */
export function liveStatus(t: string, now: Date | undefined): RawBuilder<string> {
  const status = sql.ref(`${t}.status`);
  if (now === undefined) return sql<string>`${status}`;
  const at = sql`${now.toISOString()}::timestamptz`;
  return sql<string>`case when ${status} in (${OPEN_LITERALS}) then
      case when ${sql.ref(`${t}.late_at`)} < ${at} then 'open_late' when ${sql.ref(`${t}.warn_at`)} < ${at} then 'at_risk' else ${status} end
    else ${status} end`;
}

/**
 * Verdicts (aliased `t`) whose status as of `now` is one of `statuses` (all when none are given).
 * A closed status is its stored one; an open one is looked for among the open verdicts only, whose
 * stored status stays open while they are, so the status index and the open partial indexes serve it.
 */
export function liveStatusIn(t: string, statuses: readonly string[] | undefined, now: Date | undefined): RawBuilder<SqlBool> {
  if (!statuses || statuses.length === 0) return sql<SqlBool>`true`;
  const status = sql.ref(`${t}.status`);
  const list = (l: readonly string[]) => sql`string_to_array(${l.join(",")}::text, ',')`;
  if (now === undefined) return sql<SqlBool>`${status} = any(${list(statuses)})`;
  const closed = statuses.filter((s) => !isOpen(s));
  const open = [...new Set(statuses.filter(isOpen))];
  const parts: RawBuilder<unknown>[] = [];
  if (closed.length > 0) parts.push(sql`${status} = any(${list(closed)})`);
  if (open.length === OPEN_STATUSES.length) parts.push(sql`${status} in (${OPEN_LITERALS})`);
  else if (open.length > 0) parts.push(sql`(${status} in (${OPEN_LITERALS}) and ${liveStatus(t, now)} = any(${list(open)}))`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
