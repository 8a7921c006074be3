import { type Context, Hono } from "hono";
import { z } from "zod";
import { setThreshold, thresholdSettings } from "../db/repos/alert-thresholds.ts";
import { findOffice } from "../db/repos/offices.ts";
import { listSops, sopSteps, sopVersions } from "../db/repos/sops.ts";
import { AlertSettingsPage, type SettingsStep } from "../../views/pages/alert-settings.tsx";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";
import { formValues } from "./form.ts";
import type { Reevaluations } from "./reevaluate.ts";

// Pengaturan peringatan: an office's warning thresholds. A change recomputes the office's verdicts
// in the background, so the crossing instants of what is open follow it.

/** A percentage as typed ("75", "87,5"), as a share; "" for none. */
const percent = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : Number(v.trim().replace(",", "."))) : v),
  z.number().nullable(),
);

const thresholdForm = z.object({
  permit_type: z.string().max(300).optional(),
  position: z.string().optional(),
  /** "position|permit type", from the form for one step. */
  step: z.string().max(310).optional(),
  warn: percent,
  warn2: percent.optional(),
});

// An SOP step's text is often a paragraph: the first words name it in a list of choices.
const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text);

export function alertSettingsRoutes(deps: AppDeps, reevaluations: Reevaluations) {
  const { db } = deps;

  async function page(c: Context<AppEnv>, slug: string, error?: string) {
    const office = await findOffice(db, slug);
    if (!office) return notFound(c);
    const sops = (await listSops(db)).filter((s) => s.office_id === office.id);
    const steps: SettingsStep[] = [];
    for (const sop of sops) {
      const [latest] = await sopVersions(db, sop.id);
      if (!latest) continue;
      for (const st of await sopSteps(db, latest.id)) {
        if (st.owner === "applicant" || st.standard_value === null) continue;
        steps.push({ permitType: sop.permit_type, position: st.position, label: `${sop.permit_type} · ${st.position}. ${clip(st.description)}` });
      }
    }
    return c.render(
      <AlertSettingsPage ctx={pageContext(c)} office={office} settings={await thresholdSettings(db, office.id)} permitTypes={sops.map((s) => s.permit_type)} steps={steps} {...(error ? { error } : {})} />,
    );
  }

  return new Hono<AppEnv>()
    .get("/peringatan/pengaturan/:office", (c) => page(c, c.req.param("office")))
    .post("/peringatan/pengaturan/:office/ambang", async (c) => {
      const slug = c.req.param("office");
      const office = await findOffice(db, slug);
      if (!office) return notFound(c);
      const t = pageContext(c).t;
      const form = thresholdForm.safeParse(formValues(await c.req.parseBody()));
      const fail = (message: string) => {
        c.status(400);
        return page(c, slug, message);
      };
      if (!form.success) return fail(form.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      const f = form.data;
      const [stepPosition, stepType] = f.step ? [Number(f.step.slice(0, f.step.indexOf("|"))), f.step.slice(f.step.indexOf("|") + 1)] : [null, null];
      const permitType = stepType ?? (f.permit_type ? f.permit_type : null);
      const position = stepPosition ?? (f.position ? Number(f.position) : null);
      if (position !== null && (!Number.isInteger(position) || permitType === null)) return fail("position: a step needs its permit type");
      const warn = f.warn === null ? null : f.warn / 100;
      const warn2 = f.warn2 === null || f.warn2 === undefined ? null : f.warn2 / 100;
      if (warn !== null && !(warn >= 0.01 && warn <= 0.99)) return fail(`warn: ${t("thresholdWarnRange")}`);
      if (warn2 !== null && (warn === null || !(warn2 > warn && warn2 < 1))) return fail(`warn2: ${t("thresholdWarn2Range")}`);
      await setThreshold(db, office.id, { permitType, position, warn, warn2 });
      reevaluations.start(deps, { officeId: office.id }, `alert thresholds of ${office.slug}`);
      return c.redirect(`/peringatan/pengaturan/${office.slug}`, 303);
    });
}
