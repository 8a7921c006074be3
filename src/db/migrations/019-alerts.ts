import { type Kysely, sql } from "kysely";

// Alerts (issue 13). An open verdict carries the instants at which it crosses its warning
// share(s) and its standard (null when closed, paused by the applicant, or without a standard),
// so that a status can be read by comparing "now" with them, and a queue (alert_crossing) holds
// each crossing not yet alerted, indexed by its instant: the minute job takes only what has
// crossed. An alert is unique per (permit, step occurrence or the permit's total, level); every
// message it causes goes through an outbox (alert_delivery), once per alert and channel.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ["permit_verdict", "step_verdict"]) {
    // With the shares they stand for, so the alert queue is written with the thresholds the instants were computed with.
    await sql.raw(
      `alter table ${table} add column warn_at timestamptz, add column warn2_at timestamptz, add column late_at timestamptz,
         add column warn_share double precision, add column warn2_share double precision`,
    ).execute(db);
  }

  // Warning shares per office (permit_type and position null), per permit type, per SOP step.
  await sql`
    create table alert_threshold (
      id serial primary key,
      office_id integer not null references office(id) on delete cascade,
      permit_type text,
      position integer,
      warn_share double precision not null check (warn_share > 0 and warn_share < 1),
      warn2_share double precision check (warn2_share is null or (warn2_share > warn_share and warn2_share < 1)),
      updated_at timestamptz not null default now(),
      check (position is null or permit_type is not null)
    )`.execute(db);
  await sql`create unique index alert_threshold_scope on alert_threshold (office_id, permit_type, position) nulls not distinct`.execute(db);

  // Crossings still to alert: written with the verdicts, taken by the job once their instant passes.
  await sql`
    create table alert_crossing (
      permit_id bigint not null references permit(id) on delete cascade,
      step_record_id bigint references step_record(id) on delete cascade,
      level text not null check (level in ('warning', 'warning2', 'breach')),
      at timestamptz not null,
      -- The share of the standard used at that instant: the threshold, or 1 for the breach.
      share double precision not null,
      found_at_import boolean not null default false
    )`.execute(db);
  await sql`create unique index alert_crossing_key on alert_crossing (permit_id, step_record_id, level) nulls not distinct`.execute(db);
  await sql`create index alert_crossing_at on alert_crossing (at)`.execute(db);

  await sql`
    create table alert (
      id bigserial primary key,
      office_id integer not null references office(id) on delete cascade,
      permit_id bigint not null references permit(id) on delete cascade,
      step_record_id bigint references step_record(id) on delete cascade,
      level text not null check (level in ('warning', 'warning2', 'breach')),
      crossed_at timestamptz not null,
      raised_at timestamptz not null,
      found_at_import boolean not null default false,
      permit_type text,
      position integer,
      step_name text,
      actor text,
      standard_seconds double precision,
      due_at timestamptz,
      share double precision,
      acknowledged_at timestamptz,
      acknowledged_by text,
      assignee text,
      resolved_at timestamptz
    )`.execute(db);
  await sql`create unique index alert_once on alert (permit_id, step_record_id, level) nulls not distinct`.execute(db);
  await sql`create index alert_office_raised on alert (office_id, raised_at desc)`.execute(db);
  await sql`create index alert_unacknowledged on alert (office_id) where acknowledged_at is null`.execute(db);

  await sql`
    create table alert_event (
      id bigserial primary key,
      alert_id bigint not null references alert(id) on delete cascade,
      at timestamptz not null,
      kind text not null,
      actor text,
      body text
    )`.execute(db);
  await sql`create index alert_event_alert on alert_event (alert_id, at)`.execute(db);

  // Where an office's messages go: a webhook (a WhatsApp gateway) or e-mail, for some levels.
  await sql`
    create table alert_channel (
      id serial primary key,
      office_id integer not null references office(id) on delete cascade,
      kind text not null check (kind in ('webhook', 'email')),
      name text not null,
      enabled boolean not null default true,
      levels text[] not null default array['warning', 'warning2', 'breach', 'digest'],
      config jsonb not null,
      templates jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now()
    )`.execute(db);

  // The outbox: one row per message and channel, sent by a worker, retried with backoff.
  await sql`
    create table alert_delivery (
      id bigserial primary key,
      channel_id integer not null references alert_channel(id) on delete cascade,
      alert_id bigint references alert(id) on delete cascade,
      kind text not null check (kind in ('alert', 'digest', 'test')),
      idempotency_key text not null unique,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'cancelled')),
      attempts integer not null default 0,
      not_before timestamptz not null,
      last_error text,
      created_at timestamptz not null,
      sent_at timestamptz
    )`.execute(db);
  await sql`create unique index alert_delivery_once on alert_delivery (alert_id, channel_id) where alert_id is not null`.execute(db);
  await sql`create index alert_delivery_due on alert_delivery (not_before) where status = 'pending'`.execute(db);

  // The morning digest, once per office and working day.
  await sql`
    create table alert_digest (
      office_id integer not null references office(id) on delete cascade,
      day date not null,
      made_at timestamptz not null,
      primary key (office_id, day)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["alert_digest", "alert_delivery", "alert_channel", "alert_event", "alert", "alert_crossing", "alert_threshold"]) {
    await sql.raw(`drop table ${t}`).execute(db);
  }
  for (const table of ["permit_verdict", "step_verdict"]) {
    await sql.raw(`alter table ${table} drop column warn_at, drop column warn2_at, drop column late_at, drop column warn_share, drop column warn2_share`).execute(db);
  }
}
