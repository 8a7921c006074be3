import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseChannelInput } from "../../src/alerts/channel-config.ts";
import type { Clock } from "../../src/clock/index.ts";
import type { Kysely } from "kysely";
import type { DB } from "../../src/db/schema.ts";
import {
  claimDueDeliveries,
  createChannel,
  deliveriesOfAlert,
  enqueueTestDelivery,
  findChannel,
  findDelivery,
  listChannels,
  resendDelivery,
  updateChannel,
} from "../../src/db/repos/alert-deliveries.ts";
import { alertEvents } from "../../src/db/repos/alerts.ts";
import { deliverDueAlerts, type DeliveryDeps } from "../../src/jobs/deliver-alerts.ts";
import { raiseDueAlerts } from "../../src/jobs/raise-alerts.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { BACKENDS, openRestartableTestDatabase, useTestDatabase } from "../support/test-db.ts";

// Alert messages through the outbox, against real receivers on localhost: a webhook gateway
// (node:http) and an SMTP server (smtp-server), with a clock the test moves.

const SECRET = "rahasia-kantor-kampar";
const wib = (local: string) => new Date(`${local.replace(" ", "T")}:00+07:00`);

class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(local: string): void {
    this.at = wib(local);
  }
}

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

/** A gateway on localhost: `answer` decides each call's fate by its 1-based number. */
async function receiver(answer: (n: number, res: ServerResponse) => void): Promise<{ url: string; calls: Received[]; server: Server }> {
  const calls: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      answer(calls.length, res);
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/kirim`, calls, server };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((ok) => s.close(ok));
  }
});

async function officeId(db: Kysely<DB>, slug = "kampar"): Promise<number> {
  return (await db.selectFrom("office").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}

let permitSeq = 0;

/** A permit whose total crosses `level` at `at`, raised by the alert job at the clock's now. */
async function crossing(db: Kysely<DB>, clock: Clock, at: Date, level: "warning" | "breach" = "breach"): Promise<number[]> {
  const { id } = await db
    .insertInto("permit")
    .values({ office_id: await officeId(db), permit_number: `503/TG/2026/${String(++permitSeq).padStart(4, "0")}`, permit_type: "Izin Kerja Teknisi Gigi", updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  // Its open verdict: a standard of 2 working days, due at the crossing.
  await db
    .insertInto("permit_verdict")
    .values({ permit_id: id, office_id: await officeId(db), permit_type: "Izin Kerja Teknisi Gigi", status: "at_risk", evaluated_at: at, rules_version: 1, standard_seconds: 2 * 7.5 * 3600, share_used: 0.8, due_at: at, late_at: at })
    .execute();
  await db.insertInto("alert_crossing").values({ permit_id: id, step_record_id: null, level, at, share: level === "breach" ? 1 : 0.75 }).execute();
  const r = await raiseDueAlerts({ db, clock });
  return r.alertIds;
}

async function webhookChannel(db: Kysely<DB>, url: string, extra: Record<string, unknown> = {}): Promise<number> {
  // Only this test's channel takes the alerts.
  await db.deleteFrom("alert_channel").execute();
  return createChannel(
    db,
    await officeId(db),
    parseChannelInput({ kind: "webhook", name: "WhatsApp Kepala Dinas", config: { url, secret: SECRET, headers: { Authorization: "token-wa" }, fields: { target: "6281200000000" }, ...extra } }),
  );
}

const deps = (db: Kysely<DB>, clock: Clock, more: Partial<DeliveryDeps> = {}): DeliveryDeps => ({
  db,
  clock,
  logger: silentLogger,
  publicUrl: "https://mutubaku.kampar.go.id",
  random: () => 0,
  ...more,
});

async function statusOf(db: Kysely<DB>, alertId: number) {
  const [d] = await deliveriesOfAlert(db, alertId, EVERY_OFFICE);
  if (!d) throw new Error(`no delivery for alert ${alertId}`);
  return d;
}

describe.each(BACKENDS)("alert delivery (%s)", (kind) => {
  const t = useTestDatabase(kind);
  const db = () => t.database.db;

  it("a gateway that fails three times receives the alert once after the retries, signed, across a restart", async () => {
    const gw = await receiver((n, res) => res.writeHead(n <= 3 ? 502 : 200).end(n <= 3 ? "gateway down" : "ok"));
    servers.push(gw.server);
    // A database of its own, closed and opened again between the tries as a restarted server would.
    const restartable = await openRestartableTestDatabase(kind);
    const db = () => restartable.database().db;
    try {
      await webhookChannel(db(), gw.url);
      // Monday 23 November 2026, 10:00 WIB: the office is open.
      const clock = new TestClock(wib("2026-11-23 10:00"));
      const [alertId] = await crossing(db(), clock, wib("2026-11-23 09:59"));
      expect(alertId).toBeDefined();

      expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 0, retried: 1, failed: 0 });
      const first = await statusOf(db(), alertId!);
      expect(first).toMatchObject({ status: "pending", attempts: 1, last_error: `HTTP 502 from ${gw.url}: gateway down` });
      // Backoff: 15 s at the least after the first failure (random 0), not sooner.
      expect(first.not_before.getTime() - clock.at.getTime()).toBe(15_000);
      clock.at = new Date(clock.at.getTime() + 14_000);
      expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 0, retried: 0, failed: 0 });

      for (let i = 0; i < 3; i++) {
        await restartable.restart();
        clock.at = (await statusOf(db(), alertId!)).not_before;
        await deliverDueAlerts(deps(db(), clock));
      }
      const done = await statusOf(db(), alertId!);
      expect(done).toMatchObject({ status: "sent", attempts: 4, last_error: null });
      expect(gw.calls).toHaveLength(4);

      const keys = new Set(gw.calls.map((c) => c.headers["idempotency-key"]));
      expect(keys.size).toBe(1);
      const last = gw.calls[3]!;
      expect(last.headers["x-mutubaku-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(Buffer.from(last.body, "utf8")).digest("hex")}`);
      expect(last.headers["authorization"]).toBe("token-wa");
      const body = JSON.parse(last.body) as { target: string; message: string };
      expect(body.target).toBe("6281200000000");
      expect(body.message).toMatch(/^Melewati standar: permohonan 503\/TG\/2026\/\d{4} \(Izin Kerja Teknisi Gigi\), tahap total permohonan oleh -, melewati standar 2 hari pada 23 Nov 2026, 09\.59\. https:\/\/mutubaku\.kampar\.go\.id\/permohonan\/\d+$/);
      expect((await alertEvents(db(), alertId!)).map((e) => e.kind)).toEqual(["raised", "sent"]);

      // Nothing is left to send: a further run sends nothing again.
      clock.at = new Date(clock.at.getTime() + 3_600_000);
      expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(gw.calls).toHaveLength(4);
    } finally {
      await restartable.close();
    }
  });

  it("a worker that dies between send and record: the row is taken again after its lease, with the same key", async () => {
    const gw = await receiver((_n, res) => res.writeHead(200).end());
    servers.push(gw.server);
    await webhookChannel(db(), gw.url);
    const clock = new TestClock(wib("2026-11-24 09:00"));
    const [alertId] = await crossing(db(), clock, wib("2026-11-24 08:59"));

    // The dead worker's claim: leased for two minutes, never recorded.
    const [claim] = await claimDueDeliveries(db(), clock.now(), { limit: 10, leaseMs: 120_000 });
    expect(claim?.alert_id).toBe(alertId);
    expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect((await statusOf(db(), alertId!)).status).toBe("sending");

    clock.at = new Date(clock.at.getTime() + 120_000);
    expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(gw.calls.map((c) => c.headers["idempotency-key"])).toEqual([claim!.idempotency_key]);
    expect(await statusOf(db(), alertId!)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("a gateway that never answers ends as failed with its error kept, and can be sent again", async () => {
    const gw = await receiver(() => {
      // Never answers.
    });
    servers.push(gw.server);
    await webhookChannel(db(), gw.url, { timeoutMs: 200 });
    const clock = new TestClock(wib("2026-11-24 10:00"));
    const [alertId] = await crossing(db(), clock, wib("2026-11-24 09:59"));
    const retry = { maxAttempts: 2, baseMs: 1_000, capMs: 1_000 };

    expect(await deliverDueAlerts(deps(db(), clock, { retry }))).toEqual({ sent: 0, retried: 1, failed: 0 });
    clock.at = new Date(clock.at.getTime() + 60_000);
    expect(await deliverDueAlerts(deps(db(), clock, { retry }))).toEqual({ sent: 0, retried: 0, failed: 1 });
    const failed = await statusOf(db(), alertId!);
    expect(failed).toMatchObject({ status: "failed", attempts: 2, last_error: `no answer within 200 ms from ${gw.url}` });
    const events = await alertEvents(db(), alertId!);
    expect(events.at(-1)).toMatchObject({ kind: "failed", body: `WhatsApp Kepala Dinas: no answer within 200 ms from ${gw.url}` });

    // Later runs leave a failed delivery alone; "send again" queues it with fresh tries.
    clock.at = new Date(clock.at.getTime() + 3_600_000);
    expect(await deliverDueAlerts(deps(db(), clock, { retry }))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await resendDelivery(db(), failed.id, clock.now(), "kadis")).toBe(true);
    expect(await resendDelivery(db(), failed.id, clock.now(), "kadis")).toBe(false);
    expect(await findDelivery(db(), failed.id)).toMatchObject({ status: "pending", attempts: 0 });
    expect((await alertEvents(db(), alertId!)).at(-1)).toMatchObject({ kind: "resent", actor: "kadis", body: "WhatsApp Kepala Dinas" });
  });

  it("a gateway that refuses the request (a wrong token) fails at once, without retries", async () => {
    const gw = await receiver((_n, res) => res.writeHead(401).end("invalid token"));
    servers.push(gw.server);
    await webhookChannel(db(), gw.url);
    const clock = new TestClock(wib("2026-11-24 11:00"));
    const [alertId] = await crossing(db(), clock, wib("2026-11-24 10:59"));
    expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await statusOf(db(), alertId!)).toMatchObject({ status: "failed", attempts: 1, last_error: `HTTP 401 from ${gw.url}: invalid token` });
  });

  it("a breach raised at 21:00 waits for the next opening, and is sent then", async () => {
    const gw = await receiver((_n, res) => res.writeHead(200).end());
    servers.push(gw.server);
    await webhookChannel(db(), gw.url);
    // Thursday 26 November 2026, 21:00 WIB.
    const clock = new TestClock(wib("2026-11-26 21:00"));
    const [alertId] = await crossing(db(), clock, wib("2026-11-26 21:00"));
    expect((await statusOf(db(), alertId!)).not_before).toEqual(wib("2026-11-27 07:30"));

    expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.set("2026-11-27 07:29");
    expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(gw.calls).toHaveLength(0);
    clock.set("2026-11-27 07:30");
    expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(gw.calls).toHaveLength(1);
    expect((await statusOf(db(), alertId!)).sent_at).toEqual(wib("2026-11-27 07:30"));
  });

  it("a retry that falls after closing waits for the next opening too", async () => {
    const gw = await receiver((n, res) => res.writeHead(n === 1 ? 500 : 200).end());
    servers.push(gw.server);
    await webhookChannel(db(), gw.url);
    // Friday 27 November 2026, 16:29:50 WIB: the office closes at 16:30, the retry would come at 16:30:05.
    const clock = new TestClock(new Date(wib("2026-11-27 16:29").getTime() + 50_000));
    const [alertId] = await crossing(db(), clock, wib("2026-11-27 16:00"));
    await deliverDueAlerts(deps(db(), clock));
    expect((await statusOf(db(), alertId!)).not_before).toEqual(wib("2026-11-30 07:30"));
  });

  it("two workers claiming at once send each delivery once", async () => {
    const gw = await receiver((_n, res) => res.writeHead(200).end());
    servers.push(gw.server);
    await webhookChannel(db(), gw.url);
    const clock = new TestClock(wib("2026-11-25 10:00"));
    const alertIds: number[] = [];
    for (let i = 0; i < 30; i++) alertIds.push(...(await crossing(db(), clock, wib("2026-11-25 09:00"))));
    expect(alertIds).toHaveLength(30);

    const runs = await Promise.all([deliverDueAlerts(deps(db(), clock, { batch: 4 })), deliverDueAlerts(deps(db(), clock, { batch: 4 }))]);
    expect(runs[0]!.sent + runs[1]!.sent).toBe(30);
    const keys = gw.calls.map((c) => c.headers["idempotency-key"]);
    expect(keys).toHaveLength(30);
    expect(new Set(keys).size).toBe(30);
    for (const id of alertIds) expect((await statusOf(db(), id)).status).toBe("sent");
  });

  it("only enabled channels whose levels take the alert's level get it; a test goes out now", async () => {
    const gw = await receiver((_n, res) => res.writeHead(200).end());
    servers.push(gw.server);
    const breachesOnly = await webhookChannel(db(), gw.url);
    const office = await officeId(db());
    const input = parseChannelInput({ kind: "webhook", name: "Hanya pelanggaran", levels: ["breach"], config: { url: gw.url }, templates: { test: "Uji {nomor}" } });
    expect(await updateChannel(db(), breachesOnly, input, new Date())).toBe(true);
    expect(await findChannel(db(), breachesOnly)).toMatchObject({ kind: "webhook", levels: ["breach"], config: { url: gw.url, format: "json", messageField: "message" }, templates: { test: "Uji {nomor}" } });
    const disabled = await createChannel(db(), office, { ...input, name: "Mati", enabled: false, levels: ["warning", "breach"] });
    expect((await listChannels(db(), office)).map((c) => [c.name, c.enabled, c.levels])).toEqual([
      ["Hanya pelanggaran", true, ["breach"]],
      ["Mati", false, ["warning", "breach"]],
    ]);

    const clock = new TestClock(wib("2026-11-25 11:00"));
    const [warning] = await crossing(db(), clock, wib("2026-11-25 10:59"), "warning");
    expect(await deliveriesOfAlert(db(), warning!, EVERY_OFFICE)).toEqual([]);

    // A breach at 16:30, after closing, waits for the morning; turning the channel off cancels it.
    clock.set("2026-11-25 16:30");
    const [late] = await crossing(db(), clock, wib("2026-11-25 16:29"));
    expect(await statusOf(db(), late!)).toMatchObject({ status: "pending", not_before: wib("2026-11-26 07:30") });
    expect(await updateChannel(db(), breachesOnly, { ...input, enabled: false }, clock.now())).toBe(true);
    expect(await statusOf(db(), late!)).toMatchObject({ status: "cancelled", last_error: "channel turned off before it was sent" });
    expect((await alertEvents(db(), late!)).map((e) => [e.kind, e.body])).toEqual([["raised", null], ["cancelled", "Hanya pelanggaran"]]);
    expect(await updateChannel(db(), 999_999, input, clock.now())).toBe(false);

    // Sunday evening: a test is not held for office hours.
    clock.set("2026-11-29 20:00");
    const testId = await enqueueTestDelivery(db(), disabled, clock.now());
    expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(JSON.parse(gw.calls[0]!.body)).toEqual({ message: "Uji 503/DPMPTSP/IPTG/0001" });
    expect(await findDelivery(db(), testId)).toMatchObject({ status: "sent", kind: "test" });
  });

  describe("e-mail", () => {
    let smtp: SMTPServer;
    let port = 0;
    const mails: { from: string; to: string[]; raw: string }[] = [];
    beforeAll(async () => {
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS"],
        logger: false,
        onData(stream, session, done) {
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            mails.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
              raw: Buffer.concat(chunks).toString("utf8"),
            });
            done();
          });
        },
      });
      await new Promise<void>((ok) => smtp.listen(0, "127.0.0.1", ok));
      port = (smtp.server.address() as AddressInfo).port;
    });
    afterAll(async () => new Promise<void>((ok) => smtp.close(ok)));

    it("a breach mails the level's recipients through SMTP with the office's template rendered", async () => {
      await db().deleteFrom("alert_channel").execute();
      await createChannel(
        db(),
        await officeId(db()),
        parseChannelInput({
          kind: "email",
          name: "Surel",
          levels: ["breach"],
          config: { host: "127.0.0.1", port, from: "mutubaku@kampar.go.id", recipients: { breach: ["kadis@kampar.go.id"], warning: ["unit@kampar.go.id"] }, timeoutMs: 5_000 },
          templates: { breach: "Izin {nomor} ({jenis}) melewati standar {standar} pada {batas}. Buka {tautan}" },
        }),
      );
      const clock = new TestClock(wib("2026-11-25 14:00"));
      const [alertId] = await crossing(db(), clock, wib("2026-11-25 13:45"));
      expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 1, retried: 0, failed: 0 });

      expect(mails).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.from).toBe("mutubaku@kampar.go.id");
      expect(mail.to).toEqual(["kadis@kampar.go.id"]);
      const text = decodeQuotedPrintable(mail.raw);
      const number = (await db().selectFrom("alert as a").innerJoin("permit as p", "p.id", "a.permit_id").select("p.permit_number").where("a.id", "=", alertId!).executeTakeFirstOrThrow()).permit_number;
      expect(text).toContain(`Subject: Izin ${number} (Izin Kerja Teknisi Gigi) melewati standar 2 hari pada 25 Nov 2026, 13.45.`);
      expect(text).toContain(`Izin ${number} (Izin Kerja Teknisi Gigi) melewati standar 2 hari pada 25 Nov 2026, 13.45. Buka https://mutubaku.kampar.go.id/permohonan/`);
      const key = (await db().selectFrom("alert_delivery").select("idempotency_key").where("alert_id", "=", alertId!).executeTakeFirstOrThrow()).idempotency_key;
      expect(text).toContain(`Message-ID: <${key}@mutubaku>`);
      expect(text).toContain("Date: Wed, 25 Nov 2026 07:00:00 +0000");
    });

    it("a mail channel without an address for the level fails at once, naming the field", async () => {
      await db().deleteFrom("alert_channel").execute();
      await createChannel(
        db(),
        await officeId(db()),
        parseChannelInput({ kind: "email", name: "Surel", levels: ["warning"], config: { host: "127.0.0.1", port, from: "mutubaku@kampar.go.id", recipients: { breach: ["kadis@kampar.go.id"] } } }),
      );
      const clock = new TestClock(wib("2026-11-25 15:00"));
      const [alertId] = await crossing(db(), clock, wib("2026-11-25 14:59"), "warning");
      expect(await deliverDueAlerts(deps(db(), clock))).toEqual({ sent: 0, retried: 0, failed: 1 });
      expect(await statusOf(db(), alertId!)).toMatchObject({ status: "failed", attempts: 1, last_error: "config.recipients.warning: no address for this level" });
    });
  });
});

/** Folded headers unfolded, quoted-printable soft breaks and escapes undone: a long line reads as written. */
function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/\r?\n[ \t]+/g, " ").replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
