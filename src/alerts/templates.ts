import { z } from "zod";
import { formatWorkingDuration, type Lang } from "../calendar/format.ts";
import type { Calendar } from "../calendar/types.ts";
import { formatDateTime, formatPercent } from "../text/format.ts";

// The text of an alert message: a template per office and level with placeholders in braces,
// filled from what the alert records, formatted as the pages format (id-ID, or English).

/** What a message can be about: an alert of one level, or a "send a test" from the settings. */
export const MESSAGE_LEVELS = ["warning", "warning2", "breach", "test"] as const;
export type MessageLevel = (typeof MESSAGE_LEVELS)[number];

/**
 * The placeholders a template may use, each written `{name}`:
 * - `{nomor}` permit number; `{jenis}` permit type; `{tahap}` the step (or "total permohonan");
 * - `{petugas}` the officer on the step; `{standar}` the time standard in working time;
 * - `{terpakai}` the share of the standard used; `{batas}` the due instant, in the office's zone;
 * - `{tautan}` the link to the permit's page in the app.
 */
export const PLACEHOLDERS = ["nomor", "jenis", "tahap", "petugas", "standar", "terpakai", "batas", "tautan"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What an alert message tells, as stored with a delivery (instants as ISO strings). */
export const alertFactsSchema = z.object({
  level: z.enum(MESSAGE_LEVELS),
  /** null: made-up facts (a preview, a test), whose link is the app's address. */
  permitId: z.number().nullable(),
  permitNumber: z.string(),
  permitType: z.string().nullable(),
  /** null: the permit's total, not one step. */
  stepName: z.string().nullable(),
  actor: z.string().nullable(),
  standardSeconds: z.number().nullable(),
  share: z.number().nullable(),
  dueAt: z.iso.datetime({ offset: true }).nullable(),
});
export type AlertFacts = z.infer<typeof alertFactsSchema>;

export interface MessageFormat {
  lang: Lang;
  percent(share: number): string;
  dateTime(at: Date): string;
  /** Working seconds as "2 hari 3 jam". */
  duration(seconds: number): string;
}

export const DEFAULT_TEMPLATES: Record<Lang, Record<MessageLevel, string>> = {
  id: {
    warning: "Peringatan Mutu Baku: permohonan {nomor} ({jenis}), tahap {tahap} oleh {petugas}, telah memakai {terpakai} dari standar {standar}. Batas: {batas}. {tautan}",
    warning2: "Peringatan kedua Mutu Baku: permohonan {nomor} ({jenis}), tahap {tahap} oleh {petugas}, telah memakai {terpakai} dari standar {standar}. Batas: {batas}. {tautan}",
    breach: "Melewati standar: permohonan {nomor} ({jenis}), tahap {tahap} oleh {petugas}, melewati standar {standar} pada {batas}. {tautan}",
    test: "Pesan uji Mutu Baku: saluran ini berfungsi. Contoh: permohonan {nomor} ({jenis}), tahap {tahap}, standar {standar}, batas {batas}. {tautan}",
  },
  en: {
    warning: "Mutu Baku warning: permit {nomor} ({jenis}), step {tahap} by {petugas}, has used {terpakai} of its standard {standar}. Due: {batas}. {tautan}",
    warning2: "Mutu Baku second warning: permit {nomor} ({jenis}), step {tahap} by {petugas}, has used {terpakai} of its standard {standar}. Due: {batas}. {tautan}",
    breach: "Past its standard: permit {nomor} ({jenis}), step {tahap} by {petugas}, passed its standard {standar} at {batas}. {tautan}",
    test: "Mutu Baku test message: this channel works. Example: permit {nomor} ({jenis}), step {tahap}, standard {standar}, due {batas}. {tautan}",
  },
};

/** The office's formatting: its zone for instants, its day length for working durations. */
export function messageFormat(cal: Calendar, lang: Lang): MessageFormat {
  return {
    lang,
    percent: (share) => formatPercent(share, lang),
    dateTime: (at) => formatDateTime(at, cal.timezone, lang),
    duration: (seconds) => formatWorkingDuration(cal, seconds, lang),
  };
}

const WORDS: Record<Lang, { total: string; none: string }> = {
  id: { total: "total permohonan", none: "-" },
  en: { total: "the permit's total", none: "-" },
};

/** The permit's page in the app, under the address users reach it at. */
export function permitLink(publicUrl: string, permitId: number): string {
  return `${publicUrl.replace(/\/+$/, "")}/permohonan/${permitId}`;
}

/** The placeholders' values for one alert, formatted for people. */
export function placeholderValues(facts: AlertFacts, fmt: MessageFormat, publicUrl: string): Record<Placeholder, string> {
  const w = WORDS[fmt.lang];
  // The share is read at the last evaluation, a moment before the crossing: a breach has used
  // at least all of its standard.
  const share = facts.share === null ? null : facts.level === "breach" ? Math.max(facts.share, 1) : facts.share;
  return {
    nomor: facts.permitNumber,
    jenis: facts.permitType ?? w.none,
    tahap: facts.stepName ?? w.total,
    petugas: facts.actor ?? w.none,
    standar: facts.standardSeconds === null ? w.none : fmt.duration(facts.standardSeconds),
    terpakai: share === null ? w.none : fmt.percent(share),
    batas: facts.dueAt === null ? w.none : fmt.dateTime(new Date(facts.dueAt)),
    tautan: facts.permitId === null ? publicUrl : permitLink(publicUrl, facts.permitId),
  };
}

const PLACEHOLDER = /\{([a-z]+)\}/g;

/** Fills `{name}` placeholders; braces around any other word are left as written. */
export function renderTemplate(template: string, values: Record<Placeholder, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => ((PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole));
}

/** The words in braces of a template that are not placeholders: a settings form names them. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n));
}

/** The message of an alert: the channel's template for its level, else the default one. */
export function renderMessage(facts: AlertFacts, templates: Partial<Record<MessageLevel, string>>, fmt: MessageFormat, publicUrl: string): string {
  const template = templates[facts.level] ?? DEFAULT_TEMPLATES[fmt.lang][facts.level];
  return renderTemplate(template, placeholderValues(facts, fmt, publicUrl));
}

/** A subject line for e-mail: the message's first sentence, kept short. */
export function subjectOf(message: string): string {
  const first = message.split(/(?<=[.!?])\s|\n/)[0] ?? message;
  return first.length <= 120 ? first : `${first.slice(0, 119)}…`;
}

/** The settings page's preview: a template (or the default) filled with made-up facts. */
export function previewMessage(level: MessageLevel, templates: Partial<Record<MessageLevel, string>>, fmt: MessageFormat, publicUrl: string, now: Date): string {
  return renderMessage(sampleFacts(level, now), templates, fmt, publicUrl);
}

/** Made-up facts for a template preview and a "send a test". */
export function sampleFacts(level: MessageLevel, at: Date): AlertFacts {
  return {
    level,
    permitId: null,
    permitNumber: "503/DPMPTSP/IPTG/0001",
    permitType: "Izin Praktik Tukang Gigi",
    stepName: "Verifikasi Berkas",
    actor: "Petugas Front Office",
    standardSeconds: 4 * 3600,
    share: level === "warning" ? 0.75 : level === "warning2" ? 0.9 : 1,
    dueAt: at.toISOString(),
  };
}
