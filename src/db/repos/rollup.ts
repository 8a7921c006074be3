import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";
import { ROLLUP_LOCK } from "../locks.ts";
import { shareBinOf } from "./share-bins.ts";

// Finished verdicts counted per office, month, status and group (verdict_month), and finished
// steps per bin of share of their standard (share_bin_month): what the dashboard's figures over
// whole months read. The verdict tables' statement triggers add what each statement changed to
// both, in the writer's own transaction (migration 013), so the rollups agree with the verdicts
// at every commit and readers never wait for a rebuild. Writes also mark the months they touch
// (migration 006); rebuilding a marked month folds its rows of changes into one row per group,
// so the rollups stay small.

/** Rebuilds every marked month; returns how many. Cheap when nothing is marked. */
export async function rebuildDirtyMonths(db: Kysely<DB>): Promise<number> {
  if (!(await db.selectFrom("verdict_month_dirty").select("id").limit(1).executeTakeFirst())) return 0;
  return db.transaction().execute(async (trx) => {
    // One rebuild at a time: two would each delete a month and insert it, counting it twice.
    await sql`select pg_advisory_xact_lock(${ROLLUP_LOCK})`.execute(trx);
    const marked = await sql<{ office_id: number; month: string; ids: (number | string)[] }>`
      select office_id, month, array_agg(id) as ids from verdict_month_dirty group by office_id, month`.execute(trx);
    if (marked.rows.length === 0) return 0;
    const months = marked.rows.map((r) => ({ office_id: r.office_id, month: r.month }));
    const list = sql`(select * from json_to_recordset(${JSON.stringify(months)}::text::json) as d(office_id int, month text)) d`;
    // One statement, so one snapshot: the rows of changes it deletes are exactly those of the
    // verdict writes it counts. A writer committing meanwhile keeps its rows, and its verdicts
    // are not counted here.
    await sql`
      with gone_months as (delete from verdict_month m using ${list} where m.office_id = d.office_id and m.month = d.month),
      gone_bins as (delete from share_bin_month b using ${list} where b.office_id = d.office_id and b.month = d.month),
      permits as (
        insert into verdict_month (kind, office_id, permit_type, sop_id, position, owner, actor, month, status, n, working_sum)
        select 'permit', v.office_id, v.permit_type, v.sop_id, null, null, null, v.month, v.status, count(*), coalesce(sum(v.working_seconds), 0)
        from permit_verdict v join ${list} on d.office_id = v.office_id and d.month = v.month
        group by v.office_id, v.permit_type, v.sop_id, v.month, v.status),
      steps as (
        insert into verdict_month (kind, office_id, permit_type, sop_id, position, owner, actor, month, status, n, working_sum)
        select 'step', v.office_id, v.permit_type, v.sop_id, v.position, v.owner, v.actor, v.month, v.status, count(*), coalesce(sum(v.working_seconds), 0)
        from step_verdict v join ${list} on d.office_id = v.office_id and d.month = v.month
        group by v.office_id, v.permit_type, v.sop_id, v.position, v.owner, v.actor, v.month, v.status)
      insert into share_bin_month (office_id, sop_id, position, month, bin, n)
      select v.office_id, v.sop_id, v.position, v.month, ${shareBinOf("v.share_used")}, count(*)
      from step_verdict v join ${list} on d.office_id = v.office_id and d.month = v.month
      where v.status in ('on_time', 'late') and v.share_used is not null and v.sop_id is not null and v.position is not null
      group by 1, 2, 3, 4, 5`.execute(trx);
    // Only the marks read above go: their writers had committed, so the counts above include their
    // verdicts. A mark that became visible since stays for the next rebuild, whatever its id (ids
    // are taken in insert order, not commit order, so "up to the highest id read" could drop one).
    const seen = marked.rows.flatMap((r) => r.ids.map(Number));
    await sql`delete from verdict_month_dirty where id = any(${seen}::bigint[])`.execute(trx);
    return marked.rows.length;
  });
}
