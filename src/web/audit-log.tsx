import { Hono } from "hono";
import { z } from "zod";
import { MS_PER_DAY } from "../calendar/zoned-time.ts";
import { listAudit } from "../db/repos/audit-log.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { listOffices } from "../db/repos/offices.ts";
import { zonedWallToInstant } from "../ingest/zone.ts";
import { AuditLogPage } from "../../views/pages/audit-log.tsx";
import { ErrorPage } from "../../views/layout.tsx";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { optional } from "./dashboard-filters.ts";

// The audit log's page, the admin's alone (not in src/web/route-access.ts): newest first, its
// filters in the URL.

const PAGE_SIZE = 50;

const auditQuery = z
  .object({
    from: optional(z.iso.date()),
    to: optional(z.iso.date()),
    user: optional(z.string().trim().max(320)),
    action: optional(z.string().max(200)),
    q: optional(z.string().max(200)),
    page: optional(z.coerce.number().int().min(1).max(100_000)),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '"from" is after "to"', path: ["from"] });

export type AuditQuery = z.infer<typeof auditQuery>;

export function auditLogRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>().get("/admin/audit", async (c) => {
    const ctx = pageContext(c);
    const parsed = auditQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const param = String(issue.path[0] ?? "");
      c.status(400);
      return c.render(<ErrorPage ctx={ctx} title={ctx.t("badFilter")} text={issue.code === "custom" ? ctx.t("badFilterOrder") : ctx.t("badFilterValue", { param, value: c.req.query(param) ?? "" })} />);
    }
    const q = parsed.data;
    // Dates as the offices read them: the first office's zone (a province's offices share one).
    const [office] = await listOffices(db, c.get("access"));
    const zone = (office ? (await calendarVersions(db, office.calendar_id))[0]?.definition.timezone : undefined) ?? "Asia/Jakarta";
    const midnight = (date: string, days = 0) => new Date(zonedWallToInstant(zone, Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY));
    const page = q.page ?? 1;
    const list = await listAudit(db, { from: q.from ? midnight(q.from) : undefined, to: q.to ? midnight(q.to, 1) : undefined, user: q.user, action: q.action, q: q.q }, { page, pageSize: PAGE_SIZE });
    return c.render(<AuditLogPage ctx={ctx} q={q} list={list} page={page} pageSize={PAGE_SIZE} timezone={zone} />);
  });
}
