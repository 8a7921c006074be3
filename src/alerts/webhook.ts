import { createHmac } from "node:crypto";
import { type SendLevel, type WebhookConfig, webhookRecipient } from "./channel-config.ts";

// The HTTP request a webhook channel makes for one message: the body (JSON or a form), the
// gateway's own headers, an Idempotency-Key (the delivery's: a receiver drops a repeat after a
// crash between send and record) and, with a secret, an HMAC-SHA256 signature of the exact body
// bytes, so the receiver can check the message is the office's.

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** "sha256=" and the hex HMAC-SHA256 of the body's UTF-8 bytes under the secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

export function buildWebhookRequest(config: WebhookConfig, message: { text: string; level: SendLevel }, idempotencyKey: string): WebhookRequest {
  const fields: Record<string, string> = { ...config.fields };
  const recipient = webhookRecipient(config, message.level);
  if (config.recipientField && recipient !== undefined) fields[config.recipientField] = recipient;
  fields[config.messageField] = message.text;
  const body = config.format === "json" ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
  const headers: Record<string, string> = {
    ...config.headers,
    "Content-Type": config.format === "json" ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded; charset=utf-8",
    "Idempotency-Key": idempotencyKey,
  };
  if (config.secret !== undefined) headers[config.signatureHeader] = signBody(body, config.secret);
  return { url: config.url, headers, body };
}
