import type { Cron } from "croner";
import { runOnSchedule } from "./run-on-schedule.ts";
import { z } from "zod";
import { ChannelConfigError, parseChannelConfig, type SendLevel, templatesSchema } from "../alerts/channel-config.ts";
import { nextTry, RETRY_POLICY, type RetryPolicy } from "../alerts/retry.ts";
import { PermanentDeliveryError, sendEmail, sendWebhook } from "../alerts/send.ts";
import { alertFactsSchema, messageFormat, renderMessage, subjectOf } from "../alerts/templates.ts";
import { buildWebhookRequest } from "../alerts/webhook.ts";
import { nextWorkingInstant } from "../calendar/arithmetic.ts";
import type { Calendar } from "../calendar/types.ts";
import { claimDueDeliveries, type ClaimedDelivery, recordFailure, recordSent } from "../db/repos/alert-deliveries.ts";
import { calendarOfOffice } from "../db/repos/calendars.ts";
import type { JobDeps } from "./refresh-open-verdicts.ts";

// The outbox worker: every few seconds it claims what is due, sends each message on its channel
// and records the outcome. A failed try comes back after a backoff (and, for alerts, not before
// the office opens again); after the last try the delivery is failed, its error kept. Any number
// of workers may run on one database: a claimed row is theirs alone until its lease ends.

export const DELIVERY_SCHEDULE = "*/5 * * * * *";

export interface DeliveryDeps extends JobDeps {
  /** The app's address, for the permit links in messages. */
  publicUrl: string;
  /** Jitter source in [0, 1); Math.random unless a test fixes it. */
  random?: () => number;
  retry?: RetryPolicy;
  /** How many rows one claim takes. */
  batch?: number;
  /** How long a claim holds its rows: longer than any send can take (an SMTP send has three 60 s timeouts at most). */
  leaseMs?: number;
}

export interface DeliveryRun {
  sent: number;
  retried: number;
  failed: number;
}

// A digest's payload is its finished text (made by the digest job); an alert's or a test's are facts.
const digestPayloadSchema = z.object({ text: z.string().min(1), subject: z.string().optional() });

interface Message {
  level: SendLevel;
  text: string;
  subject: string;
}

function messageOf(claim: ClaimedDelivery, cal: Calendar, lang: "id" | "en", publicUrl: string): Message {
  if (claim.kind === "digest") {
    const d = digestPayloadSchema.parse(claim.payload);
    return { level: "digest", text: d.text, subject: d.subject ?? subjectOf(d.text) };
  }
  const facts = alertFactsSchema.parse(claim.payload);
  const templates = templatesSchema.safeParse(claim.templates);
  if (!templates.success) throw new PermanentDeliveryError(`templates: ${templates.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const text = renderMessage(facts, templates.data, messageFormat(cal, lang), publicUrl);
  return { level: facts.level, text, subject: subjectOf(text) };
}

async function send(claim: ClaimedDelivery, cal: Calendar, publicUrl: string, now: Date): Promise<void> {
  if (claim.channel_kind === "webhook") {
    const config = parseChannelConfig("webhook", claim.config);
    const m = messageOf(claim, cal, config.lang, publicUrl);
    await sendWebhook(buildWebhookRequest(config, m, claim.idempotency_key), config.timeoutMs);
  } else {
    const config = parseChannelConfig("email", claim.config);
    const m = messageOf(claim, cal, config.lang, publicUrl);
    await sendEmail(config, { ...m, idempotencyKey: claim.idempotency_key, date: now });
  }
}

/** Claims and sends what is due now, batch after batch, until nothing due is left. */
export async function deliverDueAlerts(deps: DeliveryDeps): Promise<DeliveryRun> {
  const { db, clock, logger } = deps;
  const random = deps.random ?? Math.random;
  const policy = deps.retry ?? RETRY_POLICY;
  const calendars = new Map<number, Promise<Calendar>>();
  const calendarOf = (officeId: number) => {
    let c = calendars.get(officeId);
    if (!c) calendars.set(officeId, (c = calendarOfOffice(db, officeId)));
    return c;
  };
  const run: DeliveryRun = { sent: 0, retried: 0, failed: 0 };

  const deliver = async (claim: ClaimedDelivery) => {
    const cal = await calendarOf(claim.office_id);
    try {
      await send(claim, cal, deps.publicUrl, clock.now());
      if (await recordSent(db, claim, clock.now())) run.sent++;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof PermanentDeliveryError || err instanceof ChannelConfigError || err instanceof z.ZodError;
      const now = clock.now();
      const retry = permanent ? null : nextTry(claim.attempts, now, random(), policy);
      // An alert's retry waits for office hours like its first try; a test is wanted now.
      const retryAt = retry && claim.kind !== "test" ? nextWorkingInstant(cal, retry) : retry;
      if (await recordFailure(db, claim, error, now, retryAt)) {
        if (retryAt) run.retried++;
        else run.failed++;
      }
      logger[retryAt ? "info" : "warn"]({ delivery: claim.id, channel: claim.channel_id, attempt: claim.attempts, retryAt, error }, retryAt ? "alert delivery failed; it is tried again" : "alert delivery failed for good");
    }
  };

  const batch = deps.batch ?? 50;
  for (;;) {
    const claims = await claimDueDeliveries(db, clock.now(), { limit: batch, leaseMs: deps.leaseMs ?? 300_000 });
    await Promise.all(claims.map(deliver));
    if (claims.length < batch) return run;
  }
}

/** Runs the worker now and then every five seconds; `stop()` ends it. */
export function scheduleAlertDelivery(deps: DeliveryDeps): Cron {
  return runOnSchedule("deliver-alerts", DELIVERY_SCHEDULE, deps.logger, "delivering alerts failed; what is due is taken at the next run", async () => {
    const r = await deliverDueAlerts(deps);
    if (r.sent + r.retried + r.failed > 0) deps.logger.info(r, "alert deliveries");
  });
}
