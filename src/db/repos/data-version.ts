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
  /**
   * The earliest crossing instant after `now` of a permit or step still open: where its warning
   * share or its standard is passed, and so where its status read live (src/db/repos/live-status.ts) changes.
   */
  nextCrossing: Date | null;
  /** Each office's zone (its calendar's latest version): where "today" ends for its pages. */
  zones: string[];
}

export async function clockBounds(db: Kysely<DB>, now: Date): Promise<ClockBounds> {
  // Both read off the status indexes: open verdicts are few whatever the size of the history.
  const next = (table: "permit_verdict" | "step_verdict") => sql`
    (select min(least(case when v.warn_at > ${now} then v.warn_at end, case when v.late_at > ${now} then v.late_at end))
     from ${sql.table(table)} v where v.status in ('open', 'at_risk', 'open_late'))`;
  const { rows } = await sql<{ next_crossing: Date | null; zones: string[] | null }>`
    select least(${next("permit_verdict")}, ${next("step_verdict")}) as next_crossing,
           (select array_agg(distinct tz.zone) from office o
              cross join lateral (select cv.definition->>'timezone' as zone from calendar_version cv
                                  where cv.calendar_id = o.calendar_id order by cv.version desc limit 1) tz) as zones`.execute(db);
  const r = rows[0];
  return { nextCrossing: r?.next_crossing ? new Date(r.next_crossing) : null, zones: (r?.zones ?? []).filter((z): z is string => typeof z === "string") };
}
