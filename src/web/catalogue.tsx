import { Hono } from "hono";
import { z } from "zod";
import { formatWorkingDuration } from "../calendar/index.ts";
import { calendarFromVersions } from "../calendar/versions.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { listOffices } from "../db/repos/offices.ts";
import { findSop, listSops, sopSteps, sopVersions, standardOf } from "../db/repos/sops.ts";
import { compareStatedTotal, sumOfSteps } from "../sop/totals.ts";
import { CataloguePage } from "../../views/pages/catalogue.tsx";
import { SopPage } from "../../views/pages/sop.tsx";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";

const sopQuery = z.object({ versi: z.coerce.number().int().positive().optional() });

export function catalogueRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get("/sop", async (c) => {
      const [offices, sops] = await Promise.all([listOffices(db, c.get("access")), listSops(db, c.get("access"))]);
      return c.render(<CataloguePage ctx={pageContext(c)} offices={offices} sops={sops} />);
    })
    .get("/sop/:slug", async (c) => {
      const sop = await findSop(db, c.req.param("slug"), c.get("access"));
      const query = sopQuery.safeParse(c.req.query());
      if (!sop || !query.success) return notFound(c);
      const versions = await sopVersions(db, sop.id);
      const version = query.data.versi ? versions.find((v) => v.version === query.data.versi) : versions[0];
      if (!version) return notFound(c);
      const steps = await sopSteps(db, version.id);
      const calendar = calendarFromVersions(await calendarVersions(db, sop.calendar_id));
      const sum = sumOfSteps(
        steps.map((s) => ({
          owner: s.owner,
          standard: standardOf(s.standard_value, s.standard_unit),
        })),
      );
      const stated = standardOf(version.stated_total_value, version.stated_total_unit);
      const comparison = stated ? compareStatedTotal(stated, sum, calendar.dayLengthHours) : null;
      const ctx = pageContext(c);
      return c.render(
        <SopPage
          ctx={ctx}
          sop={sop}
          version={version}
          versions={versions}
          steps={steps}
          sum={sum}
          comparison={comparison}
          dayLengthHours={calendar.dayLengthHours}
          formatMinutes={(m) => formatWorkingDuration(calendar, m * 60, ctx.lang)}
        />,
      );
    });
}
