import { type Access, visible } from "./access.ts";
import { randomUUID } from "node:crypto";
import { type ExpressionBuilder, type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { ChannelInput } from "../../alerts/channel-config.ts";
import { type AlertFacts, type MessageLevel, sampleFacts } from "../../alerts/templates.ts";
import { nextWorkingInstant } from "../../calendar/arithmetic.ts";
import type { Calendar } from "../../calendar/types.ts";
import type { AlertChannelTable, DB } from "../schema.ts";
import { calendarOfOffice } from "./calendars.ts";

// The outbox of alert messages: one row per alert and channel, written in the transaction that
// raises the alert, then claimed by a worker (`for update skip locked`: two workers never take one
// row), sent, and recorded as sent, to retry, or failed. A claim is a lease: its row stays
// "sending" with not_before at the lease's end, so a row a crashed worker held is claimed again
// then (the idempotency key lets the receiver drop the repeat). The attempt number is the claim's
// token: a worker whose lease ran out cannot record over the next one.

export type ChannelRow = Selectable<AlertChannelTable>;
type Db = Kysely<DB> | Transaction<DB>;

async function calendars(db: Db, officeIds: Iterable<number>): Promise<Map<number, Calendar>> {
  const out = new Map<number, Calendar>();
  for (const id of new Set(officeIds)) out.set(id, await calendarOfOffice(db, id));
  return out;
}

/**
 * Queues a message for each new alert on every enabled channel of its office that takes its
 * level, to go out now if the office is open, else at its next opening (quiet hours). Returns how
 * many deliveries were queued; an (alert, channel) queued already adds nothing.
 */
export async function enqueueAlertDeliveries(trx: Db, alertIds: readonly number[], now: Date): Promise<number> {
  if (alertIds.length === 0) return 0;
  const rows = await trx
    .selectFrom("alert as a")
    .innerJoin("permit as p", "p.id", "a.permit_id")
    .innerJoin("alert_channel as c", (j) => j.onRef("c.office_id", "=", "a.office_id").on("c.enabled", "=", true).on(sql<boolean>`a.level = any(c.levels)`))
    .select(["a.id", "a.office_id", "a.level", "a.permit_id", "p.permit_number", "a.permit_type", "a.step_name", "a.actor", "a.standard_seconds", "a.share", "a.due_at", "c.id as channel_id"])
    .where("a.id", "in", alertIds)
    .execute();
  if (rows.length === 0) return 0;
  const cals = await calendars(trx, rows.map((r) => r.office_id));
  const values = rows.map((r) => {
    const facts: AlertFacts = {
      level: r.level,
      permitId: Number(r.permit_id),
      permitNumber: r.permit_number,
      permitType: r.permit_type,
      stepName: r.step_name,
      actor: r.actor,
      standardSeconds: r.standard_seconds,
      share: r.share,
      dueAt: r.due_at?.toISOString() ?? null,
    };
    return {
      channel_id: r.channel_id,
      alert_id: Number(r.id),
      kind: "alert" as const,
      idempotency_key: randomUUID(),
      payload: { ...facts },
      not_before: nextWorkingInstant(cals.get(r.office_id)!, now),
      created_at: now,
    };
  });
  const inserted = await trx.insertInto("alert_delivery").values(values).onConflict((oc) => oc.doNothing()).returning("id").execute();
  return inserted.length;
}

/** The enabled channels of an office that take its morning digest. */
export async function digestChannelIds(db: Db, officeId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("alert_channel")
    .select("id")
    .where("office_id", "=", officeId)
    .where("enabled", "=", true)
    .where(sql<boolean>`'digest' = any(levels)`)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims an office's digest of a day: true for the one transaction whose row goes in. Another
 * process's insert waits for it (the primary key), then adds nothing, so a day's digest is made once.
 */
export async function claimDigestDay(trx: Transaction<DB>, officeId: number, day: string, now: Date): Promise<boolean> {
  const row = await trx
    .insertInto("alert_digest")
    .values({ office_id: officeId, day, made_at: now })
    .onConflict((oc) => oc.columns(["office_id", "day"]).doNothing())
    .returning("office_id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Queues one digest message (its finished text) on each of the channels, to go out at `notBefore`. */
export async function enqueueDigestDeliveries(trx: Db, channelIds: readonly number[], message: { text: string; subject: string }, notBefore: Date, now: Date): Promise<number> {
  if (channelIds.length === 0) return 0;
  const rows = channelIds.map((channel_id) => ({
    channel_id,
    alert_id: null,
    kind: "digest" as const,
    idempotency_key: randomUUID(),
    payload: { ...message },
    not_before: notBefore,
    created_at: now,
  }));
  return (await trx.insertInto("alert_delivery").values(rows).returning("id").execute()).length;
}

/** "Send a test": a made-up message on one channel, now (whoever pressed the button is at work). */
export async function enqueueTestDelivery(db: Db, channelId: number, now: Date, level: MessageLevel = "test"): Promise<number> {
  const { id } = await db
    .insertInto("alert_delivery")
    .values({ channel_id: channelId, alert_id: null, kind: "test", idempotency_key: randomUUID(), payload: { ...sampleFacts(level, now) }, not_before: now, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

export interface ClaimedDelivery {
  id: number;
  alert_id: number | null;
  kind: "alert" | "digest" | "test";
  idempotency_key: string;
  payload: Record<string, unknown>;
  /** This claim's try, 1 for the first: the token that records its outcome. */
  attempts: number;
  office_id: number;
  channel_id: number;
  channel_kind: "webhook" | "email";
  channel_name: string;
  config: Record<string, unknown>;
  templates: Record<string, string>;
}

/**
 * Takes up to `limit` deliveries due at `now` (pending ones, and "sending" ones whose lease ran
 * out), oldest first, skipping rows another worker holds, and leases them for `leaseMs`.
 */
export async function claimDueDeliveries(db: Kysely<DB>, now: Date, o: { limit: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
  const leaseEnd = new Date(now.getTime() + o.leaseMs);
  // Due messages no longer wanted are cancelled, not sent: what their alert judges closed while
  // they waited (for quiet hours, or a retry), or their channel was turned off or no longer
  // takes their level.
  await sql`
    with cancelled as (
      update alert_delivery d set status = 'cancelled', last_error = case when a.resolved_at is not null then 'closed before it was sent' else 'the channel no longer takes it' end
      from alert a, alert_channel c
      where d.alert_id = a.id and c.id = d.channel_id and d.status in ('pending', 'sending') and d.not_before <= ${now}
        and (a.resolved_at is not null or not c.enabled or not (a.level = any(c.levels)))
      returning d.alert_id, d.channel_id)
    insert into alert_event (alert_id, at, kind, body) select alert_id, ${now}, 'cancelled', 'channel ' || channel_id from cancelled`.execute(db);
  const { rows } = await sql<ClaimedDelivery>`
    update alert_delivery d
    set status = 'sending', attempts = d.attempts + 1, not_before = ${leaseEnd}
    from (
      select id from alert_delivery
      where status in ('pending', 'sending') and not_before <= ${now}
      order by not_before, id
      limit ${o.limit}
      for update skip locked
    ) due, alert_channel c
    where d.id = due.id and c.id = d.channel_id
    returning d.id, d.alert_id, d.kind, d.idempotency_key, d.payload, d.attempts, c.office_id, c.id as channel_id, c.kind as channel_kind,
              c.name as channel_name, c.config, c.templates`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), alert_id: r.alert_id === null ? null : Number(r.alert_id) }));
}

const held = (claim: ClaimedDelivery) => (eb: ExpressionBuilder<DB, "alert_delivery">) =>
  eb.and([eb("id", "=", claim.id), eb("status", "=", "sending"), eb("attempts", "=", claim.attempts)]);

/** The receiver took it. False when the lease had run out and another claim holds the row. */
export async function recordSent(db: Kysely<DB>, claim: ClaimedDelivery, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable("alert_delivery").set({ status: "sent", sent_at: now, last_error: null }).where(held(claim)).executeTakeFirst();
    if (r.numUpdatedRows === 0n) return false;
    if (claim.alert_id !== null) await trx.insertInto("alert_event").values({ alert_id: claim.alert_id, at: now, kind: "sent", body: claim.channel_name }).execute();
    return true;
  });
}

/**
 * The try failed: with `retryAt`, the delivery waits until then; without, it is failed for good
 * (its error kept, shown on the page with "send again"). False when the lease had run out.
 */
export async function recordFailure(db: Kysely<DB>, claim: ClaimedDelivery, error: string, now: Date, retryAt: Date | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable("alert_delivery")
      .set(retryAt ? { status: "pending", not_before: retryAt, last_error: error } : { status: "failed", not_before: now, last_error: error })
      .where(held(claim))
      .executeTakeFirst();
    if (r.numUpdatedRows === 0n) return false;
    if (!retryAt && claim.alert_id !== null) {
      await trx.insertInto("alert_event").values({ alert_id: claim.alert_id, at: now, kind: "failed", body: `${claim.channel_name}: ${error}` }).execute();
    }
    return true;
  });
}

/** "Send again" for a failed delivery: back to the queue with a fresh count of tries. */
export async function resendDelivery(db: Kysely<DB>, id: number, now: Date, actor: string | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("alert_delivery")
      .set({ status: "pending", attempts: 0, not_before: now })
      .where("id", "=", id)
      .where("status", "=", "failed")
      .returning(["alert_id", "channel_id"])
      .executeTakeFirst();
    if (!row) return false;
    if (row.alert_id !== null) {
      const channel = await trx.selectFrom("alert_channel").select("name").where("id", "=", row.channel_id).executeTakeFirstOrThrow();
      await trx.insertInto("alert_event").values({ alert_id: Number(row.alert_id), at: now, kind: "resent", actor, body: channel.name }).execute();
    }
    return true;
  });
}

export interface DeliveryRow {
  id: number;
  channel_id: number;
  channel_name: string;
  channel_kind: "webhook" | "email";
  kind: "alert" | "digest" | "test";
  status: "pending" | "sending" | "sent" | "failed" | "cancelled";
  attempts: number;
  not_before: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const deliveryColumns = [
  "d.id", "d.channel_id", "c.name as channel_name", "c.kind as channel_kind", "d.kind", "d.status", "d.attempts", "d.not_before", "d.last_error", "d.created_at", "d.sent_at",
] as const;

/** An alert's messages, per channel: for its page (status, error, "send again"). */
export async function deliveriesOfAlert(db: Kysely<DB>, alertId: number, access: Access): Promise<DeliveryRow[]> {
  const rows = await db
    .selectFrom("alert_delivery as d")
    .innerJoin("alert_channel as c", "c.id", "d.channel_id")
    .select(deliveryColumns)
    .where("d.alert_id", "=", alertId)
    .where(visible("c.office_id", access))
    .orderBy("d.id")
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function findDelivery(db: Kysely<DB>, id: number): Promise<DeliveryRow | undefined> {
  const r = await db.selectFrom("alert_delivery as d").innerJoin("alert_channel as c", "c.id", "d.channel_id").select(deliveryColumns).where("d.id", "=", id).executeTakeFirst();
  return r && { ...r, id: Number(r.id) };
}

/** An office's channels, as the settings page lists them. */
export async function listChannels(db: Kysely<DB>, officeId: number): Promise<ChannelRow[]> {
  return db.selectFrom("alert_channel").selectAll().where("office_id", "=", officeId).orderBy("id").execute();
}

export async function findChannel(db: Kysely<DB>, id: number): Promise<ChannelRow | undefined> {
  return db.selectFrom("alert_channel").selectAll().where("id", "=", id).executeTakeFirst();
}

const channelValues = (input: ChannelInput) => ({
  kind: input.kind,
  name: input.name,
  enabled: input.enabled,
  levels: input.levels,
  config: { ...input.config },
  templates: Object.fromEntries(Object.entries(input.templates).filter((e): e is [string, string] => e[1] !== undefined)),
});

/** Adds a channel (input checked by parseChannelInput); returns its id. */
export async function createChannel(db: Kysely<DB>, officeId: number, input: ChannelInput): Promise<number> {
  const { id } = await db.insertInto("alert_channel").values({ office_id: officeId, ...channelValues(input) }).returning("id").executeTakeFirstOrThrow();
  return id;
}

/**
 * Replaces a channel's settings; false when there is no such channel. Turning a channel off
 * cancels its alert messages still waiting (they would be stale by the time it is on again).
 */
export async function updateChannel(db: Kysely<DB>, id: number, input: ChannelInput, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable("alert_channel").set(channelValues(input)).where("id", "=", id).executeTakeFirst();
    if (r.numUpdatedRows === 0n) return false;
    if (!input.enabled) {
      const cancelled = await trx
        .updateTable("alert_delivery")
        .set({ status: "cancelled", last_error: "channel turned off before it was sent" })
        .where("channel_id", "=", id)
        .where("status", "=", "pending")
        .where("kind", "!=", "test")
        .returning("alert_id")
        .execute();
      const alertIds = cancelled.flatMap((c) => (c.alert_id === null ? [] : [Number(c.alert_id)]));
      if (alertIds.length > 0) await trx.insertInto("alert_event").values(alertIds.map((a) => ({ alert_id: a, at: now, kind: "cancelled", body: input.name }))).execute();
    }
    return true;
  });
}
