import { CHANNEL_LEVELS, ChannelConfigError, type ChannelConfigIssue, type ChannelInput, parseChannelInput } from "../alerts/channel-config.ts";
import { MESSAGE_LEVELS, PLACEHOLDERS } from "../alerts/templates.ts";
import type { ChannelRow } from "../db/repos/alert-deliveries.ts";
import type { MessageKey, Translate } from "../../views/i18n.ts";
import type { FormErrors, FormValues } from "./form.ts";

// A delivery channel as the settings page's plain form holds it (one field per setting, headers
// and fixed fields as "name: value" lines), to and from what parseChannelInput checks. Secrets
// never go back into a form: an empty secret field on edit keeps the stored one.

export type ChannelKind = "webhook" | "email";

/** What a channel keeps out of the page, so it can say "tersimpan" instead. */
export interface StoredSecrets {
  secret: boolean;
  pass: boolean;
  /** Names of the headers whose values are kept out. */
  headers: string[];
  /** Names of the body's fixed fields whose values are kept out. */
  fields: string[];
}

/** A header value is not shown back when its name says it is a credential, or it reads as a token. */
export function isSecretHeader(name: string, value: string): boolean {
  return (
    /auth|token|key|secret|signature|password|passwd|cookie|session/i.test(name) ||
    /^(bearer|basic|token)\s/i.test(value) ||
    (value.length >= 20 && !/\s/.test(value) && /\d/.test(value) && /[a-z]/i.test(value))
  );
}

const text = (config: Record<string, unknown>, key: string): string | undefined => (typeof config[key] === "string" ? (config[key] as string) : undefined);
const record = (config: Record<string, unknown>, key: string): Record<string, unknown> => {
  const v = config[key];
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
};

export function storedSecrets(row: ChannelRow): StoredSecrets {
  const kept = (field: "headers" | "fields") =>
    Object.entries(record(row.config, field))
      .filter(([n, v]) => typeof v === "string" && isSecretHeader(n, v))
      .map(([n]) => n);
  return { secret: text(row.config, "secret") !== undefined, pass: text(row.config, "pass") !== undefined, headers: kept("headers"), fields: kept("fields") };
}

/** A stored channel as its edit form shows it, secrets left out. */
export function channelToForm(row: ChannelRow): FormValues {
  const c = row.config;
  const v: FormValues = { kind: row.kind, name: row.name, lang: text(c, "lang") ?? "id" };
  if (row.enabled) v["enabled"] = "on";
  for (const l of row.levels) v[`level_${l}`] = "on";
  for (const [l, t] of Object.entries(row.templates)) v[`template_${l}`] = t;
  const recipients = record(c, "recipients");
  if (row.kind === "webhook") {
    v["url"] = text(c, "url") ?? "";
    v["format"] = text(c, "format") ?? "json";
    v["headers"] = Object.entries(record(c, "headers"))
      .map(([n, value]) => `${n}: ${typeof value === "string" && !isSecretHeader(n, value) ? value : ""}`)
      .join("\n");
    // A gateway's fixed fields may carry its key ("apikey: …"): kept out as headers are.
    v["fields"] = Object.entries(record(c, "fields"))
      .map(([n, value]) => `${n}: ${typeof value === "string" && !isSecretHeader(n, value) ? value : ""}`)
      .join("\n");
    v["message_field"] = text(c, "messageField") ?? "";
    v["recipient_field"] = text(c, "recipientField") ?? "";
    v["signature_header"] = text(c, "signatureHeader") ?? "";
    for (const l of CHANNEL_LEVELS) v[`recipient_${l}`] = typeof recipients[l] === "string" ? (recipients[l] as string) : "";
  } else {
    v["host"] = text(c, "host") ?? "";
    v["port"] = typeof c["port"] === "number" ? String(c["port"]) : "";
    if (c["secure"] === true) v["secure"] = "on";
    v["user"] = text(c, "user") ?? "";
    v["from"] = text(c, "from") ?? "";
    for (const l of CHANNEL_LEVELS) v[`recipients_${l}`] = Array.isArray(recipients[l]) ? (recipients[l] as string[]).join(", ") : "";
  }
  return v;
}

/** The form's values without what must not be shown back (a refused or previewed draft): secrets, token-like header values. */
export function withoutSecrets(values: FormValues): FormValues {
  const { secret: _s, pass: _p, ...rest } = values;
  const masked = (raw: string) =>
    raw
      .split(/\r?\n/)
      .map((line) => {
        const colon = line.indexOf(":");
        return colon > 0 && isSecretHeader(line.slice(0, colon).trim(), line.slice(colon + 1).trim()) ? `${line.slice(0, colon)}: ` : line;
      })
      .join("\n");
  for (const field of ["headers", "fields"] as const) if (rest[field] !== undefined) rest[field] = masked(rest[field]);
  return rest;
}

export type ChannelFormResult = { ok: true; input: ChannelInput } | { ok: false; errors: FormErrors };

const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v.trim());

function lines(raw: string | undefined, field: string, errors: FormErrors, t: Translate): [string, string][] {
  const out: [string, string][] = [];
  (raw ?? "").split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const colon = line.indexOf(":");
    if (colon <= 0) (errors[field] ??= []).push(t("chErrLine", { line: i + 1 }));
    else out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  });
  return out;
}

/** A port as typed: a whole number, or the text itself for the schema to refuse. */
const port = (v: string | undefined) => (blank(v) === undefined ? undefined : /^\d+$/.test(v!.trim()) ? Number(v!.trim()) : v!.trim());

/**
 * "name: value" lines (headers, or the body's fixed fields) as typed; a value left empty keeps the
 * stored one (a token the page did not show back), and is missing where none is stored.
 */
function namedValues(v: FormValues, field: "headers" | "fields", stored: Record<string, unknown>, errors: FormErrors, t: Translate): Record<string, string> {
  const before = record(stored, field);
  return Object.fromEntries(
    lines(v[field], field, errors, t).map(([name, value]) => {
      const kept = value === "" ? Object.entries(before).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] : undefined;
      if (value === "" && typeof kept !== "string") (errors[field] ??= []).push(`${name}: ${t("chErrRequired")}`);
      return [name, typeof kept === "string" ? kept : value];
    }),
  );
}

function webhookConfig(v: FormValues, stored: Record<string, unknown>, errors: FormErrors, t: Translate): Record<string, unknown> {
  return {
    url: v["url"]?.trim() ?? "",
    format: blank(v["format"]),
    headers: namedValues(v, "headers", stored, errors, t),
    fields: namedValues(v, "fields", stored, errors, t),
    messageField: blank(v["message_field"]),
    recipientField: blank(v["recipient_field"]),
    recipients: Object.fromEntries(CHANNEL_LEVELS.flatMap((l) => (blank(v[`recipient_${l}`]) ? [[l, blank(v[`recipient_${l}`])]] : []))),
    secret: v["secret"] ? v["secret"] : v["clear_secret"] ? undefined : text(stored, "secret"),
    signatureHeader: blank(v["signature_header"]),
    // Not on the form: kept as stored.
    timeoutMs: stored["timeoutMs"],
    lang: blank(v["lang"]),
  };
}

function emailConfig(v: FormValues, stored: Record<string, unknown>): Record<string, unknown> {
  const addresses = (raw: string | undefined) => (raw ?? "").split(/[,;\s]+/).filter((a) => a !== "");
  return {
    host: v["host"]?.trim() ?? "",
    port: port(v["port"]),
    secure: v["secure"] === "on",
    user: blank(v["user"]),
    pass: v["pass"] ? v["pass"] : v["clear_pass"] ? undefined : text(stored, "pass"),
    from: v["from"]?.trim() ?? "",
    recipients: Object.fromEntries(CHANNEL_LEVELS.flatMap((l) => (addresses(v[`recipients_${l}`]).length > 0 ? [[l, addresses(v[`recipients_${l}`])]] : []))),
    timeoutMs: stored["timeoutMs"],
    lang: blank(v["lang"]),
  };
}

/** The draft's templates (empty: the default), for a preview or a save. */
export function templatesOf(v: FormValues): Partial<Record<(typeof MESSAGE_LEVELS)[number], string>> {
  return Object.fromEntries(MESSAGE_LEVELS.flatMap((l) => (blank(v[`template_${l}`]) ? [[l, v[`template_${l}`]!.replace(/\r\n/g, "\n")]] : [])));
}

const dropUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));

/**
 * A posted channel form checked as a channel (with `stored`, the channel it edits: its secrets are
 * kept where the form leaves them empty); the refusals worded for the reader, by form field.
 */
export function channelFromForm(v: FormValues, stored: ChannelRow | undefined, t: Translate): ChannelFormResult {
  const errors: FormErrors = {};
  const kind = stored?.kind ?? v["kind"];
  const storedConfig = stored?.config ?? {};
  const config = dropUndefined(kind === "email" ? emailConfig(v, storedConfig) : webhookConfig(v, storedConfig, errors, t));
  const input = {
    kind,
    name: v["name"] ?? "",
    enabled: v["enabled"] === "on",
    levels: CHANNEL_LEVELS.filter((l) => v[`level_${l}`] === "on"),
    config,
    templates: templatesOf(v),
  };
  try {
    const parsed = parseChannelInput(input);
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input: parsed };
  } catch (err) {
    if (!(err instanceof ChannelConfigError)) throw err;
    for (const issue of err.issues) {
      const field = fieldOf(issue.path, kind === "email" ? "email" : "webhook");
      // A header's or fixed field's refusal names the line it is about.
      const line = /^config\.(headers|fields)\.(.+)$/.exec(issue.path)?.[2];
      (errors[field] ??= []).push(`${line ? `${line}: ` : ""}${describeChannelIssue(issue, field, t)}`);
    }
    return { ok: false, errors };
  }
}

/** The form field a schema path is about ("config.recipients.breach" → "recipient_breach"). */
export function fieldOf(path: string, kind: ChannelKind): string {
  const [head, key, level] = path.split(".");
  if (head === "templates") return `template_${key}`;
  if (head !== "config") return head === "(channel)" ? "kind" : (head ?? "kind");
  switch (key) {
    case "messageField":
      return "message_field";
    case "recipientField":
      return "recipient_field";
    case "signatureHeader":
      return "signature_header";
    case "recipients":
      return `${kind === "email" ? "recipients" : "recipient"}_${level}`;
    default:
      return key ?? "kind";
  }
}

const LEVEL_WORDS: Record<string, MessageKey> = {
  warning: "levelWarning",
  warning2: "levelWarning2",
  breach: "levelBreach",
  digest: "levelDigest",
  test: "levelTest",
};

const FIELD_WORDS: Record<string, MessageKey> = {
  kind: "channelKind",
  name: "channelName",
  enabled: "channelEnabled",
  levels: "channelLevels",
  lang: "channelLang",
  url: "chUrl",
  format: "chFormat",
  headers: "chHeaders",
  fields: "chFields",
  message_field: "chMessageField",
  recipient_field: "chRecipientField",
  secret: "chSecret",
  signature_header: "chSignatureHeader",
  host: "chHost",
  port: "chPort",
  secure: "chSecure",
  user: "chUser",
  pass: "chPass",
  from: "chFrom",
};

export const levelName = (level: string, t: Translate) => (LEVEL_WORDS[level] ? t(LEVEL_WORDS[level]) : level);

/** A form field's name for the reader: "URL webhook", "Alamat · Lewat waktu". */
export function fieldLabel(field: string, t: Translate): string {
  const perLevel = /^(recipient|recipients|template)_(\w+)$/.exec(field);
  if (perLevel) {
    const key: MessageKey = perLevel[1] === "recipient" ? "chRecipient" : perLevel[1] === "recipients" ? "chRecipients" : "chTemplate";
    return t(key, { level: levelName(perLevel[2]!, t) });
  }
  return FIELD_WORDS[field] ? t(FIELD_WORDS[field]) : field;
}

/** One refusal of the schema, worded by its field and zod's issue code. */
export function describeChannelIssue(issue: ChannelConfigIssue, field: string, t: Translate): string {
  if (issue.unknownPlaceholders) {
    return t("chErrPlaceholders", { names: issue.unknownPlaceholders.map((p) => `{${p}}`).join(", "), known: PLACEHOLDERS.map((p) => `{${p}}`).join(" ") });
  }
  const n = issue.limit ?? 0;
  switch (issue.code) {
    case "invalid_format":
      if (field === "url") return t("chErrUrl");
      if (field === "from" || field.startsWith("recipients_")) return t("chErrEmail");
      if (field === "headers" || field === "signature_header") return t("chErrHeaderName");
      return t("chErrFormat");
    case "invalid_key":
      return field === "headers" ? t("chErrHeaderName") : t("chErrFormat");
    case "too_small":
      if (field === "levels") return t("chErrLevels");
      if (issue.origin === "array") return t("chErrAtLeastItems", { n });
      if (issue.origin === "string") return n <= 1 ? t("chErrRequired") : t("chErrMinChars", { n });
      return t("chErrAtLeast", { n });
    case "too_big":
      return issue.origin === "string" ? t("chErrMaxChars", { n }) : t("chErrAtMost", { n });
    case "invalid_type":
      return field === "port" ? t("chErrNumber") : t("chErrRequired");
    case "invalid_value":
      return t("chErrOption");
    case "invalid_union":
      return field === "kind" ? t("chErrKind") : t("chErrInvalid", { detail: issue.message });
    case "custom":
      if (field === "headers") return t("chErrLineBreak");
      return t("chErrInvalid", { detail: issue.message });
    default:
      return t("chErrInvalid", { detail: issue.message });
  }
}
