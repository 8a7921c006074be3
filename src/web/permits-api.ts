import { type Access, accessKey, narrow } from "../db/repos/access.ts";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { isoWithOffset } from "../calendar/iso-offset.ts";
import { calendarFromVersions } from "../calendar/versions.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { findOffice } from "../db/repos/offices.ts";
import { compliance, GROUPINGS } from "../db/repos/compliance.ts";
import { findPermit, listPermits, PERMIT_SORTS } from "../db/repos/permits.ts";
import { BASES, type OfficeSet } from "../db/repos/scope.ts";
import type { AppDeps, AppEnv } from "./context.tsx";
import { usedByNow } from "./live-permit.ts";
import { pageCacheFor } from "./page-cache.ts";

// GET /api/v1/compliance, /api/v1/permits and /api/v1/permits/:id: SLA results, aggregated and per permit. Instants are ISO 8601
// with the office's offset, so a reader sees the office's own clock.

const PERMIT_STATUSES = ["on_time", "late", "open", "at_risk", "open_late", "not_measurable"] as const;

const listQuery = z.strictObject({
  office: z.string().min(1).optional(),
  status: z.enum(PERMIT_STATUSES).optional(),
  permit_type: z.string().min(1).optional(),
  q: z.string().min(1).max(100).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  basis: z.enum(BASES).default("submitted"),
  sort: z.enum(PERMIT_SORTS).default("attention"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
});

const complianceQuery = z
  .strictObject({
    office: z.string().min(1).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    permit_type: z.string().min(1).optional(),
    basis: z.enum(BASES).default("submitted"),
    by: z.enum(GROUPINGS).default("month"),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '"from" is after "to"', path: ["from"] });

const badRequest = (issues: z.core.$ZodIssue[]) => ({
  error: "invalid query",
  issues: issues.map((i) => ({ parameter: i.path.join(".") || String((i as { keys?: string[] }).keys?.join(", ") ?? ""), message: i.message })),
});

export function permitsApiRoutes({ db, clock }: AppDeps) {
  // Answers kept as the dashboard's pages are (src/web/page-cache.ts), keyed by their query.
  const cache = pageCacheFor(db, clock);
  const cached = (c: Context<AppEnv>, compute: () => Response | Promise<Response>) => {
    const url = new URL(c.req.url);
    // Whose answer it is: another user's offices are another answer.
    return cache.serve(c, `${url.pathname}${url.search} offices:${accessKey(c.get("access"))}`, compute);
  };
  const at = (d: Date | null, tz: string) => (d ? isoWithOffset(d, tz) : null);
  /** The office's id; undefined when none was asked for, null when it does not exist. */
  const officeIdOf = async (slug: string | undefined, access: Access): Promise<OfficeSet | null> => {
    if (slug === undefined) return narrow(access, undefined);
    return (await findOffice(db, slug, access))?.id ?? null;
  };
  return new Hono<AppEnv>()
    .get("/api/v1/compliance", (c) => cached(c, async () => {
      const parsed = complianceQuery.safeParse(c.req.query());
      if (!parsed.success) return c.json(badRequest(parsed.error.issues), 400);
      const q = parsed.data;
      const officeId = await officeIdOf(q.office, c.get("access"));
      if (officeId === null) return c.json({ error: "invalid query", issues: [{ parameter: "office", message: `unknown office "${q.office}"` }] }, 400);
      const rows = await compliance(db, { officeId, permitType: q.permit_type, from: q.from, to: q.to, basis: q.basis, by: q.by, now: clock.now() });
      return c.json({
        by: q.by,
        rows: rows.map((r) => ({ ...r, onTimeShare: r.finished > 0 ? r.onTime / r.finished : null })),
      });
    }))
    .get("/api/v1/permits", (c) => cached(c, async () => {
      const parsed = listQuery.safeParse(c.req.query());
      if (!parsed.success) return c.json(badRequest(parsed.error.issues), 400);
      const q = parsed.data;
      const officeId = await officeIdOf(q.office, c.get("access"));
      if (officeId === null) return c.json({ error: "invalid query", issues: [{ parameter: "office", message: `unknown office "${q.office}"` }] }, 400);
      const { total, rows } = await listPermits(db, { officeId, statuses: q.status ? [q.status] : undefined, permitType: q.permit_type, q: q.q, from: q.from, to: q.to, basis: q.basis, sort: q.sort, page: q.page, pageSize: q.page_size, now: clock.now() });
      return c.json({
        page: q.page,
        pageSize: q.page_size,
        total,
        permits: rows.map((r) => ({
          id: r.id,
          office: r.office_slug,
          permitNumber: r.permit_number,
          permitType: r.permit_type,
          submittedAt: at(r.submitted_at, r.timezone),
          receivedAt: at(r.received_at, r.timezone),
          dueAt: at(r.due_at, r.timezone),
          finishedAt: at(r.finished_at, r.timezone),
          status: r.status,
          workingSeconds: r.working_seconds,
          standardSeconds: r.standard_seconds,
          shareUsed: r.share_used,
        })),
      });
    }))
    .get("/api/v1/permits/:id", async (c) => {
      const id = z.coerce.number().int().positive().safeParse(c.req.param("id"));
      if (!id.success) return c.json({ error: "invalid permit id" }, 400);
      const now = clock.now();
      const found = await findPermit(db, id.data, now, c.get("access"));
      if (!found) return c.json({ error: "no such permit" }, 404);
      const office = await findOffice(db, found.office_slug, c.get("access"));
      const p = office ? usedByNow(found, calendarFromVersions(await calendarVersions(db, office.calendar_id)), now) : found;
      const tz = p.timezone;
      return c.json({
        id: p.id,
        office: p.office_slug,
        permitNumber: p.permit_number,
        permitType: p.permit_type,
        submittedAt: at(p.submitted_at, tz),
        sop: p.sop_slug ? { slug: p.sop_slug, version: p.sop_version } : null,
        calendarVersion: p.calendar_version,
        status: p.status,
        reason: p.reason,
        totalStandard: p.total_standard ? { kind: p.total_standard_kind, description: p.total_standard } : null,
        receivedAt: at(p.received_at, tz),
        dueAt: at(p.due_at, tz),
        finishedAt: at(p.finished_at, tz),
        workingSeconds: p.working_seconds,
        calendarSeconds: p.calendar_seconds,
        applicantPauseSeconds: p.applicant_pause_seconds,
        standardSeconds: p.standard_seconds,
        shareUsed: p.share_used,
        evaluatedAt: at(p.evaluated_at, tz),
        steps: p.steps.map((s) => ({
          id: s.id,
          sequence: s.sequence,
          stepName: s.step_name,
          sourceStepName: s.source_step_name,
          occurrence: s.occurrence,
          sopStep: s.position,
          owner: s.owner,
          standard: s.standard_value !== null && s.standard_unit !== null ? { value: s.standard_value, unit: s.standard_unit } : null,
          startedAt: at(s.started_at, tz),
          endedAt: at(s.ended_at, tz),
          dueAt: at(s.due_at, tz),
          workingSeconds: s.working_seconds,
          calendarSeconds: s.calendar_seconds,
          standardSeconds: s.standard_seconds,
          shareUsed: s.share_used,
          status: s.status,
          reason: s.reason,
          actor: s.actor,
          source: { file: s.source_file, row: s.source_row, status: s.source_status, cells: s.raw },
        })),
      });
    });
}
