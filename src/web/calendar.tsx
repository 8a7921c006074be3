import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { diffCalendars } from "../calendar/diff.ts";
import { type HolidayImport, HolidayImportError, mergeHolidayImport } from "../calendar/holiday-import.ts";
import { importIcs } from "../calendar/import-ics.ts";
import { importPastedHolidays } from "../calendar/holiday-paste.ts";
import { importSicantikKalender } from "../ingest/sicantik-kalender.ts";
import { dayOfWeek, localDate, workingHoursOf } from "../calendar/index.ts";
import { HOLIDAY_KINDS, holidaySchema, normalizeHoliday, WEEKDAYS } from "../calendar/schema.ts";
import { versionInForce } from "../calendar/versions.ts";
import { type CalendarVersion, calendarVersions, insertCalendarVersion } from "../db/repos/calendars.ts";
import { findOffice, type OfficeListItem } from "../db/repos/offices.ts";
import { uncoveredDueYears } from "../calendar-coverage/uncovered-years.ts";
import { readRows, RowsError } from "../ingest/read-rows.ts";
import { CalendarPage } from "../../views/pages/calendar.tsx";
import { CalendarEditPage } from "../../views/pages/calendar-edit.tsx";
import { CalendarImportPage, CalendarImportPreviewPage } from "../../views/pages/calendar-import.tsx";
import { describeHolidayImportError } from "../../views/components/messages.ts";
import { calendarFromForm, calendarToForm } from "./calendar-form.ts";
import { formValues } from "./form.ts";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";
import type { Reevaluations } from "./reevaluate.ts";

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

const versionQuery = z.object({ versi: z.coerce.number().int().positive().optional() });
const pasteYear = z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1900).max(2199).optional());

// What the import preview posts back: re-checked, since a form field can hold anything.
const importPayload = z.object({
  holidays: z.array(holidaySchema).max(5000),
  closedWeekdays: z.array(z.enum(WEEKDAYS)),
});

export function calendarRoutes(deps: AppDeps, reevaluations: Reevaluations) {
  const { db, clock } = deps;
  async function load(c: Context<AppEnv>) {
    const office = await findOffice(db, c.req.param("office") ?? "", c.get("access"));
    if (!office) return null;
    const versions = await calendarVersions(db, office.calendar_id);
    const latest = versions[0];
    if (!latest) return null;
    const today = localDate(clock.now(), latest.definition.timezone);
    return { office, versions, latest, today };
  }

  async function saveVersion(office: OfficeListItem, v: Pick<CalendarVersion, "validFrom" | "definition" | "note">) {
    const version = await db.transaction().execute((trx) => insertCalendarVersion(trx, office.calendar_id, v));
    reevaluations.start(deps, { officeId: office.id }, `calendar version ${version} of ${office.slug}`);
    return version;
  }

  return new Hono<AppEnv>()
    .get("/kantor/:office/kalender", async (c) => {
      const loaded = await load(c);
      const query = versionQuery.safeParse(c.req.query());
      if (!loaded || !query.success) return notFound(c);
      const { office, versions, today } = loaded;
      const inForce = versionInForce(versions, today);
      const version = query.data.versi ? versions.find((v) => v.version === query.data.versi) : inForce;
      if (!version) return notFound(c);
      const previous = versions.find((v) => v.version === version.version - 1);
      const uncovered = await uncoveredDueYears(db, office);
      const byYear = new Map<string, (ReturnType<typeof normalizeHoliday> & { weekend: boolean })[]>();
      for (const h of version.definition.holidays.map(normalizeHoliday).sort((a, b) => a.date.localeCompare(b.date))) {
        const year = h.date.slice(0, 4);
        byYear.set(year, [...(byYear.get(year) ?? []), { ...h, weekend: dayOfWeek(h.date) >= 6 }]);
      }
      return c.render(
        <CalendarPage
          ctx={pageContext(c)}
          office={office}
          version={version}
          versions={versions}
          inForce={inForce.version}
          diff={previous ? diffCalendars(previous.definition, version.definition) : null}
          holidaysByYear={[...byYear].map(([year, holidays]) => ({ year, holidays }))}
          hoursOf={workingHoursOf}
          uncovered={uncovered}
        />,
      );
    })
    .get("/kantor/:office/kalender/ubah", async (c) => {
      const loaded = await load(c);
      if (!loaded) return notFound(c);
      const { office, latest, today } = loaded;
      const validFrom = latest.validFrom && latest.validFrom > today ? latest.validFrom : today;
      return c.render(
        <CalendarEditPage ctx={pageContext(c)} office={office} values={calendarToForm(latest.definition, validFrom)} errors={{}} latestVersion={latest.version} />,
      );
    })
    .post("/kantor/:office/kalender/ubah", bodyLimit({ maxSize: MAX_UPLOAD_BYTES }), async (c) => {
      const loaded = await load(c);
      if (!loaded) return notFound(c);
      const { office, latest } = loaded;
      const values = formValues(await c.req.parseBody());
      const result = calendarFromForm(values, latest.validFrom, pageContext(c).t);
      if (!result.ok) {
        c.status(422);
        return c.render(<CalendarEditPage ctx={pageContext(c)} office={office} values={values} errors={result.errors} latestVersion={latest.version} />);
      }
      const version = await saveVersion(office, { validFrom: result.validFrom, definition: result.definition, note: result.note });
      return c.redirect(`/kantor/${office.slug}/kalender?versi=${version}#perubahan`, 303);
    })
    .get("/kantor/:office/kalender/impor", async (c) => {
      const loaded = await load(c);
      if (!loaded) return notFound(c);
      return c.render(<CalendarImportPage ctx={pageContext(c)} office={loaded.office} />);
    })
    .post("/kantor/:office/kalender/impor", bodyLimit({ maxSize: MAX_UPLOAD_BYTES }), async (c) => {
      const loaded = await load(c);
      if (!loaded) return notFound(c);
      const { office, latest, today } = loaded;
      const ctx = pageContext(c);
      const body = await c.req.parseBody();
      const file = body.file;
      const pasted = typeof body.text === "string" ? body.text.trim() : "";
      const kind = HOLIDAY_KINDS.find((k) => k === body.kind) ?? "libur_nasional";
      const year = pasteYear.safeParse(body.year);
      if (pasted === "" && (!(file instanceof File) || file.size === 0)) {
        c.status(400);
        return c.render(<CalendarImportPage ctx={ctx} office={office} error={ctx.t("noFileOrText")} />);
      }
      let imported: HolidayImport;
      let source: string;
      try {
        if (pasted !== "") {
          // A year's SKB list pasted from the decree or the news.
          source = ctx.t("pastedList");
          imported = importPastedHolidays(pasted, { kind, ...(year.success && year.data !== undefined ? { year: year.data } : {}) });
        } else {
          const upload = file as File;
          source = upload.name;
          const text = await upload.text();
          // Recurring events are expanded to the end of the year after next.
          const until = `${Number(today.slice(0, 4)) + 2}-12-31`;
          imported = /\.ics$/i.test(upload.name) || /^\s*BEGIN:VCALENDAR/i.test(text)
            ? importIcs(text, { fileName: upload.name, kind, until })
            : importSicantikKalender(readRows(text, upload.name), { fileName: upload.name, kind });
        }
      } catch (err) {
        if (!(err instanceof HolidayImportError || err instanceof RowsError)) throw err;
        c.status(422);
        const error = err instanceof HolidayImportError ? describeHolidayImportError(err, ctx.t) : err.message;
        return c.render(<CalendarImportPage ctx={ctx} office={office} error={error} />);
      }
      const merged = mergeHolidayImport(latest.definition, imported);
      const payload = JSON.stringify({ holidays: merged.added, closedWeekdays: merged.closed });
      return c.render(
        <CalendarImportPreviewPage
          ctx={ctx}
          office={office}
          fileName={source}
          added={merged.added}
          alreadyThere={merged.alreadyThere}
          closed={merged.closed}
          warnings={imported.warnings}
          payload={payload}
          validFrom={latest.validFrom && latest.validFrom > today ? latest.validFrom : today}
        />,
      );
    })
    .post("/kantor/:office/kalender/impor/simpan", bodyLimit({ maxSize: MAX_UPLOAD_BYTES }), async (c) => {
      const loaded = await load(c);
      if (!loaded) return notFound(c);
      const { office, latest } = loaded;
      const values = formValues(await c.req.parseBody());
      let payload: z.infer<typeof importPayload>;
      try {
        payload = importPayload.parse(JSON.parse(values.payload ?? ""));
      } catch {
        return c.text("Invalid import payload", 400);
      }
      const form = calendarToForm(mergeHolidayImport(latest.definition, { ...payload, holidays: payload.holidays.map(normalizeHoliday), warnings: [] }).definition, values.valid_from ?? "");
      const result = calendarFromForm({ ...form, note: values.note ?? "" }, latest.validFrom, pageContext(c).t);
      if (!result.ok) {
        c.status(422);
        return c.render(<CalendarEditPage ctx={pageContext(c)} office={office} values={{ ...form, note: values.note ?? "" }} errors={result.errors} latestVersion={latest.version} />);
      }
      const version = await saveVersion(office, { validFrom: result.validFrom, definition: result.definition, note: result.note });
      return c.redirect(`/kantor/${office.slug}/kalender?versi=${version}#perubahan`, 303);
    });
}
