import type { Kysely } from "kysely";
import type { ThresholdSetting } from "../../alerts/thresholds.ts";
import type { DB } from "../schema.ts";

/** An office's warning shares as set (its default, per permit type, per SOP step). */
export async function thresholdSettings(db: Kysely<DB>, officeId: number): Promise<ThresholdSetting[]> {
  const rows = await db
    .selectFrom("alert_threshold")
    .select(["permit_type", "position", "warn_share", "warn2_share"])
    .where("office_id", "=", officeId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ permitType: r.permit_type, position: r.position, warn: r.warn_share, warn2: r.warn2_share }));
}

/** Sets (or replaces) one threshold of an office; `null` shares remove it. */
export async function setThreshold(db: Kysely<DB>, officeId: number, s: Omit<ThresholdSetting, "warn"> & { warn: number | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    let del = trx.deleteFrom("alert_threshold").where("office_id", "=", officeId);
    del = s.permitType === null ? del.where("permit_type", "is", null) : del.where("permit_type", "=", s.permitType);
    del = s.position === null ? del.where("position", "is", null) : del.where("position", "=", s.position);
    await del.execute();
    if (s.warn !== null) {
      await trx
        .insertInto("alert_threshold")
        .values({ office_id: officeId, permit_type: s.permitType, position: s.position, warn_share: s.warn, warn2_share: s.warn2 })
        .execute();
    }
  });
}
