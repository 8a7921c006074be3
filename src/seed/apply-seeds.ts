import type { Kysely } from "kysely";
import { calendarIdsBySlug, insertCalendar } from "../db/repos/calendars.ts";
import { insertOffice, officeIdsBySlug } from "../db/repos/offices.ts";
import { insertSop, sopSlugs } from "../db/repos/sops.ts";
import type { DB } from "../db/schema.ts";
import { SeedError, type Seeds } from "./read-seeds.ts";
import type { CalendarFile } from "../calendar/schema.ts";

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
    // Each office gets a calendar of its own, copied from the seed it names, so that one office's
    // hours or local holidays never change another's.
    const calendarIds = await calendarIdsBySlug(trx);
    const officeIds = await officeIdsBySlug(trx);
    for (const office of seeds.offices) {
      if (officeIds.has(office.slug)) continue;
      let calendarId = calendarIds.get(office.slug);
      if (calendarId === undefined) {
        calendarId = await insertCalendar(trx, office.slug, seedCalendar(seeds, office.calendar));
        result.calendars++;
      }
      officeIds.set(office.slug, await insertOffice(trx, office, calendarId));
      result.offices++;
    }
    const existing = await sopSlugs(trx);
    for (const sop of seeds.sops) {
      if (existing.has(sop.slug)) continue;
      const officeId = officeIds.get(sop.office);
      if (officeId === undefined) throw new SeedError(`SOP ${sop.slug}: office "${sop.office}" does not exist`);
      await insertSop(trx, sop, officeId);
      result.sops++;
    }
    return result;
  });
}

function seedCalendar(seeds: Seeds, name: string): CalendarFile {
  const calendar = seeds.calendars.get(name);
  if (!calendar) throw new SeedError(`calendar "${name}" is not in seeds/calendars`);
  return calendar;
}
