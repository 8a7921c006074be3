// Delivering queued webhooks (issue 13: 1,000 to a local receiver under 10 s) on PostgreSQL.
// Run: `npm run bench:delivery`.
//   BENCH_DELIVERIES (default 1000): how many alerts are queued, one webhook each.
//   DATABASE_URL: the server to use (default postgres://postgres@127.0.0.1:5432/test); a database
//   of its own is made and dropped.
// The receiver is node:http on localhost answering 200 at once, so what is measured is the outbox:
// claims, message rendering, the HTTP round trips and the recording of each outcome.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import postgres from "postgres";
import { parseChannelInput } from "../../src/alerts/channel-config.ts";
import { fixedClock } from "../../src/clock/index.ts";
import { openPostgres } from "../../src/db/connect.ts";
import { createChannel } from "../../src/db/repos/alert-deliveries.ts";
import { deliverDueAlerts } from "../../src/jobs/deliver-alerts.ts";
import { raiseDueAlerts } from "../../src/jobs/raise-alerts.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { prepareDatabase } from "../../src/seed/prepare-database.ts";
import { databaseUrlFor } from "../support/database-url.ts";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const COUNT = Number(process.env.BENCH_DELIVERIES ?? 1000);
// Monday 23 November 2026, 10:00 WIB: the office is open.
const clock = fixedClock("2026-11-23T03:00:00Z");

const name = `mutubaku_bench_delivery_${process.pid}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
let received = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    received++;
    res.writeHead(200).end("ok");
  });
});
await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
const database = await openPostgres(databaseUrlFor(ADMIN_URL, name));
try {
  const { db } = database;
  await prepareDatabase(db);
  const office = await db.selectFrom("office").select("id").where("slug", "=", "kampar").executeTakeFirstOrThrow();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kirim`;
  await createChannel(db, office.id, parseChannelInput({ kind: "webhook", name: "WA", config: { url, secret: "bench-secret-0123456789", fields: { target: "62812" } } }));
  await sql`
    with p as (
      insert into permit (office_id, permit_number, permit_type, updated_at)
      select ${office.id}, '503/BENCH/' || g, 'Izin Kerja Teknisi Gigi', ${clock.now()} from generate_series(1, ${COUNT}) g
      returning id
    )
    insert into alert_crossing (permit_id, step_record_id, level, share, at) select id, null, 'breach', 1, ${new Date(clock.now().getTime() - 60_000)} from p`.execute(db);
  const raised = await raiseDueAlerts({ db, clock });
  const queued = (await db.selectFrom("alert_delivery").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;

  const started = performance.now();
  const run = await deliverDueAlerts({ db, clock, logger: silentLogger, publicUrl: "http://localhost:3000" });
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ alerts: raised.alertIds.length, queued: Number(queued), ...run, received, seconds: Number(seconds.toFixed(2)), target: "under 10 s for 1,000" }));
  if (run.sent !== COUNT || received !== COUNT) process.exitCode = 1;
} finally {
  await database.close();
  server.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
