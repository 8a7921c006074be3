import { narrow } from "../db/repos/access.ts";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { formValues } from "./form.ts";
import { type Calendar, localDate } from "../calendar/index.ts";
import { calendarFromVersions } from "../calendar/versions.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { bottlenecksOf, compliance, openStepCounts, statusCounts, stepShareHistogram } from "../db/repos/compliance.ts";
import { findOffice, listOffices, type OfficeListItem, setOfficeTarget } from "../db/repos/offices.ts";
import { eachPermit, findPermit, listPermits, type PermitQuery } from "../db/repos/permits.ts";
import type { Scope } from "../db/repos/scope.ts";
import { eachStep, listSteps, type StepQuery } from "../db/repos/step-occurrences.ts";
import { findSop, listSops, sopSteps, sopVersions } from "../db/repos/sops.ts";
import { BerandaPage } from "../../views/pages/dashboard/beranda.tsx";
import { OfficersPage, officersListed } from "../../views/pages/dashboard/officers.tsx";
import { PermitPage } from "../../views/pages/dashboard/permit.tsx";
import { PermitTypePage } from "../../views/pages/dashboard/permit-type.tsx";
import { PermitTypesPage, permitTypesListed } from "../../views/pages/dashboard/permit-types.tsx";
import { PermitsPage } from "../../views/pages/dashboard/permits.tsx";
import { StepsPage } from "../../views/pages/dashboard/steps.tsx";
import type { DashboardContext } from "../../views/pages/dashboard/shared.tsx";
import { ErrorPage } from "../../views/layout.tsx";
import { OPEN_STATUSES } from "../sla/index.ts";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { addMonths, lastDayOf } from "../calendar/months.ts";
import { isPermitSort, isStepSort, link, openNowList, type PageQuery, pageQuery, periodOf, sameDaysBefore } from "./dashboard-filters.ts";
import { notFound } from "./errors.tsx";
import { usedByNow } from "./live-permit.ts";
import { officersExport, permitTypesExport, permitsExport, sendList, stepsExport } from "./list-exports.ts";
import { pageCacheFor } from "./page-cache.ts";
import { SampleLoader } from "./sample-data.ts";
import { uncoveredDueYears } from "../calendar-coverage/uncovered-years.ts";
import { reportOfPeriod } from "../db/repos/reports.ts";
import { sharedTarget } from "../offices/target.ts";

// The pages heads of office open every morning: Beranda, Jenis izin, Permohonan (list and
// detail), Langkah and Petugas. Every figure comes from the stored verdicts through the query
// layer (src/db/repos/compliance.ts, permits.ts, step-occurrences.ts) that the JSON API uses too.

const PAGE_SIZE = 50;

const targetForm = z.object({
  target: z.coerce.number().int().min(1).max(100),
  // Back to the page the form was on; only a path of this app, never another site.
  back: z.string().regex(/^\/(?![/\\])/).optional().catch(undefined),
});

const DEFAULT_ZONE = "Asia/Jakarta";

export function dashboardRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const samples = new SampleLoader();
  const cache = pageCacheFor(db, clock);

  /**
   * A page from the cache (src/web/page-cache.ts), keyed by its URL and language. A recomputation's
   * progress banner is live, so while one runs pages are computed each time.
   */
  const cachedPage = (c: Context<AppEnv>, compute: () => Response | Promise<Response>, extra = "") => {
    if ((c.get("reevaluations") ?? []).length > 0) return compute();
    const url = new URL(c.req.url);
    // The header (who is signed in, the alert counter) is part of the page: another user, a new
    // alert or an acknowledgement is another answer; so is another session (its forms' CSRF token).
    return cache.serve(c, `${c.get("lang")} ${url.pathname}${url.search}${extra} user:${c.get("user")?.id ?? ""} forms:${pageContext(c).csrf ?? ""} alerts:${c.get("alertCount") ?? ""}`, compute);
  };

  // Read per request: a calendar saved a moment ago must show at once; reading costs one query.
  const calendarOf = async (office: OfficeListItem): Promise<Calendar> => calendarFromVersions(await calendarVersions(db, office.calendar_id));

  /** Parses the filters; answers 400 naming the parameter when one is wrong. */
  async function context(c: Context<AppEnv>): Promise<DashboardContext | Response> {
    const ctx = pageContext(c);
    const parsed = pageQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const param = String(issue.path[0] ?? "");
      const text = issue.code === "custom" && param === "from" && !issue.message.startsWith("unknown") ? ctx.t("badFilterOrder") : ctx.t("badFilterValue", { param, value: c.req.query(param) ?? "" });
      c.status(400);
      return c.render(<ErrorPage ctx={ctx} title={ctx.t("badFilter")} text={text} />);
    }
    const q: PageQuery = parsed.data;
    const offices = await listOffices(db, c.get("access"));
    // A user of one office reads their office's pages, as if they had chosen it.
    const own = c.get("access").offices !== "all" && offices.length === 1 ? offices[0] : undefined;
    const office = q.office === undefined ? own : offices.find((o) => o.slug === q.office);
    if (q.office !== undefined && !office) {
      c.status(400);
      return c.render(<ErrorPage ctx={ctx} title={ctx.t("badFilter")} text={`office: ${ctx.t("unknownOffice", { office: q.office })}`} />);
    }
    // Durations in working days use the office's day length; over several offices, theirs if they
    // share one, else durations are given in hours.
    const calendarsShown = await Promise.all((office ? [office] : offices).map(calendarOf));
    const calendar = calendarsShown.every((c) => c.dayLengthHours === calendarsShown[0]?.dayLengthHours) ? calendarsShown[0] : undefined;
    const timezone = calendar?.timezone ?? DEFAULT_ZONE;
    const period = periodOf(q, clock.now(), timezone);
    const sops = (await listSops(db, c.get("access"))).filter((s) => office === undefined || s.office_id === office.id);
    const permitTypes = [...new Set(sops.map((s) => s.permit_type))].sort((a, b) => a.localeCompare(b, "id"));
    const officeIds = office ? office.id : narrow(c.get("access"), undefined);
    return { ctx, q, offices, office, officeIds, calendar, timezone, period, permitTypes, sops, now: clock.now() };
  }

  // Nothing finishes after now: a period up to today is the same as one to the end of its month,
  // which the monthly rollup can answer (src/db/repos/rollup.ts).
  const scopeOf = (d: DashboardContext, extra: Partial<Scope> = {}): Scope => ({
    officeId: d.officeIds,
    permitType: d.q.permit_type,
    from: d.period.from,
    to: d.period.to >= localDate(d.now, d.timezone) ? lastDayOf(d.period.month) : d.period.to,
    basis: "finished",
    now: d.now,
    ...extra,
  });

  // Each list's filters as its query: one function per list, which its page and its export
  // (src/web/list-exports.ts) both call, so the file holds exactly the rows the page lists.
  const permitsQuery = (d: DashboardContext): { scope: Scope; filter: PermitQuery } => {
    // What is open now spans every date; any other list the period (figures link here with theirs).
    const scope: Scope = openNowList(d.q, d.period) ? { officeId: d.officeIds, permitType: d.q.permit_type, now: d.now } : scopeOf(d, { basis: d.q.basis ?? "submitted" });
    return { scope, filter: { ...scope, statuses: d.q.status, q: d.q.q, sort: isPermitSort(d.q.sort) ?? "attention" } };
  };
  const stepsQuery = (d: DashboardContext): { scope: Scope; filter: StepQuery } => {
    const scope: Scope = openNowList(d.q, d.period) ? { officeId: d.officeIds, permitType: d.q.permit_type, now: d.now } : scopeOf(d, { basis: d.q.basis ?? "finished" });
    return { scope, filter: { ...scope, sop: d.q.sop, position: d.q.position, owner: d.q.owner, officer: d.q.officer, shareFrom: d.q.share_from, shareTo: d.q.share_to, statuses: d.q.status, sort: isStepSort(d.q.sort) ?? "working" } };
  };
  const permitTypesRows = (d: DashboardContext) => compliance(db, { ...scopeOf(d), by: "permit_type" });
  const officersRows = async (d: DashboardContext) => {
    const [rows, openRows] = await Promise.all([
      compliance(db, { ...scopeOf(d), by: "officer" }, { percentiles: false }),
      openStepCounts(db, { officeId: d.officeIds, permitType: d.q.permit_type }, "officer"),
    ]);
    return { rows, openRows };
  };

  /** A list's export (src/web/list-exports.ts): never from the page cache, which holds pages. */
  const exported = (make: (c: Context<AppEnv>, d: DashboardContext) => Promise<Response>) => async (c: Context<AppEnv>) => {
    const d = await context(c);
    return d instanceof Response ? d : make(c, d);
  };
  const file = (c: Context<AppEnv>) => c.req.param("file") ?? "";

  async function beranda(c: Context<AppEnv>): Promise<Response> {
    const d = await context(c);
    if (d instanceof Response) return d;
    const { month, monthTo } = d.period;
    const previous = addMonths(month, -1);
    // The headline month against the same days of the month before (a month under way against
    // a whole one would always look worse); up to today is the whole month, which the rollup answers.
    const thisDays = { from: `${month}-01`, to: monthTo };
    const previousDays = sameDaysBefore(month, monthTo);
    const countedTo = monthTo >= localDate(d.now, d.timezone) ? lastDayOf(month) : monthTo;
    const trendFrom = addMonths(month, -11);
    const counts = { percentiles: false };
    const shownOffices = d.office ? [d.office] : d.offices;
    const [thisMonth, lastMonth, openNow, trend, byType, bySteps, byOwner, anyPermit, uncovered, lastReport] = await Promise.all([
      compliance(db, { ...scopeOf(d, { from: thisDays.from, to: countedTo }), by: "month" }),
      compliance(db, { ...scopeOf(d, previousDays), by: "month" }),
      statusCounts(db, { officeId: d.officeIds, permitType: d.q.permit_type, now: d.now }, OPEN_STATUSES),
      compliance(db, { ...scopeOf(d, { from: `${trendFrom}-01`, to: lastDayOf(month) }), by: "month" }, counts),
      compliance(db, { ...scopeOf(d), by: "permit_type" }, counts),
      compliance(db, { ...scopeOf(d), by: "step" }, counts),
      compliance(db, { ...scopeOf(d), by: "owner" }, counts),
      db.selectFrom("permit").select("id").limit(1).executeTakeFirst(),
      Promise.all(shownOffices.map(async (o) => ({ slug: o.slug, years: await uncoveredDueYears(db, o) }))),
      d.office ? reportOfPeriod(db, d.office.id, `${previous}-01`, lastDayOf(previous)) : Promise.resolve(undefined),
    ]);
    return c.render(
      <BerandaPage
        d={d}
        thisMonth={thisMonth[0]}
        lastMonth={lastMonth[0]}
        thisDays={thisDays}
        previousDays={previousDays}
        target={sharedTarget(shownOffices)}
        openNow={openNow}
        trend={trend}
        trendFrom={trendFrom}
        byType={byType}
        bySteps={bottlenecksOf(bySteps)}
        byOwner={byOwner}
        empty={anyPermit === undefined}
        samples={samples.status}
        uncovered={uncovered.filter((u) => u.years.length > 0)}
        lastReportHref={lastReport ? `/laporan/${lastReport.id}/unduh` : null}
      />,
    );
  }

  return new Hono<AppEnv>()
    // While sample data loads, Beranda shows its progress: computed each time.
    .get("/", (c) => (samples.status.state === "running" ? beranda(c) : cachedPage(c, () => beranda(c), ` samples:${samples.status.state}`)))
    .post("/kantor/:office/target", async (c) => {
      const office = await findOffice(db, c.req.param("office"), c.get("access"));
      if (!office) return notFound(c);
      const form = targetForm.safeParse(formValues(await c.req.parseBody()));
      if (!form.success) {
        c.status(400);
        const ctx = pageContext(c);
        return c.render(<ErrorPage ctx={ctx} title={ctx.t("badTargetTitle")} text={ctx.t("badTarget")} />);
      }
      await setOfficeTarget(db, office.id, form.data.target / 100);
      return c.redirect(form.data.back ?? link("/", { office: office.slug }), 303);
    })
    .post("/contoh", async (c) => {
      // Offered only while nothing is stored: sample data must never mix with an office's own.
      if ((await db.selectFrom("permit").select("id").limit(1).executeTakeFirst()) === undefined) samples.start(deps);
      return c.redirect("/", 303);
    })
    .get("/jenis-izin", (c) =>
      cachedPage(c, async () => {
        const d = await context(c);
        if (d instanceof Response) return d;
        return c.render(<PermitTypesPage d={d} rows={await permitTypesRows(d)} />);
      }),
    )
    // Before /jenis-izin/:sop, which would take "unduh.csv" for an SOP.
    .get(
      "/jenis-izin/:file{unduh\\.(?:csv|xlsx)}",
      exported(async (c, d) => sendList(c, d, file(c), permitTypesExport(d, scopeOf(d), permitTypesListed(d, await permitTypesRows(d))))),
    )
    .get("/jenis-izin/:sop", (c) =>
      cachedPage(c, async () => {
        const d = await context(c);
        if (d instanceof Response) return d;
        const sop = await findSop(db, c.req.param("sop"), c.get("access"));
        if (!sop) return notFound(c);
        const office = d.offices.find((o) => o.id === sop.office_id);
        // The page is about one SOP: its office and type are the filters, whatever the URL said.
        const scoped: DashboardContext = { ...d, office, officeIds: office?.id, calendar: office ? await calendarOf(office) : d.calendar, q: { ...d.q, office: office?.slug, permit_type: sop.permit_type } };
        const stepScope = { ...scopeOf(scoped), sop: sop.slug };
        const [steps, openSteps, histogram, versions] = await Promise.all([
          compliance(db, { ...stepScope, by: "step" }),
          // What is open now has no end to place it in the period.
          openStepCounts(db, { officeId: office?.id, sop: sop.slug }, "position"),
          stepShareHistogram(db, stepScope),
          sopVersions(db, sop.id),
        ]);
        const latest = versions[versions.length - 1];
        const sopStepRows = latest ? await sopSteps(db, latest.id) : [];
        return c.render(<PermitTypePage d={scoped} sop={sop} steps={steps} openSteps={openSteps} histogram={histogram} sopSteps={sopStepRows} />);
      }),
    )
    .get("/permohonan", (c) =>
      cachedPage(c, async () => {
        const d = await context(c);
        if (d instanceof Response) return d;
        const { scope, filter } = permitsQuery(d);
        const page = d.q.page ?? 1;
        const counts = await statusCounts(db, scope);
        const list = await listPermits(db, { ...filter, page, pageSize: PAGE_SIZE }, counts);
        return c.render(<PermitsPage d={d} list={list} counts={counts} page={page} pageSize={PAGE_SIZE} sort={filter.sort ?? "attention"} />);
      }),
    )
    // Before /permohonan/:id.
    .get(
      "/permohonan/:file{unduh\\.(?:csv|xlsx)}",
      exported(async (c, d) => {
        const { scope, filter } = permitsQuery(d);
        return sendList(c, d, file(c), permitsExport(d, scope, eachPermit(db, filter)));
      }),
    )
    .get("/permohonan/:id", async (c) => {
      const d = await context(c);
      if (d instanceof Response) return d;
      const id = Number(c.req.param("id"));
      const permit = Number.isSafeInteger(id) && id > 0 ? await findPermit(db, id, d.now, c.get("access")) : undefined;
      if (!permit) return notFound(c);
      const office = await findOffice(db, permit.office_slug, c.get("access"));
      const calendar = office ? await calendarOf(office) : d.calendar;
      const shown = calendar ? usedByNow(permit, calendar, d.now) : permit;
      return c.render(<PermitPage d={{ ...d, office, officeIds: office?.id, calendar, timezone: permit.timezone }} permit={shown} />);
    })
    .get("/langkah", (c) =>
      cachedPage(c, async () => {
        const d = await context(c);
        if (d instanceof Response) return d;
        const page = d.q.page ?? 1;
        const { filter } = stepsQuery(d);
        const list = await listSteps(db, { ...filter, page, pageSize: PAGE_SIZE });
        return c.render(<StepsPage d={d} list={list} page={page} pageSize={PAGE_SIZE} sort={filter.sort ?? "working"} />);
      }),
    )
    .get(
      "/langkah/:file{unduh\\.(?:csv|xlsx)}",
      exported(async (c, d) => {
        const { scope, filter } = stepsQuery(d);
        return sendList(c, d, file(c), stepsExport(d, scope, eachStep(db, filter)));
      }),
    )
    .get("/petugas", (c) =>
      cachedPage(c, async () => {
        const d = await context(c);
        if (d instanceof Response) return d;
        const { rows, openRows } = await officersRows(d);
        return c.render(<OfficersPage d={d} rows={rows} openRows={openRows} />);
      }),
    )
    .get(
      "/petugas/:file{unduh\\.(?:csv|xlsx)}",
      exported(async (c, d) => {
        const { rows, openRows } = await officersRows(d);
        return sendList(c, d, file(c), officersExport(d, scopeOf(d), officersListed(rows, openRows), openRows));
      }),
    );
}
