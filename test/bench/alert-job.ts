// The alert job on PostgreSQL (issue 13's benchmark): with 100,000 open permits, each with an open
// office step, their crossings queued (a warning and a breach for the permit's total and for the
// step: 400,000 queued), one run of the job when 1,000 have crossed, and one when none have. Run:
// `npm run bench:alerts`.
//   BENCH_OPEN_PERMITS (default 100000), BENCH_CROSSED (default 1000).
//   DATABASE_URL: the server to use (default postgres://postgres@127.0.0.1:5432/test).
// The rows are written by SQL (the job reads only the queue, the verdicts and the permits; an
// import of 100,000 open permits would measure the import, not the job).
import { sql } from "kysely";
import postgres from "postgres";
import { fixedClock } from "../../src/clock/index.ts";
import { openPostgres } from "../../src/db/connect.ts";
import { raiseDueAlerts } from "../../src/jobs/raise-alerts.ts";
import { prepareDatabase } from "../../src/seed/prepare-database.ts";
import { databaseUrlFor } from "../support/database-url.ts";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const OPEN = Number(process.env.BENCH_OPEN_PERMITS ?? 100_000);
const CROSSED = Number(process.env.BENCH_CROSSED ?? 1_000);
const NOW = new Date("2026-11-23T03:00:00Z");
const MINUTE = 60_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const name = `mutubaku_bench_alerts_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const database = await openPostgres(databaseUrlFor(ADMIN_URL, name));
  const db = database.db;
  try {
    await prepareDatabase(db);
    const office = await db.selectFrom("office").select("id").where("slug", "=", "kampar").executeTakeFirstOrThrow();
    const started = performance.now();
    // Permit i's crossings: warnings from a minute after NOW on, spread over the next 30 days,
    // breaches an hour after; so at NOW nothing has crossed.
    await sql`
      insert into permit (office_id, permit_number, permit_type, submitted_at, updated_at)
      select ${office.id}, '503/KMP/BENCH/' || i, 'Izin Kerja Teknisi Gigi', ${NOW}::timestamptz - interval '1 day', now()
      from generate_series(1, ${OPEN}) i`.execute(db);
    await sql`
      insert into step_record (permit_id, step_name, occurrence, started_at, actor, status)
      select id, 'Verifikasi Kasi', 1, ${NOW}::timestamptz - interval '1 hour', 'Budi', 'in_progress' from permit`.execute(db);
    await sql`
      insert into permit_verdict (permit_id, status, evaluated_at, rules_version, office_id, permit_type, received_at, standard_seconds, share_used,
                                  warn_at, late_at, due_at)
      select p.id, 'open', ${NOW}, 4, p.office_id, p.permit_type, ${NOW}::timestamptz - interval '1 day', 8700, 0.5,
             ${NOW}::timestamptz + (p.id % 43200 + 1) * interval '1 minute', ${NOW}::timestamptz + (p.id % 43200 + 61) * interval '1 minute',
             ${NOW}::timestamptz + (p.id % 43200 + 61) * interval '1 minute'
      from permit p`.execute(db);
    await sql`
      insert into step_verdict (step_record_id, permit_id, position, owner, status, office_id, permit_type, actor, standard_seconds, share_used, warn_at, late_at, due_at)
      select r.id, r.permit_id, 3, 'office', 'open', pv.office_id, pv.permit_type, r.actor, 3600, 0.5, pv.warn_at, pv.late_at, pv.late_at
      from step_record r join permit_verdict pv on pv.permit_id = r.permit_id`.execute(db);
    await sql`
      insert into alert_crossing (permit_id, step_record_id, level, at, share)
      select permit_id, null::bigint, 'warning', warn_at, 0.75 from permit_verdict
      union all select permit_id, null::bigint, 'breach', late_at, 1 from permit_verdict
      union all select permit_id, step_record_id, 'warning', warn_at, 0.75 from step_verdict
      union all select permit_id, step_record_id, 'breach', late_at, 1 from step_verdict`.execute(db);
    await sql`analyze`.execute(db);
    const queued = Number((await sql<{ n: number }>`select count(*)::int as n from alert_crossing`.execute(db)).rows[0]!.n);
    console.log(`${OPEN.toLocaleString("en")} open permits, ${queued.toLocaleString("en")} crossings queued, written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const run = async (at: Date) => {
      const t0 = performance.now();
      const r = await raiseDueAlerts({ db, clock: fixedClock(at) });
      return { ms: performance.now() - t0, alerts: r.alertIds.length };
    };

    // Nothing crossed: the queue's index answers "none" at once.
    await run(NOW);
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push((await run(NOW)).ms);

    // CROSSED crossings at a time: move that many of the next ones to just before the run's instant.
    const busy: number[] = [];
    let raised = 0;
    for (let i = 0; i < 5; i++) {
      const at = new Date(NOW.getTime() + (i + 1) * MINUTE);
      await sql`
        update alert_crossing set at = ${new Date(at.getTime() - 1000)}
        where (permit_id, level) in (
          select permit_id, level from alert_crossing where step_record_id is null and level = 'warning' and at > ${at} order by at limit ${CROSSED})
          and step_record_id is null`.execute(db);
      const r = await run(at);
      busy.push(r.ms);
      raised += r.alerts;
    }
    const target = (ms: number, limit: number) => `${ms.toFixed(1)} ms (target < ${limit} ms): ${ms < limit ? "met" : "NOT met"}`;
    console.log(`a run with nothing crossed: median of 20 ${target(median(idle), 20)}`);
    console.log(`a run with ${CROSSED.toLocaleString("en")} crossed: median of 5 ${target(median(busy), 200)} (${raised.toLocaleString("en")} alerts raised in all)`);
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
