import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { localDate } from "../calendar/index.ts";
import { addMonths } from "../calendar/months.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { findOffice, listOffices } from "../db/repos/offices.ts";
import { findReport, listReports } from "../db/repos/reports.ts";
import { makeReport, reportDownloadName } from "../reports/make-report.ts";
import { daysPeriod, monthPeriod, PeriodError, type ReportPeriod } from "../reports/period.ts";
import { ReportsPage } from "../../views/pages/reports.tsx";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";
import { formValues } from "./form.ts";

// Laporan: reports made so far, made now on request (in the background: the page reloads until
// it is done), downloaded as a stream from disk.

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const reportForm = z.object({
  office: z.string().min(1),
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
    const offices = await listOffices(db);
    const zone = offices[0] ? ((await calendarVersions(db, offices[0].calendar_id))[0]?.definition.timezone ?? "Asia/Jakarta") : "Asia/Jakarta";
    const reports = await listReports(db);
    return c.render(<ReportsPage ctx={pageContext(c)} offices={offices} reports={reports} defaultMonth={addMonths(localDate(clock.now(), zone).slice(0, 7), -1)} timezone={zone} {...(error ? { error } : {})} />);
  }

  function start(office: Awaited<ReturnType<typeof findOffice>> | null, period: ReportPeriod, lang: "id" | "en") {
    // Who asked: the page, until issue 14 signs users in.
    const work = makeReport(db, clock, { office: office ?? null, period, lang, madeBy: "halaman", dir }).catch((err: unknown) => deps.logger.error({ err }, "making a report failed"));
    deps.background?.(work);
  }

  return new Hono<AppEnv>()
    .get("/laporan", (c) => page(c))
    .post("/laporan", async (c) => {
      const form = reportForm.safeParse(formValues(await c.req.parseBody()));
      const t = pageContext(c).t;
      if (!form.success) {
        c.status(400);
        return page(c, form.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      }
      const f = form.data;
      const office = f.office === "semua" ? null : await findOffice(db, f.office);
      if (office === undefined) {
        c.status(400);
        return page(c, `office: ${t("unknownOffice", { office: f.office })}`);
      }
      let period: ReportPeriod;
      try {
        period = f.from && f.to ? daysPeriod(f.from, f.to) : monthPeriod(f.month ?? "");
      } catch (err) {
        if (!(err instanceof PeriodError)) throw err;
        c.status(400);
        return page(c, t("reportBadPeriod", { reason: err.message }));
      }
      start(office, period, f.lang);
      return c.redirect("/laporan", 303);
    })
    .post("/laporan/:id/ulang", async (c) => {
      const id = idParam.safeParse(c.req.param("id"));
      const r = id.success ? await findReport(db, id.data) : undefined;
      if (!r) return notFound(c);
      const office = r.office_slug ? await findOffice(db, r.office_slug) : null;
      start(office ?? null, daysPeriod(r.period_from, r.period_to), r.lang);
      return c.redirect("/laporan", 303);
    })
    .get("/laporan/:id/unduh", async (c) => {
      const id = idParam.safeParse(c.req.param("id"));
      const r = id.success ? await findReport(db, id.data) : undefined;
      if (!r || r.status !== "done" || !r.file_name) return notFound(c);
      const path = join(dir, r.file_name);
      const info = await stat(path).catch(() => null);
      if (!info) return notFound(c);
      return c.body(Readable.toWeb(createReadStream(path)) as ReadableStream, 200, {
        "content-type": XLSX,
        "content-length": String(info.size),
        "content-disposition": `attachment; filename="${reportDownloadName(r.office_slug, { from: r.period_from, to: r.period_to }, r.lang)}"`,
      });
    });
}
