import { userOfficeIds } from "./access.ts";
import { type Kysely, sql } from "kysely";
import type { DB, Role } from "../schema.ts";

// Users: who signs in, with what role, for which offices.

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  allOffices?: boolean;
  officeIds?: readonly number[];
  mustChangePassword?: boolean;
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom("app_user").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function createUser(db: Kysely<DB>, u: NewUser, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("app_user")
      .values({
        email: u.email.trim(),
        name: u.name,
        password_hash: u.passwordHash,
        role: u.role,
        all_offices: u.allOffices ?? false,
        must_change_password: u.mustChangePassword ?? false,
        lang: null,
        disabled_at: null,
        password_changed_at: now,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (u.officeIds && u.officeIds.length > 0) await trx.insertInto("user_office").values(u.officeIds.map((office_id) => ({ user_id: id, office_id }))).execute();
    return id;
  });
}

export async function findUserByEmail(db: Kysely<DB>, email: string) {
  return db.selectFrom("app_user").selectAll().where(sql<boolean>`lower(email) = lower(${email.trim()})`).executeTakeFirst();
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUserByEmail>>>;

/**
 * Sets a new password: every session begun before now ends (sessionLive compares with it). An
 * initial one (an admin's reset) must be changed at the next sign-in.
 */
export async function setPassword(db: Kysely<DB>, userId: number, passwordHash: string, now: Date, o: { initial?: boolean } = {}): Promise<void> {
  await db.updateTable("app_user").set({ password_hash: passwordHash, password_changed_at: now, must_change_password: o.initial ?? false }).where("id", "=", userId).execute();
}

export async function findUser(db: Kysely<DB>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The ids of the offices a user is given (all_offices aside). */
export async function officeIdsOf(db: Kysely<DB>, userId: number): Promise<number[]> {
  return (await db.selectNoFrom(userOfficeIds(sql`${userId}::int`).as("ids")).executeTakeFirstOrThrow()).ids;
}

/** Every user by name, with the ids of their offices and the last request of a session still kept. */
export async function listUsers(db: Kysely<DB>) {
  return db
    .selectFrom("app_user as u")
    .leftJoin("user_session as s", "s.user_id", "u.id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.all_offices", "u.must_change_password", "u.disabled_at", "u.created_at", userOfficeIds(sql.ref("u.id")).as("office_ids")])
    .select((eb) => eb.fn.max<Date | null>("s.last_seen_at").as("last_seen_at"))
    .groupBy("u.id")
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
}

export type UserListItem = Awaited<ReturnType<typeof listUsers>>[number];

export interface UserChange {
  name: string;
  role: Role;
  allOffices: boolean;
  officeIds: readonly number[];
}

/**
 * Whether a change leaves an active admin. The admins are locked for the change's transaction, so
 * two admins demoting each other at once cannot both pass.
 */
async function leavesAnAdmin(trx: Kysely<DB>, userId: number, staysAdmin: boolean): Promise<boolean> {
  const admins = await trx.selectFrom("app_user").select("id").where("role", "=", "admin").where("disabled_at", "is", null).forUpdate().execute();
  return staysAdmin || admins.some((a) => a.id !== userId);
}

/** Sets a user's name, role and offices; false (nothing changed) when it would leave no active admin. */
export async function updateUser(db: Kysely<DB>, userId: number, change: UserChange): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await leavesAnAdmin(trx, userId, change.role === "admin"))) return false;
    await trx.updateTable("app_user").set({ name: change.name, role: change.role, all_offices: change.allOffices }).where("id", "=", userId).execute();
    await trx.deleteFrom("user_office").where("user_id", "=", userId).execute();
    if (change.officeIds.length > 0) await trx.insertInto("user_office").values(change.officeIds.map((office_id) => ({ user_id: userId, office_id }))).execute();
    return true;
  });
}

/**
 * Disables a user at `at`, or enables them again (null); false (nothing changed) when disabling
 * would leave no active admin. A disabled user's sessions and API tokens are refused (sessionUser,
 * tokenUser); the caller ends the sessions.
 */
export async function setDisabled(db: Kysely<DB>, userId: number, at: Date | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (at !== null && !(await leavesAnAdmin(trx, userId, false))) return false;
    await trx.updateTable("app_user").set({ disabled_at: at }).where("id", "=", userId).execute();
    return true;
  });
}

export async function setLang(db: Kysely<DB>, userId: number, lang: "id" | "en"): Promise<void> {
  await db.updateTable("app_user").set({ lang }).where("id", "=", userId).execute();
}
