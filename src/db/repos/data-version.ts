import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

// What a cached page depends on besides its filters: the version of the data (bumped by the
// triggers of migration 013 in the writer's own transaction) and the instants at which the stored
// verdicts may change although no data does.

/** The version of everything the dashboard reads, as one comparable string. */
export async function dataVersion(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ v: string | null }>`select string_agg(source || '=' || version, ',' order by source) as v from data_version`.execute(db);
  return rows[0]?.v ?? "";
}

export interface ClockBounds {
  /** The earliest due instant after `now` of a permit or step still open and not yet late. */
  nextDue: Date | null;
  /** Each office's zone (its calendar's latest version): where "today" ends for its pages. */
  zones: string[];
}

export async function clockBounds(db: Kysely<DB>, now: Date): Promise<ClockBounds> {
  // Both read off the status indexes: open verdicts are few whatever the size of the history.
  const { rows } = await sql<{ next_due: Date | null; zones: string[] | null }>`
    select least(
             (select min(v.due_at) from permit_verdict v where v.status in ('open', 'at_risk') and v.due_at > ${now}),
             (select min(v.due_at) from step_verdict v where v.status in ('open', 'at_risk', 'open_late') and v.status <> 'open_late' and v.due_at > ${now})
           ) as next_due,
           (select array_agg(distinct tz.zone) from office o
              cross join lateral (select cv.definition->>'timezone' as zone from calendar_version cv
                                  where cv.calendar_id = o.calendar_id order by cv.version desc limit 1) tz) as zones`.execute(db);
  const r = rows[0];
  return { nextDue: r?.next_due ? new Date(r.next_due) : null, zones: (r?.zones ?? []).filter((z): z is string => typeof z === "string") };
}
