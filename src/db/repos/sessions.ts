import { type Access, accessOf, userOfficeIds } from "./access.ts";
import { type Kysely, sql } from "kysely";
import { sessionLive, TOUCH_MS } from "../../auth/sessions.ts";
import type { DB } from "../schema.ts";
import type { UserRow } from "./users.ts";

// Sessions by the hash of their token (src/auth/sessions.ts says when one is live).

export async function startSession(db: Kysely<DB>, userId: number, hash: string, now: Date, from: { address: string | null; userAgent: string | null }): Promise<void> {
  await db.insertInto("user_session").values({ token_hash: hash, user_id: userId, created_at: now, last_seen_at: now, address: from.address, user_agent: from.userAgent?.slice(0, 300) ?? null }).execute();
}

/** The user of a live session and what it may see, its last-seen moved on; undefined when none (and an ended one is removed). */
export async function sessionUser(db: Kysely<DB>, hash: string, now: Date): Promise<{ user: UserRow; access: Access } | undefined> {
  const row = await db
    .selectFrom("user_session as s")
    .innerJoin("app_user as u", "u.id", "s.user_id")
    .selectAll("u")
    .select(["s.created_at as session_created_at", "s.last_seen_at as session_last_seen_at", userOfficeIds(sql.ref("u.id")).as("office_ids")])
    .where("s.token_hash", "=", hash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_created_at, session_last_seen_at, office_ids, ...user } = row;
  if (user.disabled_at !== null || !sessionLive({ created_at: session_created_at, last_seen_at: session_last_seen_at }, user.password_changed_at, now)) {
    await endSession(db, hash);
    return undefined;
  }
  if (now.getTime() - session_last_seen_at.getTime() >= TOUCH_MS) await db.updateTable("user_session").set({ last_seen_at: now }).where("token_hash", "=", hash).execute();
  return { user, access: accessOf(user, office_ids) };
}

export async function endSession(db: Kysely<DB>, hash: string): Promise<void> {
  await db.deleteFrom("user_session").where("token_hash", "=", hash).execute();
}

/** Ends every session of a user but `keep` (the one that changed the password). */
export async function endSessionsOf(db: Kysely<DB>, userId: number, keep?: string): Promise<void> {
  let q = db.deleteFrom("user_session").where("user_id", "=", userId);
  if (keep) q = q.where("token_hash", "!=", keep);
  await q.execute();
}
