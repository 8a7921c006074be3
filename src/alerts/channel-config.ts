import { z } from "zod";
import { MESSAGE_LEVELS, type MessageLevel, PLACEHOLDERS, unknownPlaceholders } from "./templates.ts";

// What an office sets for a channel, checked at the edge (the settings form, and again before a
// send: a config stored by an older version is not trusted blindly). Errors name the field.

/** The levels a channel can take: the alert levels and the morning digest. */
export const CHANNEL_LEVELS = ["warning", "warning2", "breach", "digest"] as const;

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "not a valid HTTP header name");
const headerValue = z.string().max(4000).refine((v) => !/[\r\n]/.test(v), "a header value holds no line breaks");
const email = z.email("not an e-mail address");
const perLevel = <L extends string, T extends z.ZodType>(levels: readonly L[], t: T) =>
  z.strictObject(Object.fromEntries(levels.map((l) => [l, t.optional()])) as Record<L, z.ZodOptional<T>>);

export const webhookConfigSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// address" }),
  /** "json": an object; "form": application/x-www-form-urlencoded, as many WhatsApp gateways take. */
  format: z.enum(["json", "form"]).default("json"),
  /** Extra headers, e.g. { "Authorization": "token" } for the gateway. */
  headers: z.record(headerName, headerValue).default({}),
  /** Fixed fields sent with every message, e.g. { "target": "62812…" }. */
  fields: z.record(z.string().min(1), z.string()).default({}),
  /** The field that carries the message text. */
  messageField: z.string().min(1).default("message"),
  /** Where recipients differ per level (warnings to a unit, breaches to the Kepala Dinas): this field… */
  recipientField: z.string().min(1).optional(),
  /** …takes this value for each level ("send a test" goes to the breach one). */
  recipients: perLevel(CHANNEL_LEVELS, z.string().min(1)).default({}),
  /** HMAC-SHA256 key; without it no signature header is sent. */
  secret: z.string().min(16, "a signing secret has at least 16 characters").optional(),
  signatureHeader: headerName.default("X-MutuBaku-Signature"),
  timeoutMs: z.int().min(100).max(60_000).default(10_000),
  lang: z.enum(["id", "en"]).default("id"),
});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const emailConfigSchema = z.strictObject({
  host: z.string().min(1, "the SMTP server is required"),
  port: z.int().min(1).max(65_535).default(587),
  /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().min(1).optional(),
  pass: z.string().min(1).optional(),
  from: email,
  /** Addresses per level ("send a test" goes to all of them). */
  recipients: perLevel(CHANNEL_LEVELS, z.array(email).min(1, "at least one address")).default({}),
  timeoutMs: z.int().min(100).max(60_000).default(10_000),
  lang: z.enum(["id", "en"]).default("id"),
});
export type EmailConfig = z.infer<typeof emailConfigSchema>;

/** What a message goes out as: an alert's level, a test, or the morning digest. */
export type SendLevel = MessageLevel | "digest";

/** The webhook's recipient field value for a level; a test goes where breaches go. */
export function webhookRecipient(config: WebhookConfig, level: SendLevel): string | undefined {
  return config.recipients[level === "test" ? "breach" : level];
}

/** The addresses of a level; a test goes to every address the channel has. */
export function emailRecipients(config: EmailConfig, level: SendLevel): string[] {
  if (level === "test") return [...new Set(Object.values(config.recipients).flat())];
  return config.recipients[level] ?? [];
}

export const templatesSchema = perLevel(
  MESSAGE_LEVELS,
  z
    .string()
    .min(1, "a template is not empty")
    .max(2000)
    .superRefine((t, ctx) => {
      const unknown = unknownPlaceholders(t);
      if (unknown.length > 0) {
        ctx.addIssue({
          code: "custom",
          params: { unknownPlaceholders: unknown },
          message: `unknown placeholder ${unknown.map((u) => `{${u}}`).join(", ")}; known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}`,
        });
      }
    }),
);

const common = {
  name: z.string().trim().min(1, "a channel has a name").max(200),
  enabled: z.boolean().default(true),
  levels: z.array(z.enum(CHANNEL_LEVELS)).min(1, "at least one level").default([...CHANNEL_LEVELS]),
  templates: templatesSchema.default({}),
};

export const channelInputSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("webhook"), config: webhookConfigSchema, ...common }),
  z.strictObject({ kind: z.literal("email"), config: emailConfigSchema, ...common }),
]);
export type ChannelInput = z.infer<typeof channelInputSchema>;

/**
 * One wrong field: its path ("config.url"), zod's issue code ("invalid_format", "too_small", …;
 * "custom" with `unknownPlaceholders` for a template), and an English message for logs. The
 * settings page words it for its reader by path and code.
 */
export interface ChannelConfigIssue {
  path: string;
  code: string;
  message: string;
  unknownPlaceholders?: string[];
  /** For too_small / too_big: the bound, and what it counts ("string": characters, "array": items, "number"). */
  limit?: number;
  origin?: string;
}

export class ChannelConfigError extends Error {
  constructor(readonly issues: readonly ChannelConfigIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  }
}

const pathOf = (path: readonly PropertyKey[]) => (path.length === 0 ? "(channel)" : path.map(String).join("."));

function issuesOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): ChannelConfigIssue[] {
  return error.issues.map((i) => {
    const unknown = i.code === "custom" ? (i.params?.["unknownPlaceholders"] as string[] | undefined) : undefined;
    const bound = i.code === "too_small" ? { limit: Number(i.minimum), origin: i.origin } : i.code === "too_big" ? { limit: Number(i.maximum), origin: i.origin } : {};
    return { path: pathOf([...prefix, ...i.path]), code: i.code, message: i.message, ...(unknown ? { unknownPlaceholders: unknown } : {}), ...bound };
  });
}

/** A channel as the settings form sends it, checked; throws ChannelConfigError naming each wrong field. */
export function parseChannelInput(input: unknown): ChannelInput {
  const r = channelInputSchema.safeParse(input);
  if (!r.success) throw new ChannelConfigError(issuesOf(r.error));
  return r.data;
}

/** A stored channel's config, checked before a send. */
export function parseChannelConfig(kind: "webhook", config: unknown): WebhookConfig;
export function parseChannelConfig(kind: "email", config: unknown): EmailConfig;
export function parseChannelConfig(kind: "webhook" | "email", config: unknown): WebhookConfig | EmailConfig;
export function parseChannelConfig(kind: "webhook" | "email", config: unknown): WebhookConfig | EmailConfig {
  const r = (kind === "webhook" ? webhookConfigSchema : emailConfigSchema).safeParse(config);
  if (!r.success) throw new ChannelConfigError(issuesOf(r.error, ["config"]));
  return r.data;
}
