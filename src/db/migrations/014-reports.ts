import { type Kysely, sql } from "kysely";

// The Excel reports made so far (issue 12): which office and period, in which language, the file
// on disk, the data it was made from, who or what made it, and when.
// A scheduled report is made once per office, month and language however many app processes run:
// the row is the claim (a unique index over scheduled rows), taken before the file is written.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table report (
      id bigserial primary key,
      office_id integer references office (id),
      period_from date not null,
      period_to date not null,
      lang text not null check (lang in ('id', 'en')),
      made_by text not null,
      scheduled boolean not null default false,
      status text not null check (status in ('making', 'done', 'failed')),
      file_name text,
      bytes bigint,
      -- What the data was when it was made: the newest import batch, calendar version, SOP version
      -- and step name of its office(s). A newer one of any makes the report out of date.
      last_batch_id bigint,
      calendar_version_id bigint,
      sop_version_id bigint,
      alias_id bigint,
      error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`create unique index report_scheduled_once on report (office_id, period_from, period_to, lang) where scheduled`.execute(db);
  await sql`create index report_office_idx on report (office_id, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table report`.execute(db);
}
