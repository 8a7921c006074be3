import { type Kysely, sql } from "kysely";

// Sign-in (issue 14): users with a role and their offices, sessions behind a cookie (stored by the
// hash of their token, so a copy of the database signs nobody in), the failures that throttle
// repeated wrong passwords per account and per address, and API tokens.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table app_user (
      id serial primary key,
      email text not null,
      name text not null,
      password_hash text not null,
      role text not null check (role in ('admin', 'kepala', 'operator', 'viewer')),
      -- A provincial user: every office, present and future.
      all_offices boolean not null default false,
      must_change_password boolean not null default false,
      lang text check (lang in ('id', 'en')),
      disabled_at timestamptz,
      password_changed_at timestamptz not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create unique index app_user_email on app_user (lower(email))`.execute(db);
  await sql`
    create table user_office (
      user_id integer not null references app_user(id) on delete cascade,
      office_id integer not null references office(id) on delete cascade,
      primary key (user_id, office_id)
    )`.execute(db);
  await sql`
    create table user_session (
      token_hash text primary key,
      user_id integer not null references app_user(id) on delete cascade,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      address text,
      user_agent text
    )`.execute(db);
  await sql`create index user_session_user on user_session (user_id)`.execute(db);
  await sql`
    create table sign_in_failure (
      id bigserial primary key,
      key text not null,
      at timestamptz not null
    )`.execute(db);
  await sql`create index sign_in_failure_key on sign_in_failure (key, at)`.execute(db);
  // Tokens for programs (sync scripts, the SiCantik pull): a user's, for the API only, to read or
  // to import too; shown once, stored by hash.
  await sql`
    create table api_token (
      id serial primary key,
      user_id integer not null references app_user(id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      scope text not null check (scope in ('read', 'import')),
      created_at timestamptz not null,
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["api_token", "sign_in_failure", "user_session", "user_office", "app_user"]) await sql.raw(`drop table ${t}`).execute(db);
}
