import { accessOf, type Access, userOfficeIds, withinOffices } from "./access.ts";
import { type Kysely, sql } from "kysely";
import { TOUCH_MS } from "../../auth/sessions.ts";
import type { DB } from "../schema.ts";
import type { UserRow } from "./users.ts";

// API tokens by the hash of their secret (src/auth/sessions.ts makes and hashes it).

export async function createToken(db: Kysely<DB>, t: { userId: number; name: string; hash: string; scope: "read" | "import"; expiresAt: Date | null; officeIds?: readonly number[] | null }, now: Date): Promise<number> {
  const { id } = await db
    .insertInto("api_token")
    .values({ user_id: t.userId, name: t.name, token_hash: t.hash, scope: t.scope, created_at: now, expires_at: t.expiresAt, last_used_at: null, revoked_at: null, office_ids: t.officeIds ? [...t.officeIds].sort((a, b) => a - b) : null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export interface TokenUse {
  user: UserRow;
  scope: "read" | "import";
  token: { id: number; name: string };
  /** What its requests may see: its user's offices, narrowed to the token's own. */
  access: Access;
  /** Whether this use moved the token's last use on: at most once a TOUCH_MS, as a session's last-seen. */
  noted: boolean;
}

/** The user and scope of a token in force (not revoked, not expired, its user not disabled); its last use noted. */
export async function tokenUser(db: Kysely<DB>, hash: string, now: Date): Promise<TokenUse | undefined> {
  const row = await db
    .selectFrom("api_token as t")
    .innerJoin("app_user as u", "u.id", "t.user_id")
    .selectAll("u")
    .select(["t.id as token_id", "t.name as token_name", "t.scope as token_scope", "t.expires_at as token_expires_at", "t.revoked_at as token_revoked_at", "t.last_used_at as token_last_used_at", "t.office_ids as token_office_ids", userOfficeIds(sql.ref("u.id")).as("user_office_ids")])
    .where("t.token_hash", "=", hash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_id, token_name, token_scope, token_expires_at, token_revoked_at, token_last_used_at, token_office_ids, user_office_ids, ...user } = row;
  if (token_revoked_at !== null || user.disabled_at !== null || (token_expires_at !== null && token_expires_at.getTime() <= now.getTime())) return undefined;
  const noted = token_last_used_at === null || now.getTime() - token_last_used_at.getTime() >= TOUCH_MS;
  if (noted) await db.updateTable("api_token").set({ last_used_at: now }).where("id", "=", token_id).execute();
  return { user, scope: token_scope, token: { id: token_id, name: token_name }, access: withinOffices(accessOf(user, user_office_ids), token_office_ids), noted };
}

export async function listTokens(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom("api_token as t")
    .select(["t.id", "t.name", "t.scope", "t.created_at", "t.expires_at", "t.last_used_at", "t.revoked_at"])
    .select(sql<string[] | null>`(select array_agg(o.name order by o.name) from office o where o.id = any(t.office_ids))`.as("office_names"))
    .where("t.user_id", "=", userId)
    .orderBy("t.id", "desc")
    .execute();
}

export type TokenListItem = Awaited<ReturnType<typeof listTokens>>[number];

/** Revokes one of the user's tokens; false when the user has no such token. */
export async function revokeToken(db: Kysely<DB>, userId: number, id: number, now: Date): Promise<boolean> {
  const r = await db.updateTable("api_token").set({ revoked_at: now }).where("id", "=", id).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
