import { type Kysely, sql } from "kysely";

// A report for a set of offices (issue 12: "one office, or several, for a provincial user").
// office_ids holds the set, ascending, null for every office; office_id stays the one office of a
// one-office report (Beranda finds last month's report by it), null otherwise.
// A scheduled report is still made once per set, period and language: the claim's unique index
// moves to the set, nulls not distinct so that "every office" is one claim too.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table report add column office_ids integer[]`.execute(db);
  await sql`update report set office_ids = array[office_id] where office_id is not null`.execute(db);
  await sql`
    alter table report add constraint report_office_set check (
      (office_ids is null and office_id is null)
      or (cardinality(office_ids) = 1 and office_id = office_ids[1])
      or (cardinality(office_ids) > 1 and office_id is null)
    )`.execute(db);
  await sql`drop index report_scheduled_once`.execute(db);
  await sql`create unique index report_scheduled_once on report (office_ids, period_from, period_to, lang) nulls not distinct where scheduled`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index report_scheduled_once`.execute(db);
  await sql`delete from report where cardinality(office_ids) > 1`.execute(db);
  await sql`alter table report drop constraint report_office_set`.execute(db);
  await sql`alter table report drop column office_ids`.execute(db);
  await sql`create unique index report_scheduled_once on report (office_id, period_from, period_to, lang) where scheduled`.execute(db);
}
