import { type Context, Hono } from "hono";
import { z } from "zod";
import { MESSAGE_LEVELS, messageFormat, previewMessage } from "../alerts/templates.ts";
import { createChannel, enqueueTestDelivery, findChannel, listChannels, updateChannel } from "../db/repos/alert-deliveries.ts";
import { setThreshold, thresholdSettings } from "../db/repos/alert-thresholds.ts";
import { calendarOfOffice } from "../db/repos/calendars.ts";
import { findOffice, type OfficeListItem } from "../db/repos/offices.ts";
import { listSops, sopSteps, sopVersions } from "../db/repos/sops.ts";
import { type ChannelDraft, ChannelsSection } from "../../views/pages/alert-channels.tsx";
import { AlertSettingsPage, type SettingsStep } from "../../views/pages/alert-settings.tsx";
import { channelFromForm, type ChannelKind, channelToForm, storedSecrets, templatesOf, withoutSecrets } from "./channel-form.ts";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";
import { formValues, type FormValues } from "./form.ts";
import type { Reevaluations } from "./reevaluate.ts";

// Pengaturan peringatan: an office's warning thresholds, and its delivery channels. A threshold
// change recomputes the office's verdicts in the background, so the crossing instants of what is
// open follow it. A channel form either saves (all or nothing: a refusal re-shows the draft with
// each wrong field named) or, with action=preview, renders the draft's messages and saves nothing.

const channelId = z.coerce.number().int().positive();
/** After a save or a "send a test": which channel, to say so on the page. */
const settingsQuery = z.object({ disimpan: channelId.optional().catch(undefined), uji: channelId.optional().catch(undefined) });

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
  const { db, clock } = deps;

  async function page(c: Context<AppEnv>, slug: string, error?: string, draft?: ChannelDraft) {
    const office = await findOffice(db, slug, c.get("access"));
    if (!office) return notFound(c);
    const ctx = pageContext(c);
    const channels = (await listChannels(db, office.id)).map((row) => ({ row, values: channelToForm(row), stored: storedSecrets(row) }));
    const q = settingsQuery.parse(c.req.query());
    const named = (id: number | undefined) => channels.find((ch) => ch.row.id === id)?.row.name;
    const saved = named(q.disimpan);
    const tested = named(q.uji);
    const notice = tested ? ctx.t("channelTestQueued", { name: tested }) : saved ? ctx.t("channelSaved", { name: saved }) : undefined;
    const sops = (await listSops(db, c.get("access"))).filter((s) => s.office_id === office.id);
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
      <AlertSettingsPage ctx={ctx} office={office} settings={await thresholdSettings(db, office.id)} permitTypes={sops.map((s) => s.permit_type)} steps={steps} {...(error ? { error } : {})}>
        <ChannelsSection ctx={ctx} office={office.slug} channels={channels} draft={draft} notice={notice} />
      </AlertSettingsPage>,
    );
  }

  /** The draft's messages on a sample permit, in the office's zone and the draft's language. */
  async function previews(office: OfficeListItem, values: FormValues, origin: string): Promise<NonNullable<ChannelDraft["previews"]>> {
    const fmt = messageFormat(await calendarOfOffice(db, office.id), values["lang"] === "en" ? "en" : "id");
    const now = clock.now();
    return MESSAGE_LEVELS.map((level) => ({ level, text: previewMessage(level, templatesOf(values), fmt, deps.publicUrl ?? origin, now) }));
  }

  /** A channel form posted: previewed, refused (400, the draft shown again) or saved. */
  async function channelPost(c: Context<AppEnv>, target: number | "new") {
    const office = await findOffice(db, c.req.param("office") ?? "", c.get("access"));
    if (!office) return notFound(c);
    const stored = typeof target === "number" ? await findChannel(db, target) : undefined;
    if (typeof target === "number" && stored?.office_id !== office.id) return notFound(c);
    const values = formValues(await c.req.parseBody());
    const kind: ChannelKind = stored?.kind ?? (values["kind"] === "email" ? "email" : "webhook");
    const draftTarget = typeof target === "number" ? target : kind;
    const checked = channelFromForm({ ...values, kind }, stored, pageContext(c).t);
    if (values["action"] === "preview") {
      // Only the templates' own refusals matter to a preview; the rest is checked on saving.
      const errors = checked.ok ? {} : Object.fromEntries(Object.entries(checked.errors).filter(([f]) => f.startsWith("template_")));
      return page(c, office.slug, undefined, { target: draftTarget, values: withoutSecrets(values), errors, previews: await previews(office, values, new URL(c.req.url).origin) });
    }
    if (!checked.ok) {
      c.status(400);
      return page(c, office.slug, undefined, { target: draftTarget, values: withoutSecrets(values), errors: checked.errors });
    }
    const id = typeof target === "number" ? target : await createChannel(db, office.id, checked.input);
    if (typeof target === "number") await updateChannel(db, target, checked.input, clock.now());
    return c.redirect(`/peringatan/pengaturan/${office.slug}?disimpan=${id}#saluran`, 303);
  }

  return new Hono<AppEnv>()
    .get("/peringatan/pengaturan/:office", (c) => page(c, c.req.param("office")))
    .post("/peringatan/pengaturan/:office/ambang", async (c) => {
      const slug = c.req.param("office");
      const office = await findOffice(db, slug, c.get("access"));
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
    })
    .post("/peringatan/pengaturan/:office/saluran", (c) => channelPost(c, "new"))
    .post("/peringatan/pengaturan/:office/saluran/:id", (c) => {
      const id = channelId.safeParse(c.req.param("id"));
      return id.success ? channelPost(c, id.data) : notFound(c);
    })
    .post("/peringatan/pengaturan/:office/saluran/:id/uji", async (c) => {
      const office = await findOffice(db, c.req.param("office"), c.get("access"));
      const id = channelId.safeParse(c.req.param("id"));
      const channel = office && id.success ? await findChannel(db, id.data) : undefined;
      if (!office || !channel || channel.office_id !== office.id) return notFound(c);
      await enqueueTestDelivery(db, channel.id, clock.now());
      return c.redirect(`/peringatan/pengaturan/${office.slug}?uji=${channel.id}#saluran`, 303);
    });
}
