import { type Kysely, sql } from "kysely";

// The audit log (issue 14): who did what, when, from where, and how it ended. The user's e-mail is
// copied into each row, so a row still says who after the user is removed. No row holds a body:
// only the route, its parameters and a few named form fields (src/web/audit.ts).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_event (
      id bigserial primary key,
      at timestamptz not null,
      user_id integer references app_user(id) on delete set null,
      user_email text,
      address text,
      action text not null,
      target text not null,
      detail jsonb,
      -- The HTTP status the request was answered with.
      status integer not null
    )`.execute(db);
  // The page lists newest first, filtered by a user's e-mail or by an action.
  await sql`create index audit_event_at on audit_event (at desc)`.execute(db);
  await sql`create index audit_event_user_email on audit_event (lower(user_email), at desc)`.execute(db);
  await sql`create index audit_event_action on audit_event (action, at desc)`.execute(db);
  // Removing a user sets its rows' user_id to null: found by this index, not a scan of the log.
  await sql`create index audit_event_user on audit_event (user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_event`.execute(db);
}
