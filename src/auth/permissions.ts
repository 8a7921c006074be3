import type { Role } from "../db/schema.ts";

// What each role may do (issue 14). Which offices it may do it for is the other half, kept in the
// query layer (src/db/repos/access.ts). Every route names the action it needs in one table
// (src/web/route-access.ts); a route that names none is the admin's.

export const ROLES = ["admin", "kepala", "operator", "viewer"] as const satisfies readonly Role[];

export const ACTIONS = [
  /** Dashboards, permits, SOPs, calendars, batches, reports and alerts of one's offices. */
  "read",
  /** Upload exports, follow their jobs, remove sample data. */
  "import",
  /** Map an export's step names onto an SOP's steps. */
  "map_steps",
  /** Make reports. */
  "report",
  /** Acknowledge, assign and comment on alerts; resend a delivery. */
  "act_on_alerts",
  /** An office's compliance target, alert thresholds and channels. */
  "office_settings",
  /** SOPs, calendars, users, the audit log: everything else. */
  "administer",
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  kepala: ["read", "report", "act_on_alerts", "office_settings"],
  operator: ["read", "import", "map_steps"],
  viewer: ["read"],
};

export const can = (role: Role, action: Action): boolean => GRANTS[role].includes(action);
