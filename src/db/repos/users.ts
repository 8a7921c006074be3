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

/** Sets a new password: every session begun before now ends (sessionLive compares with it). */
export async function setPassword(db: Kysely<DB>, userId: number, passwordHash: string, now: Date): Promise<void> {
  await db.updateTable("app_user").set({ password_hash: passwordHash, password_changed_at: now, must_change_password: false }).where("id", "=", userId).execute();
}
