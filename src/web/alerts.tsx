import { type Access, narrow } from "../db/repos/access.ts";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { isIsoDate } from "../calendar/zoned-time.ts";
import { deliveriesOfAlert, resendDelivery } from "../db/repos/alert-deliveries.ts";
import { actOnAlert, alertEvents, alertPermitTypes, findAlert, listAlerts, type AlertFilter } from "../db/repos/alerts.ts";
import { findOffice, listOffices } from "../db/repos/offices.ts";
import { AlertPage, AlertsPage } from "../../views/pages/alerts.tsx";
import { translator, type Translate } from "../../views/i18n.ts";
import { ErrorPage } from "../../views/layout.tsx";
import { actorOf, type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";
import { formValues } from "./form.ts";

// Peringatan: the alerts list with its filters, one alert with its history, and what a reader
// does to it (acknowledge, assign, comment), as plain form posts; the same list as JSON.

const PAGE_SIZE = 50;
const isoDate = z.string().refine(isIsoDate, "expected a date YYYY-MM-DD");
const blankAsUndefined = (v: unknown) => (v === "" ? undefined : v);

const alertQuery = z.object({
  office: z.preprocess(blankAsUndefined, z.string().max(100).optional()),
  permit_type: z.preprocess(blankAsUndefined, z.string().max(300).optional()),
  level: z.preprocess(blankAsUndefined, z.enum(["warning", "warning2", "breach"]).optional()),
  state: z.preprocess(blankAsUndefined, z.enum(["new", "acknowledged", "resolved"]).optional()),
  from: z.preprocess(blankAsUndefined, isoDate.optional()),
  to: z.preprocess(blankAsUndefined, isoDate.optional()),
  page: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(100_000).optional()),
});
type AlertQuery = z.infer<typeof alertQuery>;

const idParam = z.coerce.number().int().positive();
const assignForm = z.object({ to: z.string().trim().min(1).max(100) });
const commentForm = z.object({ text: z.string().trim().min(1).max(2000) });
const acknowledgeForm = z.object({ back: z.string().optional() });

export function alertRoutes(deps: AppDeps) {
  const { db, clock } = deps;

  /** The filter the query asks for; a message when it names an unknown office. */
  async function filterOf(q: AlertQuery, t: Translate, access: Access): Promise<AlertFilter | string> {
    const office = q.office ? await findOffice(db, q.office, access) : undefined;
    if (q.office && !office) return `office: ${t("unknownOffice", { office: q.office })}`;
    return { officeId: narrow(access, office?.id), level: q.level, state: q.state, permitType: q.permit_type, from: q.from, to: q.to };
  }


  async function detail(c: Context<AppEnv>, id: number, error?: string) {
    const alert = await findAlert(db, id, c.get("access"));
    if (!alert) return notFound(c);
    return c.render(<AlertPage ctx={pageContext(c)} alert={alert} events={await alertEvents(db, id)} deliveries={await deliveriesOfAlert(db, id, c.get("access"))} {...(error ? { error } : {})} />);
  }

  async function act(c: Context<AppEnv>, run: (id: number) => Promise<boolean | string>) {
    const id = idParam.safeParse(c.req.param("id"));
    if (!id.success) return notFound(c);
    const done = await run(id.data);
    if (done === false) return notFound(c);
    if (typeof done === "string") {
      c.status(400);
      return detail(c, id.data, done);
    }
    return c.redirect(`/peringatan/${id.data}`, 303);
  }

  const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");

  return new Hono<AppEnv>()
    .get("/peringatan", async (c) => {
      const ctx = pageContext(c);
      const q = alertQuery.safeParse(c.req.query());
      const filter = q.success ? await filterOf(q.data, ctx.t, c.get("access")) : issues(q.error);
      if (typeof filter === "string" || !q.success) {
        c.status(400);
        return c.render(<ErrorPage ctx={ctx} title={ctx.t("badFilter")} text={typeof filter === "string" ? filter : ""} />);
      }
      const page = q.data.page ?? 1;
      const [offices, permitTypes, list] = await Promise.all([
        listOffices(db, c.get("access")),
        alertPermitTypes(db, filter.officeId),
        listAlerts(db, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      ]);
      return c.render(<AlertsPage ctx={ctx} offices={offices} permitTypes={permitTypes} q={q.data} total={list.total} alerts={list.alerts} page={page} pageSize={PAGE_SIZE} />);
    })
    .get("/peringatan/:id", (c) => {
      const id = idParam.safeParse(c.req.param("id"));
      return id.success ? detail(c, id.data) : notFound(c);
    })
    .post("/peringatan/:id/tandai", async (c) => {
      const form = acknowledgeForm.safeParse(formValues(await c.req.parseBody()));
      if (!form.success) return act(c, async () => issues(form.error));
      const id = idParam.safeParse(c.req.param("id"));
      if (!id.success || !(await actOnAlert(db, id.data, { kind: "acknowledged" }, actorOf(c), clock.now(), c.get("access")))) return notFound(c);
      // Back to the list it was acknowledged from, filters kept; never to another site.
      const back = form.data.back;
      return c.redirect(back && back.startsWith("/peringatan") && !back.startsWith("//") ? back : `/peringatan/${id.data}`, 303);
    })
    .post("/peringatan/:id/tugaskan", async (c) => {
      const form = assignForm.safeParse(formValues(await c.req.parseBody()));
      const t = pageContext(c).t;
      return act(c, (id) => (form.success ? actOnAlert(db, id, { kind: "assigned", to: form.data.to }, actorOf(c), clock.now(), c.get("access")) : Promise.resolve(t("alertNeedsText", { field: t("alertAssignTo") }))));
    })
    .post("/peringatan/:id/komentar", async (c) => {
      const form = commentForm.safeParse(formValues(await c.req.parseBody()));
      const t = pageContext(c).t;
      return act(c, (id) => (form.success ? actOnAlert(db, id, { kind: "comment", text: form.data.text }, actorOf(c), clock.now(), c.get("access")) : Promise.resolve(t("alertNeedsText", { field: t("alertComment") }))));
    })
    .post("/peringatan/:id/pengiriman/:delivery/kirim-ulang", async (c) => {
      const delivery = idParam.safeParse(c.req.param("delivery"));
      const t = pageContext(c).t;
      return act(c, async (id) => {
        // Only a delivery of this alert; one that has not failed is said so, not sent twice.
        if (!delivery.success || !(await deliveriesOfAlert(db, id, c.get("access"))).some((d) => d.id === delivery.data)) return false;
        return (await resendDelivery(db, delivery.data, clock.now(), actorOf(c))) || t("deliveryResendNone");
      });
    })
    .get("/api/v1/alerts", async (c) => {
      const q = alertQuery.safeParse(c.req.query());
      const filter = q.success ? await filterOf(q.data, translator("en"), c.get("access")) : issues(q.error);
      if (typeof filter === "string" || !q.success) return c.json({ error: typeof filter === "string" ? filter : "" }, 400);
      const page = q.data.page ?? 1;
      const list = await listAlerts(db, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      return c.json({
        total: list.total,
        page,
        pageSize: PAGE_SIZE,
        alerts: list.alerts.map((a) => ({
          id: a.id,
          office: a.office_slug,
          permitId: a.permit_id,
          permitNumber: a.permit_number,
          permitType: a.permit_type,
          step: a.step_record_id === null ? null : { position: a.position, name: a.step_name, officer: a.actor },
          level: a.level,
          crossedAt: a.crossed_at.toISOString(),
          raisedAt: a.raised_at.toISOString(),
          foundAtImport: a.found_at_import,
          dueAt: a.due_at?.toISOString() ?? null,
          acknowledgedAt: a.acknowledged_at?.toISOString() ?? null,
          acknowledgedBy: a.acknowledged_by,
          assignee: a.assignee,
          resolvedAt: a.resolved_at?.toISOString() ?? null,
        })),
      });
    });
}
