import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

// Finished verdicts counted per office, month, status and group: what the dashboard's figures
// over whole months read. The verdict tables' triggers mark every month a write touches (migration
// 006); this rebuilds the marked months from the verdicts themselves, so the rollup is never more
// than a rebuild away from them.

/** Rebuilds every marked month; returns how many. Cheap when nothing is marked. */
export async function rebuildDirtyMonths(db: Kysely<DB>): Promise<number> {
  if (!(await db.selectFrom("verdict_month_dirty").select("office_id").limit(1).executeTakeFirst())) return 0;
  return db.transaction().execute(async (trx) => {
    // Locked: a writer marking one of these months again waits, then marks it afresh.
    const marked = await trx.selectFrom("verdict_month_dirty").select(["office_id", "month", "gen"]).forUpdate().execute();
    if (marked.length === 0) return 0;
    const list = sql`(select * from json_populate_recordset(null::verdict_month_dirty, ${JSON.stringify(marked)}::text::json)) d`;
    await sql`delete from verdict_month m using ${list} where m.office_id = d.office_id and m.month = d.month`.execute(trx);
    await sql`
      insert into verdict_month (kind, office_id, permit_type, sop_id, position, owner, actor, month, status, n, working_sum)
      select 'permit', v.office_id, v.permit_type, v.sop_id, null, null, null, v.month, v.status, count(*), coalesce(sum(v.working_seconds), 0)
      from permit_verdict v join ${list} on d.office_id = v.office_id and d.month = v.month
      group by v.office_id, v.permit_type, v.sop_id, v.month, v.status`.execute(trx);
    await sql`
      insert into verdict_month (kind, office_id, permit_type, sop_id, position, owner, actor, month, status, n, working_sum)
      select 'step', v.office_id, v.permit_type, v.sop_id, v.position, v.owner, v.actor, v.month, v.status, count(*), coalesce(sum(v.working_seconds), 0)
      from step_verdict v join ${list} on d.office_id = v.office_id and d.month = v.month
      group by v.office_id, v.permit_type, v.sop_id, v.position, v.owner, v.actor, v.month, v.status`.execute(trx);
    await sql`delete from verdict_month_dirty x using ${list} where x.office_id = d.office_id and x.month = d.month and x.gen = d.gen`.execute(trx);
    return marked.length;
  });
}
