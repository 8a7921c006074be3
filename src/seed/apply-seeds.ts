import type { Kysely } from "kysely";
import { calendarIdsBySlug, insertCalendar } from "../db/repos/calendars.ts";
import { insertOffice, officeIdsBySlug } from "../db/repos/offices.ts";
import { insertSop, sopSlugs } from "../db/repos/sops.ts";
import type { DB } from "../db/schema.ts";
import type { Seeds } from "./read-seeds.ts";

export interface SeedResult {
  calendars: number;
  offices: number;
  sops: number;
}

/**
 * Adds what the seeds hold and the database lacks, in one transaction. What is already there is left
 * alone, so edits made in the app survive and running it twice changes nothing.
 */
export async function applySeeds(db: Kysely<DB>, seeds: Seeds): Promise<SeedResult> {
  return db.transaction().execute(async (trx) => {
    const result: SeedResult = { calendars: 0, offices: 0, sops: 0 };
    const calendarIds = await calendarIdsBySlug(trx);
    for (const [slug, definition] of seeds.calendars) {
      if (calendarIds.has(slug)) continue;
      calendarIds.set(slug, await insertCalendar(trx, slug, definition));
      result.calendars++;
    }
    const officeIds = await officeIdsBySlug(trx);
    for (const office of seeds.offices) {
      if (officeIds.has(office.slug)) continue;
      officeIds.set(office.slug, await insertOffice(trx, office, calendarIds.get(office.calendar)!));
      result.offices++;
    }
    const existing = await sopSlugs(trx);
    for (const sop of seeds.sops) {
      if (existing.has(sop.slug)) continue;
      await insertSop(trx, sop, officeIds.get(sop.office)!);
      result.sops++;
    }
    return result;
  });
}
