import { EVERY_OFFICE } from "../db/repos/access.ts";
import type { Cron } from "croner";
import { runOnSchedule } from "./run-on-schedule.ts";
import { DIGEST_LINES, type DigestList, type DigestStatus, digestDay, digestMessage } from "../alerts/digest.ts";
import { messageFormat } from "../alerts/templates.ts";
import type { Lang } from "../calendar/format.ts";
import { nextWorkingInstant } from "../calendar/arithmetic.ts";
import { claimDigestDay, digestChannelIds, enqueueDigestDeliveries } from "../db/repos/alert-deliveries.ts";
import { calendarOfOffice } from "../db/repos/calendars.ts";
import { listOffices } from "../db/repos/offices.ts";
import { listPermits, runningVerdicts } from "../db/repos/permits.ts";
import { usedBy } from "../sla/index.ts";
import type { JobDeps } from "./refresh-open-verdicts.ts";

// Every minute, each office whose working day has opened and has no digest yet today gets one:
// what is open and late, and open and at risk, at that instant, read by the very list query of
// Permohonan and the API (so the digest lists what they list), queued as one message per channel
// that takes the digest. The day's alert_digest row is the claim, in the transaction that queues
// the messages: two processes make a day's digest once, and a process started after the opening
// makes it then (never one for a day gone by).

export const DIGEST_SCHEDULE = "* * * * *";

export interface DigestDeps extends JobDeps {
  /** The app's address, for the links to the lists. */
  publicUrl: string;
  /** The app's default language (DEFAULT_LANG): the digest's text is made once for every channel. */
  lang: Lang;
  /** Lines per list before "dan X lainnya". */
  lines?: number;
}

export interface MadeDigest {
  office: string;
  day: string;
  deliveries: number;
}

/** Makes the digests due now that no process has made yet; returns those made here. */
export async function makeMorningDigests(deps: DigestDeps): Promise<MadeDigest[]> {
  const { db, clock } = deps;
  const lines = deps.lines ?? DIGEST_LINES;
  const now = clock.now();
  const made: MadeDigest[] = [];
  for (const office of await listOffices(db, EVERY_OFFICE)) {
    const cal = await calendarOfOffice(db, office.id);
    const day = digestDay(cal, now);
    if (day === null) continue;
    const deliveries = await db.transaction().execute(async (trx) => {
      // Without a channel for it the day is not claimed: a channel set up later that day still
      // gets the day's digest.
      const channels = await digestChannelIds(trx, office.id);
      if (channels.length === 0 || !(await claimDigestDay(trx, office.id, day, now))) return null;
      const listOf = async (status: DigestStatus): Promise<DigestList> => {
        const { total, rows } = await listPermits(trx, { officeId: office.id, statuses: [status], now, sort: "attention", page: 1, pageSize: lines });
        // The lists show the share stored at the last evaluation (up to half an hour old); a
        // message read on a phone has no status column beside it, so its share is brought to now.
        const running = await runningVerdicts(trx, rows.map((r) => r.id));
        const shareOf = (id: number, stored: number | null) => {
          const v = running.get(id);
          return v ? usedBy(cal, v.workingSeconds, v.standardSeconds, v.evaluatedAt, now).shareUsed : stored;
        };
        return { total, permits: rows.map((r) => ({ permitNumber: r.permit_number, permitType: r.permit_type, shareUsed: shareOf(r.id, r.share_used), dueAt: r.due_at })) };
      };
      const facts = { officeName: office.name, officeSlug: office.slug, day, lists: { open_late: await listOf("open_late"), at_risk: await listOf("at_risk") } };
      // Nothing at risk or late still makes its short message: a head of office who hears nothing
      // one morning cannot tell "all is well" from a gateway that stopped working.
      const message = digestMessage(facts, messageFormat(cal, deps.lang), deps.publicUrl, lines);
      return enqueueDigestDeliveries(trx, channels, message, nextWorkingInstant(cal, now), now);
    });
    if (deliveries !== null) made.push({ office: office.slug, day, deliveries });
  }
  return made;
}

/** Runs the digest job now and then at the start of every minute; `stop()` ends it. */
export function scheduleMorningDigest(deps: DigestDeps): Cron {
  return runOnSchedule("morning-digest", DIGEST_SCHEDULE, deps.logger, "making the morning digest failed; it is tried again next minute", async () => {
    for (const d of await makeMorningDigests(deps)) deps.logger.info(d, "morning digest queued");
  });
}
