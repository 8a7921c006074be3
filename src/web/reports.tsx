import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { localDate } from "../calendar/index.ts";
import { addMonths } from "../calendar/months.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { listOffices, type OfficeListItem } from "../db/repos/offices.ts";
import { findReport, listReports } from "../db/repos/reports.ts";
import { makeReport, reportDownloadName, reportOffices } from "../reports/make-report.ts";
import { daysPeriod, monthPeriod, PeriodError, type ReportPeriod } from "../reports/period.ts";
import { ReportsPage } from "../../views/pages/reports.tsx";
import { actorOf, type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";
import { formValues } from "./form.ts";

// Laporan: reports made so far, made now on request (in the background: the page reloads until
// it is done), downloaded as a stream from disk.

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const reportForm = z.object({
  // One checkbox per office, and "semua": one value or several.
  office: z.union([z.string(), z.array(z.string())]).transform((v) => (typeof v === "string" ? [v] : v).filter((s) => s !== "")),
  month: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  lang: z.enum(["id", "en"]).default("id"),
});

const idParam = z.coerce.number().int().positive();

export function reportRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const dir = resolve(deps.reportsDir ?? "reports");

  async function page(c: Context<AppEnv>, error?: string) {
    const offices = await listOffices(db, c.get("access"));
    const zone = offices[0] ? ((await calendarVersions(db, offices[0].calendar_id))[0]?.definition.timezone ?? "Asia/Jakarta") : "Asia/Jakarta";
    const reports = await listReports(db, c.get("access"));
    return c.render(<ReportsPage ctx={pageContext(c)} offices={offices} reports={reports} defaultMonth={addMonths(localDate(clock.now(), zone).slice(0, 7), -1)} timezone={zone} {...(error ? { error } : {})} />);
  }

  function start(c: Context<AppEnv>, offices: readonly OfficeListItem[] | null, period: ReportPeriod, lang: "id" | "en") {
    const work = makeReport(db, clock, { offices, period, lang, madeBy: actorOf(c), dir }).catch((err: unknown) => deps.logger.error({ err }, "making a report failed"));
    deps.background?.(work);
  }

  return new Hono<AppEnv>()
    .get("/laporan", (c) => page(c))
    .post("/laporan", async (c) => {
      const body = await c.req.parseBody({ all: true });
      const form = reportForm.safeParse({ ...formValues(body), office: body.office ?? [] });
      const t = pageContext(c).t;
      if (!form.success) {
        c.status(400);
        return page(c, form.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      }
      const f = form.data;
      const { offices, unknown } = await reportOffices(db, f.office, c.get("access"));
      if (unknown.length > 0 || offices?.length === 0) {
        c.status(400);
        return page(c, `office: ${unknown.length > 0 ? unknown.map((office) => t("unknownOffice", { office })).join("; ") : t("reportNoOffice")}`);
      }
      let period: ReportPeriod;
      try {
        period = f.from && f.to ? daysPeriod(f.from, f.to) : monthPeriod(f.month ?? "");
      } catch (err) {
        if (!(err instanceof PeriodError)) throw err;
        c.status(400);
        return page(c, t("reportBadPeriod", { reason: err.message }));
      }
      start(c, offices, period, f.lang);
      return c.redirect("/laporan", 303);
    })
    .post("/laporan/:id/ulang", async (c) => {
      const id = idParam.safeParse(c.req.param("id"));
      const r = id.success ? await findReport(db, id.data, c.get("access")) : undefined;
      if (!r) return notFound(c);
      const offices = r.office_slugs ? (await reportOffices(db, r.office_slugs, c.get("access"))).offices : null;
      start(c, offices, daysPeriod(r.period_from, r.period_to), r.lang);
      return c.redirect("/laporan", 303);
    })
    .get("/laporan/:id/unduh", async (c) => {
      const id = idParam.safeParse(c.req.param("id"));
      const r = id.success ? await findReport(db, id.data, c.get("access")) : undefined;
      if (!r || r.status !== "done" || !r.file_name) return notFound(c);
      const path = join(dir, r.file_name);
      const info = await stat(path).catch(() => null);
      if (!info) return notFound(c);
      return c.body(Readable.toWeb(createReadStream(path)) as ReadableStream, 200, {
        "content-type": XLSX,
        "content-length": String(info.size),
        "content-disposition": `attachment; filename="${reportDownloadName(r.office_slugs, { from: r.period_from, to: r.period_to }, r.lang)}"`,
      });
    });
}
