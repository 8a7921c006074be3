import type { Kysely } from "kysely";
import { hashPassword, initialPassword } from "../auth/password.ts";
import type { Clock } from "../clock/index.ts";
import { countUsers, createUser } from "../db/repos/users.ts";
import type { DB } from "../db/schema.ts";
import type { Logger } from "../log/logger.ts";

// A database with no user gets an admin, so a fresh machine can sign in: with ADMIN_PASSWORD when
// set, else a random password written once to the log. Either way it is changed at first sign-in.

export async function ensureFirstAdmin(db: Kysely<DB>, clock: Clock, logger: Logger, o: { email: string; password?: string | undefined }): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
  const password = o.password ?? initialPassword();
  await createUser(db, { email: o.email, name: "Admin", passwordHash: await hashPassword(password), role: "admin", allOffices: true, mustChangePassword: true }, clock.now());
  if (o.password) logger.info({ email: o.email }, "no user yet: an admin was made with ADMIN_EMAIL and ADMIN_PASSWORD; its password is changed at first sign-in");
  else logger.warn(`no user yet: sign in as ${o.email} with the password ${password} (shown once; it is changed at first sign-in)`);
  return true;
}
