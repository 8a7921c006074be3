import { type Kysely, sql } from "kysely";

// Verdicts carry what pages filter and group by (office, permit type, SOP, officer, the local
// month they finished in), so a figure needs no joins; and finished verdicts are rolled up per
// office and month, so a year of a busy office aggregates in milliseconds. Triggers mark the
// months that any write to the verdicts touches; the rollup of a marked month is rebuilt before it
// is read (src/db/repos/rollup.ts), so it cannot fall behind the verdicts.

/** Each office's zone, from its calendar's latest version: months are counted in it. */
const OFFICE_ZONE = sql`
  select o.id as office_id,
         (select cv.definition->>'timezone' from calendar_version cv
          where cv.calendar_id = o.calendar_id order by cv.version desc limit 1) as tz
  from office o`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table permit_verdict
      add column office_id integer, add column permit_type text, add column sop_id integer,
      add column month text`.execute(db);
  await sql`
    alter table step_verdict
      add column office_id integer, add column permit_type text, add column sop_id integer,
      add column actor text, add column ended_at timestamptz, add column month text`.execute(db);

  // What is already stored gets the same columns.
  await sql`
    with zone as (${OFFICE_ZONE})
    update permit_verdict v set office_id = p.office_id, permit_type = coalesce(s.permit_type, p.permit_type), sop_id = p.sop_id,
           month = to_char(v.finished_at at time zone zone.tz, 'YYYY-MM')
    from permit p join zone on zone.office_id = p.office_id left join sop s on s.id = p.sop_id
    where p.id = v.permit_id`.execute(db);
  await sql`
    with zone as (${OFFICE_ZONE})
    update step_verdict v set office_id = p.office_id, permit_type = coalesce(s.permit_type, p.permit_type), sop_id = p.sop_id,
           actor = r.actor, ended_at = r.ended_at, month = to_char(r.ended_at at time zone zone.tz, 'YYYY-MM')
    from step_record r join permit p on p.id = r.permit_id join zone on zone.office_id = p.office_id left join sop s on s.id = p.sop_id
    where r.id = v.step_record_id`.execute(db);

  await sql`create index permit_verdict_month_idx on permit_verdict (month, office_id)`.execute(db);
  await sql`create index step_verdict_step_idx on step_verdict (sop_id, position, month)`.execute(db);
  await sql`create index step_verdict_month_idx on step_verdict (month, office_id)`.execute(db);
  await sql`create index step_verdict_open_idx on step_verdict (office_id) where status in ('open', 'at_risk', 'open_late')`.execute(db);
  // The permit list's order after the open ones: newest first, read off the index a page at a time.
  await sql`create index permit_submitted_idx on permit (submitted_at desc nulls last, id desc)`.execute(db);

  await sql`
    create table verdict_month (
      kind text not null,
      office_id integer not null,
      permit_type text,
      sop_id integer,
      position integer,
      owner text,
      actor text,
      month text not null,
      status text not null,
      n integer not null,
      working_sum double precision not null
    )`.execute(db);
  await sql`create index verdict_month_idx on verdict_month (kind, month, office_id)`.execute(db);
  // An append-only log of marks: writers only insert (no row locks to wait on or deadlock over);
  // a rebuild removes the marks it has seen.
  await sql`
    create table verdict_month_dirty (
      id bigserial primary key,
      office_id integer not null,
      month text not null
    )`.execute(db);

  // Statement-level: a page of a thousand verdicts marks its few months once.
  for (const [name, rows] of [
    ["new", "new_rows"],
    ["old", "old_rows"],
  ] as const) {
    await sql.raw(`
      create function mark_verdict_months_${name}() returns trigger language plpgsql as $$
      begin
        insert into verdict_month_dirty (office_id, month)
        select distinct office_id, month from ${rows} where office_id is not null and month is not null;
        return null;
      end $$`).execute(db);
  }
  for (const table of ["permit_verdict", "step_verdict"]) {
    await sql.raw(`create trigger ${table}_months_ins after insert on ${table} referencing new table as new_rows for each statement execute function mark_verdict_months_new()`).execute(db);
    await sql.raw(`create trigger ${table}_months_del after delete on ${table} referencing old table as old_rows for each statement execute function mark_verdict_months_old()`).execute(db);
    await sql.raw(`create trigger ${table}_months_upd_old after update on ${table} referencing old table as old_rows for each statement execute function mark_verdict_months_old()`).execute(db);
    await sql.raw(`create trigger ${table}_months_upd_new after update on ${table} referencing new table as new_rows for each statement execute function mark_verdict_months_new()`).execute(db);
  }
  await sql`
    insert into verdict_month_dirty (office_id, month)
    select distinct office_id, month from step_verdict where office_id is not null and month is not null
    union select distinct office_id, month from permit_verdict where office_id is not null and month is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["permit_verdict", "step_verdict"]) {
    for (const t of ["ins", "del", "upd_old", "upd_new"]) await sql.raw(`drop trigger ${table}_months_${t} on ${table}`).execute(db);
  }
  await sql`drop function mark_verdict_months_new()`.execute(db);
  await sql`drop function mark_verdict_months_old()`.execute(db);
  await sql`drop table verdict_month_dirty`.execute(db);
  await sql`drop table verdict_month`.execute(db);
  await sql`drop index step_verdict_step_idx`.execute(db);
  await sql`drop index step_verdict_month_idx`.execute(db);
  await sql`drop index step_verdict_open_idx`.execute(db);
  await sql`drop index permit_submitted_idx`.execute(db);
  await sql`drop index permit_verdict_month_idx`.execute(db);
  await sql`alter table step_verdict drop column office_id, drop column permit_type, drop column sop_id, drop column actor, drop column ended_at, drop column month`.execute(db);
  await sql`alter table permit_verdict drop column office_id, drop column permit_type, drop column sop_id, drop column month`.execute(db);
}
