import { type Kysely, sql } from "kysely";

// The outbox worker claims what is due to be sent and what a crashed worker left "sending" past
// its lease (both by not_before), so the index that finds due rows covers both states.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index alert_delivery_due`.execute(db);
  await sql`create index alert_delivery_due on alert_delivery (not_before) where status in ('pending', 'sending')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index alert_delivery_due`.execute(db);
  await sql`create index alert_delivery_due on alert_delivery (not_before) where status = 'pending'`.execute(db);
}
