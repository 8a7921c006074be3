import { Hono } from "hono";
import { dayOfWeek, workingHoursOf } from "../calendar/index.ts";
import { normalizeHoliday } from "../calendar/schema.ts";
import { calendarInForce } from "../db/repos/calendars.ts";
import { findOffice } from "../db/repos/offices.ts";
import { CalendarPage } from "../../views/pages/calendar.tsx";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";

export function calendarRoutes({ db, clock }: AppDeps) {
  return new Hono<AppEnv>().get("/kantor/:office/kalender", async (c) => {
    const office = await findOffice(db, c.req.param("office"));
    if (!office) return notFound(c);
    const version = await calendarInForce(db, office.calendar_id, clock.now());
    const def = version.definition;
    const byYear = new Map<string, ReturnType<typeof withWeekend>[]>();
    const withWeekend = (h: ReturnType<typeof normalizeHoliday>) => ({ ...h, weekend: dayOfWeek(h.date) >= 6 });
    for (const h of def.holidays.map(normalizeHoliday).sort((a, b) => a.date.localeCompare(b.date))) {
      const year = h.date.slice(0, 4);
      byYear.set(year, [...(byYear.get(year) ?? []), withWeekend(h)]);
    }
    return c.render(
      <CalendarPage
        ctx={pageContext(c)}
        office={office}
        calendarName={office.calendar_name}
        version={version}
        definition={def}
        holidaysByYear={[...byYear].map(([year, holidays]) => ({ year, holidays }))}
        hoursOf={workingHoursOf}
      />,
    );
  });
}
