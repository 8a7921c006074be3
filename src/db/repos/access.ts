import { type RawBuilder, type SqlBool, sql } from "kysely";
import { type OfficeSet, officeIn } from "./scope.ts";

// Whose view a read is (issue 14). Every query that reads an office's permits, batches, reports,
// alerts, SOPs or calendars takes one and narrows itself here, so a route cannot show another
// office's rows by forgetting a filter: an id of another office's row reads as missing.

/** The offices a request may see: every office (admins, provincial users, jobs), or these. */
export interface Access {
  readonly offices: "all" | readonly number[];
}

/** The whole database: background jobs, the CLI, admins. */
export const EVERY_OFFICE: Access = { offices: "all" };

/** A signed-in user's offices: all of them for an admin or a provincial user, else their own. */
export function accessOf(user: { role: string; all_offices: boolean }, officeIds: readonly number[]): Access {
  return user.role === "admin" || user.all_offices ? EVERY_OFFICE : { offices: officeIds };
}

/** A user's own offices (user_office), ascending: read with the session or token, in one query. */
export const userOfficeIds = (userId: RawBuilder<unknown>) => sql<number[]>`array(select uo.office_id from user_office uo where uo.user_id = ${userId} order by uo.office_id)`;

/** An access narrowed to a token's offices (null: none narrowed). */
export function withinOffices(access: Access, officeIds: readonly number[] | null): Access {
  if (officeIds === null) return access;
  return { offices: access.offices === "all" ? [...officeIds] : access.offices.filter((id) => officeIds.includes(id)) };
}

/** The access as a cache key's part: two users who see the same offices share answers. */
export const accessKey = (access: Access): string => (access.offices === "all" ? "all" : access.offices.join(","));

export const maySee = (access: Access, officeId: number): boolean => access.offices === "all" || access.offices.includes(officeId);

/**
 * The offices a figure counts: those asked for (one, a set, or every one) that the access allows.
 * Nothing allowed is an empty set, which selects no row; one office stays one office, so a user of
 * one office reads through the same plans as an office filter.
 */
export function narrow(access: Access, asked: OfficeSet): OfficeSet {
  if (access.offices === "all") return asked;
  const allowed = access.offices;
  if (asked === undefined) return allowed.length === 1 ? allowed[0] : allowed;
  const wanted = typeof asked === "number" ? [asked] : asked;
  const both = wanted.filter((id) => allowed.includes(id));
  return both.length === 1 ? both[0] : both;
}

/** A where-condition on an office column: the query layer's office filter (officeIn) for the access's offices. */
export const visible = (column: string, access: Access): RawBuilder<SqlBool> => officeIn(sql.ref(column), access.offices === "all" ? undefined : access.offices);
