import type { Lang } from "../calendar/format.ts";
import { localDate } from "../calendar/zoned-time.ts";
import { workingSpanOn } from "../calendar/day-info.ts";
import type { Calendar } from "../calendar/types.ts";
import { formatIsoDate } from "../text/format.ts";
import type { MessageFormat } from "./templates.ts";

// The morning digest: once per office and working day, at its opening, one message per channel
// listing what is open and late and what is open and at risk at that instant, late first, each
// list cut after a few lines with a link to the whole of it on Permohonan.

/** Lines per list before "dan X lainnya": a chat message stays readable, a mail short. */
export const DIGEST_LINES = 15;

/** The two open statuses a digest lists, in its order: the late ones first. */
export const DIGEST_STATUSES = ["open_late", "at_risk"] as const;
export type DigestStatus = (typeof DIGEST_STATUSES)[number];

export interface DigestPermit {
  permitNumber: string;
  permitType: string | null;
  /** Share of the standard used by the digest's instant. */
  shareUsed: number | null;
  dueAt: Date | null;
}

/** One status's list: its first rows (most of the standard used first) and how many there are. */
export interface DigestList {
  total: number;
  permits: readonly DigestPermit[];
}

export interface DigestFacts {
  officeName: string;
  officeSlug: string;
  /** The office's local date, "YYYY-MM-DD". */
  day: string;
  lists: Readonly<Record<DigestStatus, DigestList>>;
}

const WORDS: Record<Lang, {
  title: string;
  counts: (late: number, atRisk: number) => string;
  nothing: string;
  heading: Record<DigestStatus, string>;
  line: (p: { number: string; type: string; share: string; due: string }) => string;
  more: (n: number) => string;
  all: string;
  none: string;
}> = {
  id: {
    title: "Ringkasan pagi Mutu Baku",
    counts: (late, atRisk) => `${late} permohonan lewat waktu, ${atRisk} hampir lewat`,
    nothing: "tidak ada permohonan yang hampir lewat atau lewat waktu",
    heading: { open_late: "Lewat waktu", at_risk: "Hampir lewat" },
    line: (p) => `${p.number} (${p.type}), terpakai ${p.share}, batas ${p.due}`,
    more: (n) => `dan ${n} lainnya`,
    all: "Semua",
    none: "-",
  },
  en: {
    title: "Mutu Baku morning digest",
    counts: (late, atRisk) => `late ${late}, at risk ${atRisk}`,
    nothing: "no permit is at risk or late",
    heading: { open_late: "Late", at_risk: "At risk" },
    line: (p) => `${p.number} (${p.type}), used ${p.share}, due ${p.due}`,
    more: (n) => `and ${n} more`,
    all: "All",
    none: "-",
  },
};

/** Permohonan listing one status of the office now (an open status without dates spans every date). */
export function digestListLink(publicUrl: string, officeSlug: string, status: DigestStatus): string {
  return `${publicUrl.replace(/\/+$/, "")}/permohonan?${new URLSearchParams({ office: officeSlug, status }).toString()}`;
}

/**
 * The digest's text and subject. The subject is its first line: the office, the day and the
 * counts (or that there is nothing). Each list shows at most `lines` permits, then how many more
 * and the link to all of them.
 */
export function digestMessage(facts: DigestFacts, fmt: MessageFormat, publicUrl: string, lines = DIGEST_LINES): { text: string; subject: string } {
  const w = WORDS[fmt.lang];
  const { open_late: late, at_risk: atRisk } = facts.lists;
  const head = `${w.title}, ${facts.officeName}, ${formatIsoDate(facts.day, fmt.lang)}: `;
  if (late.total === 0 && atRisk.total === 0) {
    const only = `${head}${w.nothing}.`;
    return { text: only, subject: only };
  }
  const subject = `${head}${w.counts(late.total, atRisk.total)}.`;
  const parts = [subject];
  for (const status of DIGEST_STATUSES) {
    const list = facts.lists[status];
    if (list.total === 0) continue;
    const shown = list.permits.slice(0, lines).map((p) =>
      `- ${w.line({
        number: p.permitNumber,
        type: p.permitType ?? w.none,
        share: p.shareUsed === null ? w.none : fmt.percent(p.shareUsed),
        due: p.dueAt === null ? w.none : fmt.dateTime(p.dueAt),
      })}`,
    );
    const rest = list.total - shown.length;
    parts.push([`${w.heading[status]} (${list.total}):`, ...shown, ...(rest > 0 ? [w.more(rest)] : []), `${w.all}: ${digestListLink(publicUrl, facts.officeSlug, status)}`].join("\n"));
  }
  return { text: parts.join("\n\n"), subject };
}

/**
 * The office's local date when its digest is due at `now`: its working day has opened (the first
 * working interval of the day has begun) and not yet closed. Null on a day without working time
 * (weekend, holiday), before the opening, and after the close: a process started after the close
 * leaves the day's digest to the next morning's, which tells what is late then.
 */
export function digestDay(cal: Calendar, now: Date): string | null {
  const day = localDate(now, cal.timezone);
  const span = workingSpanOn(cal, day);
  return span && span.opens <= now && now < span.closes ? day : null;
}
