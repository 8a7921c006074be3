import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

// Failed sign-ins per key ("account:<email>", "address:<ip>"), for throttling (src/auth/throttle.ts).

export async function recentFailures(db: Kysely<DB>, keys: readonly string[], since: Date): Promise<Map<string, Date[]>> {
  const out = new Map<string, Date[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return out;
  const rows = await db.selectFrom("sign_in_failure").select(["key", "at"]).where("key", "in", keys).where("at", ">", since).orderBy("at").execute();
  for (const r of rows) out.get(r.key)?.push(r.at);
  return out;
}

/** Every key's failures since `since`: the locks in force, for the admin's list. */
export async function failuresSince(db: Kysely<DB>, since: Date): Promise<Map<string, Date[]>> {
  const out = new Map<string, Date[]>();
  const rows = await db.selectFrom("sign_in_failure").select(["key", "at"]).where("at", ">", since).orderBy("at").execute();
  for (const r of rows) {
    const times = out.get(r.key);
    if (times) times.push(r.at);
    else out.set(r.key, [r.at]);
  }
  return out;
}

/** Records a failure for each key, and forgets every failure from before `forgetBefore`, which no lock can still count. */
export async function recordFailure(db: Kysely<DB>, keys: readonly string[], at: Date, forgetBefore: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("sign_in_failure").where("at", "<", forgetBefore).execute();
    if (keys.length > 0) await trx.insertInto("sign_in_failure").values(keys.map((key) => ({ key, at }))).execute();
  });
}

/** Forgets a key's failures: a successful sign-in, or an admin lifting a lock. */
export async function clearFailures(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom("sign_in_failure").where("key", "=", key).execute();
}
