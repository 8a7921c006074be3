import { type Kysely, sql, type Transaction } from "kysely";
import { OPEN_STATUSES } from "../../sla/index.ts";
import type { AlertLevel, DB } from "../schema.ts";

// The queue of crossings still to alert, kept in step with the verdicts: rewritten for the permits
// of each stored page of verdicts, taken by the alert job once their instant has passed.

/** A level's rank: a breach supersedes the warnings of what it judges. */
export const levelRank = (column: ReturnType<typeof sql.ref>) => sql<number>`(case ${column} when 'warning' then 1 when 'warning2' then 2 else 3 end)`;

/**
 * Rewrites the queue for `permitIds` from their stored verdicts as of `now`: every crossing of an
 * open permit total or office step not alerted yet at that level or a higher one. Of the levels
 * already passed, only the highest is queued (a permit found late is a breach, not a warning and a
 * breach); `firstSeen` lists the permits evaluated for the first time (just imported), whose
 * passed crossings are marked found at import. The alerts of what has since closed are resolved
 * and their messages not yet sent cancelled (the alert itself stays recorded).
 */
export async function syncCrossings(trx: Transaction<DB>, permitIds: readonly number[], firstSeen: readonly number[], now: Date): Promise<void> {
  if (permitIds.length === 0) return;
  const ids = sql`${[...permitIds]}::bigint[]`;
  await sql`delete from alert_crossing where permit_id = any(${ids})`.execute(trx);
  await sql`
    with c as (
      select pv.permit_id, null::bigint as step_record_id, l.level, l.at, l.rank, l.share
      from permit_verdict pv
      cross join lateral (values ('warning', pv.warn_at, 1, pv.warn_share), ('warning2', pv.warn2_at, 2, pv.warn2_share), ('breach', pv.late_at, 3, 1.0)) l(level, at, rank, share)
      where pv.permit_id = any(${ids}) and l.at is not null
      union all
      select sv.permit_id, sv.step_record_id, l.level, l.at, l.rank, l.share
      from step_verdict sv
      cross join lateral (values ('warning', sv.warn_at, 1, sv.warn_share), ('warning2', sv.warn2_at, 2, sv.warn2_share), ('breach', sv.late_at, 3, 1.0)) l(level, at, rank, share)
      where sv.permit_id = any(${ids}) and l.at is not null and sv.owner is distinct from 'applicant'
    ),
    ranked as (
      select c.*, max(c.rank) filter (where c.at <= ${now}) over (partition by c.permit_id, c.step_record_id) as passed
      from c
    )
    insert into alert_crossing (permit_id, step_record_id, level, at, share, found_at_import)
    select r.permit_id, r.step_record_id, r.level, r.at, r.share, r.at <= ${now} and r.permit_id = any(${[...firstSeen]}::bigint[])
    from ranked r
    where r.rank >= coalesce(r.passed, 0)
      and not exists (
        select 1 from alert a
        where a.permit_id = r.permit_id and a.step_record_id is not distinct from r.step_record_id and ${levelRank(sql.ref("a.level"))} >= r.rank)`.execute(trx);

  // What these verdicts say has closed: its alerts are resolved, their pending messages cancelled.
  const open = sql.join(OPEN_STATUSES.map((s) => sql`${s}`));
  const closed = await sql<{ id: number }>`
    update alert a set resolved_at = ${now}
    where a.permit_id = any(${ids}) and a.resolved_at is null
      and (case when a.step_record_id is null
             then not exists (select 1 from permit_verdict pv where pv.permit_id = a.permit_id and pv.status in (${open}))
             else not exists (select 1 from step_verdict sv where sv.permit_id = a.permit_id and sv.step_record_id = a.step_record_id and sv.status in (${open}))
           end)
    returning a.id`.execute(trx);
  if (closed.rows.length === 0) return;
  const closedIds = sql`${closed.rows.map((r) => r.id)}::bigint[]`;
  const cancelled = await sql<{ alert_id: number; channel_id: number }>`
    update alert_delivery d set status = 'cancelled', last_error = 'closed before it was sent'
    from alert a
    where d.alert_id = a.id and a.id = any(${closedIds}) and d.status = 'pending'
    returning d.alert_id, d.channel_id`.execute(trx);
  await sql`
    insert into alert_event (alert_id, at, kind, body)
    select id, ${now}, 'resolved', null from unnest(${closedIds}) id`.execute(trx);
  if (cancelled.rows.length > 0) {
    await sql`
      insert into alert_event (alert_id, at, kind, body)
      select alert_id, ${now}, 'cancelled', 'channel ' || channel_id from unnest(${cancelled.rows.map((r) => r.alert_id)}::bigint[], ${cancelled.rows.map((r) => r.channel_id)}::int[]) x(alert_id, channel_id)`.execute(trx);
  }
}

export interface TakenCrossing {
  permit_id: number;
  step_record_id: number | null;
  level: AlertLevel;
  at: Date;
  share: number;
  found_at_import: boolean;
}

/**
 * Takes (removes and returns) every queued crossing whose instant is at or before `now`; of one
 * permit's or step's several, only the highest level (a breach passed while nobody ran the job
 * supersedes the warning before it). Read off the queue's index: the cost is what has crossed.
 */
export async function takeCrossed(trx: Transaction<DB> | Kysely<DB>, now: Date): Promise<TakenCrossing[]> {
  const { rows } = await sql<TakenCrossing>`
    with taken as (
      -- Rows an evaluation is rewriting are left to the next run: the job never waits on a
      -- writer's row locks, so the two cannot deadlock.
      delete from alert_crossing where ctid in (select ctid from alert_crossing where at <= ${now} for update skip locked)
      returning *)
    select distinct on (permit_id, step_record_id) permit_id, step_record_id, level, at, share, found_at_import
    from taken
    order by permit_id, step_record_id, ${levelRank(sql.ref("level"))} desc`.execute(trx);
  return rows.map((r) => ({ ...r, permit_id: Number(r.permit_id), step_record_id: r.step_record_id === null ? null : Number(r.step_record_id) }));
}
