import { type EmailConfig, emailRecipients, type SendLevel } from "./channel-config.ts";
import type { WebhookRequest } from "./webhook.ts";

// The two ways a message leaves the app. Each resolves when the receiver took it and throws
// otherwise; a PermanentDeliveryError is one no retry can mend (a wrong config), the rest are
// tried again by the outbox.

export class PermanentDeliveryError extends Error {}

/** The receiver as errors name it: its query (where gateways put their tokens) left out. */
function receiver(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "the webhook URL";
  }
}

/** POSTs the request; a 2xx answer within the timeout is a delivery. */
export async function sendWebhook(req: WebhookRequest, timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(req.url, { method: "POST", headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  } catch (err) {
    if (err instanceof DOMException && err.name === "TimeoutError") throw new Error(`no answer within ${timeoutMs} ms from ${receiver(req.url)}`);
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
    throw new Error(`${err instanceof Error ? err.message : String(err)}${cause}`);
  }
  if (res.ok) {
    await res.body?.cancel();
    return;
  }
  const text = (await res.text().catch(() => "")).slice(0, 300);
  const message = `HTTP ${res.status} from ${receiver(req.url)}${text ? `: ${text}` : ""}`;
  // A refusal (a wrong token, a rejected body) is not mended by waiting: failed now, to be sent
  // again once the settings are put right. A timeout or "too many requests" is waited out.
  if (res.status >= 400 && res.status < 500 && ![408, 425, 429].includes(res.status)) throw new PermanentDeliveryError(message);
  throw new Error(message);
}

export interface MailMessage {
  level: SendLevel;
  subject: string;
  text: string;
  idempotencyKey: string;
  /** The mail's Date header: the worker's clock. */
  date: Date;
}

/** Sends one mail over the channel's SMTP server to the level's recipients. */
export async function sendEmail(config: EmailConfig, mail: MailMessage): Promise<void> {
  const to = emailRecipients(config, mail.level);
  if (to.length === 0) throw new PermanentDeliveryError(`config.recipients.${mail.level}: no address for this level`);
  // Loaded when an office mails: most never do, and a server need not carry it.
  const { default: nodemailer } = await import("nodemailer");
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user !== undefined ? { auth: { user: config.user, pass: config.pass ?? "" } } : {}),
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  });
  try {
    // The Message-ID is the delivery's key: a mail resent after a crash is the same message.
    await transport.sendMail({
      from: config.from,
      to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${mail.idempotencyKey}@mutubaku>`,
      date: mail.date,
      headers: { "Idempotency-Key": mail.idempotencyKey },
    });
  } finally {
    transport.close();
  }
}
