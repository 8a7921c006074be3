import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Kysely } from "kysely";
import { z } from "zod";
import { findOffice } from "../db/repos/offices.ts";
import {
  addSopVersion,
  findSop,
  importedStepNames,
  insertSop,
  setStepAliases,
  sopOfVersion,
  sopSlugs,
  sopSteps,
  sopVersions,
  type SopStepWithAliases,
} from "../db/repos/sops.ts";
import type { DB } from "../db/schema.ts";
import { pairSteps } from "../sop/compare.ts";
import { parseSopDocument, readSopDocument, SopDocumentError, type SopWarning } from "../sop/index.ts";
import type { ParsedSop, SopStep } from "../sop/schema.ts";
import { sameName, textSimilarity } from "../sop/similarity.ts";
import { parseWaktu } from "../sop/waktu.ts";
import { SopAliasesPage, type UnmappedName } from "../../views/pages/sop-aliases.tsx";
import { SopComparePage } from "../../views/pages/sop-compare.tsx";
import { SopFormPage, SopSourcePage } from "../../views/pages/sop-editor.tsx";
import { describeWarning } from "../../views/components/messages.ts";
import type { Lang, Translate } from "../../views/i18n.ts";
import { type FormErrors, type FormValues, formValues } from "./form.ts";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";
import type { Reevaluations } from "./reevaluate.ts";
import { sopFromForm, sopToForm, warningField } from "./sop-form.ts";

const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** The parser's warnings, worded in the reader's language, by the form field they concern. */
function warningsByField(warnings: readonly SopWarning[], { t, lang }: { t: Translate; lang: Lang }): FormErrors {
  const out: FormErrors = {};
  for (const w of warnings) (out[warningField(w)] ??= []).push(describeWarning(w, t, lang));
  return out;
}

/** Alternatives of each step's Waktu as typed, for the choice on the form. */
function alternativesOf(values: FormValues) {
  const out: Record<number, ReturnType<typeof parseWaktu>["alternatives"]> = {};
  const count = Number(values.step_count ?? "0");
  for (let i = 0; i < count; i++) {
    const alts = parseWaktu(values[`step_${i}_waktu`] || null).alternatives;
    if (alts.length > 0) out[i] = alts;
  }
  return out;
}

function slugify(s: string): string {
  return s.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "sop";
}

async function uniqueSlug(db: Kysely<DB>, base: string): Promise<string> {
  const taken = await sopSlugs(db);
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/** Aliases of the previous version carried to the steps the new one pairs them with. */
function carryAliases(previous: SopStep[], next: ParsedSop): ParsedSop {
  const pairs = pairSteps(previous, next.steps);
  const steps = next.steps.map((s) => ({ ...s }));
  for (const p of pairs) {
    if (p.kind === "same" || p.kind === "changed") {
      const target = steps[p.afterPosition - 1];
      if (target && target.aliases.length === 0) target.aliases = [...p.before.aliases];
    }
  }
  return { ...next, steps };
}

export function sopEditorRoutes(deps: AppDeps, reevaluations: Reevaluations) {
  const { db } = deps;
  /** The document posted as a file or as pasted text, parsed; or a message saying what is wrong. */
  async function readPosted(c: Context<AppEnv>): Promise<{ sop: ParsedSop; warnings: SopWarning[] } | { error: string }> {
    const body = await c.req.parseBody();
    const t = pageContext(c).t;
    try {
      if (body.file instanceof File && body.file.size > 0) {
        const { text } = await readSopDocument(new Uint8Array(await body.file.arrayBuffer()), body.file.name);
        const parsed = parseSopDocument(text);
        return { sop: { ...parsed.sop, sourceDocument: body.file.name }, warnings: parsed.warnings };
      }
      if (typeof body.text === "string" && body.text.trim() !== "") return parseSopDocument(body.text);
    } catch (err) {
      if (err instanceof SopDocumentError) return { error: err.message };
      throw err;
    }
    return { error: t("noDocument") };
  }

  async function loadSop(c: Context<AppEnv>) {
    const sop = await findSop(db, c.req.param("slug") ?? "", c.get("access"));
    if (!sop) return null;
    const versions = await sopVersions(db, sop.id);
    const latest = versions[0];
    if (!latest) return null;
    return { sop, versions, latest };
  }

  async function currentSop(loaded: NonNullable<Awaited<ReturnType<typeof loadSop>>>) {
    return sopOfVersion(loaded.sop, loaded.latest, await sopSteps(db, loaded.latest.id));
  }

  type Office = { slug: string; name: string };
  type SopRef = { slug: string; permit_type: string };

  /** Where a new SOP of an office is given and checked. */
  const newSop = (o: Office) => ({
    title: (c: Context<AppEnv>) => `${pageContext(c).t("newSop")} · ${o.name}`,
    trail: [{ href: `/#kantor-${o.slug}`, label: o.name }],
    read: `/kantor/${o.slug}/sop/baca`,
    manual: `/kantor/${o.slug}/sop/isi`,
    save: `/kantor/${o.slug}/sop/simpan`,
    cancel: `/#kantor-${o.slug}`,
  });
  /** Where a new version of an SOP is given and checked. */
  const newVersion = (s: SopRef) => ({
    title: (c: Context<AppEnv>) => `${pageContext(c).t("newVersion")} · ${s.permit_type}`,
    trail: [{ href: `/sop/${s.slug}`, label: s.permit_type }],
    read: `/sop/${s.slug}/baca`,
    manual: `/sop/${s.slug}/ubah`,
    save: `/sop/${s.slug}/simpan`,
    cancel: `/sop/${s.slug}`,
  });
  type Place = ReturnType<typeof newSop>;

  const sourcePage = (c: Context<AppEnv>, at: Place, error?: string) =>
    c.render(<SopSourcePage ctx={pageContext(c)} title={at.title(c)} trail={at.trail} action={at.read} manualHref={at.manual} {...(error ? { error } : {})} />);

  const formPage = (c: Context<AppEnv>, at: Place, nextVersion: number, values: FormValues, errors: FormErrors = {}, warnings: FormErrors = {}) =>
    c.render(
      <SopFormPage ctx={pageContext(c)} title={at.title(c)} trail={at.trail} action={at.save} cancelHref={at.cancel} values={values} errors={errors} warnings={warnings} alternatives={alternativesOf(values)} nextVersion={nextVersion} />,
    );

  /** A posted form: shown again with its errors, or when asked to check; else undefined (save it). */
  function checked(c: Context<AppEnv>, at: Place, nextVersion: number, values: FormValues, result: ReturnType<typeof sopFromForm>) {
    if (result.ok && values.intent !== "check") return undefined;
    if (!result.ok) c.status(422);
    return formPage(c, at, nextVersion, result.ok ? sopToForm(result.sop) : values, result.ok ? {} : result.errors);
  }

  return (
    new Hono<AppEnv>()
      // A new SOP for an office.
      .get("/kantor/:office/sop/baru", async (c) => {
        const office = await findOffice(db, c.req.param("office"), c.get("access"));
        if (!office) return notFound(c);
        return sourcePage(c, newSop(office));
      })
      .post("/kantor/:office/sop/baca", bodyLimit({ maxSize: MAX_DOCUMENT_BYTES }), async (c) => {
        const office = await findOffice(db, c.req.param("office"), c.get("access"));
        if (!office) return notFound(c);
        const read = await readPosted(c);
        if ("error" in read) {
          c.status(422);
          return sourcePage(c, newSop(office), read.error);
        }
        return formPage(c, newSop(office), 1, sopToForm(read.sop), {}, warningsByField(read.warnings, pageContext(c)));
      })
      .get("/kantor/:office/sop/isi", async (c) => {
        const office = await findOffice(db, c.req.param("office"), c.get("access"));
        if (!office) return notFound(c);
        return formPage(c, newSop(office), 1, { step_count: "1" });
      })
      .post("/kantor/:office/sop/simpan", bodyLimit({ maxSize: MAX_DOCUMENT_BYTES }), async (c) => {
        const office = await findOffice(db, c.req.param("office"), c.get("access"));
        if (!office) return notFound(c);
        const values = formValues(await c.req.parseBody());
        const result = sopFromForm(values, pageContext(c).t);
        const again = checked(c, newSop(office), 1, values, result);
        if (again || !result.ok) return again;
        const slug = await db.transaction().execute(async (trx) => {
          const slug = await uniqueSlug(trx, `${office.slug}-${slugify(result.sop.permitType ?? "sop")}`);
          await insertSop(trx, { ...result.sop, slug, office: office.slug, permitType: result.sop.permitType ?? slug, name: result.sop.name ?? slug }, office.id);
          return slug;
        });
        reevaluations.start(deps, { officeId: office.id }, `new SOP ${slug}`);
        return c.redirect(`/sop/${slug}`, 303);
      })

      // A new version of an SOP: from a document, or by editing the current one.
      .get("/sop/:slug/versi-baru", async (c) => {
        const loaded = await loadSop(c);
        if (!loaded) return notFound(c);
        return sourcePage(c, newVersion(loaded.sop));
      })
      .post("/sop/:slug/baca", bodyLimit({ maxSize: MAX_DOCUMENT_BYTES }), async (c) => {
        const loaded = await loadSop(c);
        if (!loaded) return notFound(c);
        const { sop, latest } = loaded;
        const read = await readPosted(c);
        if ("error" in read) {
          c.status(422);
          return sourcePage(c, newVersion(sop), read.error);
        }
        const current = await currentSop(loaded);
        const values = sopToForm(carryAliases(current.steps, { ...read.sop, permitType: read.sop.permitType ?? sop.permit_type }));
        return formPage(c, newVersion(sop), latest.version + 1, values, {}, warningsByField(read.warnings, pageContext(c)));
      })
      .get("/sop/:slug/ubah", async (c) => {
        const loaded = await loadSop(c);
        if (!loaded) return notFound(c);
        return formPage(c, newVersion(loaded.sop), loaded.latest.version + 1, sopToForm(await currentSop(loaded)));
      })
      .post("/sop/:slug/simpan", bodyLimit({ maxSize: MAX_DOCUMENT_BYTES }), async (c) => {
        const loaded = await loadSop(c);
        if (!loaded) return notFound(c);
        const { sop, latest } = loaded;
        const values = formValues(await c.req.parseBody());
        const result = sopFromForm(values, pageContext(c).t);
        const again = checked(c, newVersion(sop), latest.version + 1, values, result);
        if (again || !result.ok) return again;
        const version = await db.transaction().execute((trx) =>
          addSopVersion(trx, sop.id, { ...result.sop, slug: sop.slug, office: sop.office_slug, permitType: result.sop.permitType ?? sop.permit_type, name: result.sop.name ?? sop.permit_type }),
        );
        reevaluations.start(deps, { officeId: sop.office_id }, `SOP ${sop.slug} version ${version}`);
        return c.redirect(`/sop/${sop.slug}?versi=${version}`, 303);
      })

      // Two versions side by side.
      .get("/sop/:slug/bandingkan", async (c) => {
        const loaded = await loadSop(c);
        if (!loaded) return notFound(c);
        const { sop, versions } = loaded;
        const q = z.object({ a: z.coerce.number().int().optional(), b: z.coerce.number().int().optional() }).safeParse(c.req.query());
        if (!q.success) return notFound(c);
        const b = versions.find((v) => v.version === (q.data.b ?? versions[0]?.version));
        const a = versions.find((v) => v.version === (q.data.a ?? (b ? b.version - 1 : 0))) ?? versions.at(-1);
        if (!a || !b) return notFound(c);
        const [before, after] = await Promise.all([sopSteps(db, a.id), sopSteps(db, b.id)]);
        const ctx = pageContext(c);
        const sa = sopOfVersion(sop, a, before);
        const sb = sopOfVersion(sop, b, after);
        const identity = (
          [
            ["sopName", sa.name, sb.name],
            ["sopNumber", sa.number, sb.number],
            ["effectiveFrom", sa.effectiveFrom, sb.effectiveFrom],
            ["revisedOn", sa.revisedOn, sb.revisedOn],
            ["statedTotal", sa.statedTotal?.waktu, sb.statedTotal?.waktu],
            ["approvedBy", sa.approvedBy, sb.approvedBy],
          ] as const
        )
          .filter(([, x, y]) => (x ?? "") !== (y ?? ""))
          .map(([key, x, y]) => ({ label: ctx.t(key), before: x ?? "", after: y ?? "" }));
        return c.render(
          <SopComparePage
            ctx={ctx}
            sop={sop}
            versions={versions.map((v) => ({ version: v.version, effectiveFrom: v.effective_from }))}
            a={a.version}
            b={b.version}
            identity={identity}
            pairs={pairSteps(sa.steps, sb.steps)}
          />,
        );
      })

      // The names a step goes by in the source systems.
      .get("/sop/:slug/alias", (c) => aliasesPage(c))
      .post("/sop/:slug/alias", async (c) => {
        const loaded = await loadSop(c);
        if (!loaded) return notFound(c);
        const version = pickVersion(loaded.versions, c.req.query("versi"));
        if (!version) return notFound(c);
        const steps = await sopSteps(db, version.id);
        const values = formValues(await c.req.parseBody());
        await db.transaction().execute(async (trx) => {
          if (c.req.query("petakan")) {
            const step = steps.find((s) => String(s.position) === values.position);
            if (step && values.name) await setStepAliases(trx, step.id, [...step.aliases, values.name]);
            return;
          }
          for (const s of steps) {
            const typed = values[`step_${s.position}`];
            if (typed !== undefined) await setStepAliases(trx, s.id, typed.split(","));
          }
        });
        reevaluations.start(deps, { officeId: loaded.sop.office_id }, `step names of ${loaded.sop.slug}`);
        return c.redirect(`/sop/${loaded.sop.slug}/alias?versi=${version.version}&disimpan=1`, 303);
      })
  );

  function pickVersion<V extends { version: number }>(versions: V[], asked: string | undefined): V | undefined {
    return asked ? versions.find((v) => String(v.version) === asked) : versions[0];
  }

  async function aliasesPage(c: Context<AppEnv>) {
    const loaded = await loadSop(c);
    if (!loaded) return notFound(c);
    const version = pickVersion(loaded.versions, c.req.query("versi"));
    if (!version) return notFound(c);
    const steps = await sopSteps(db, version.id);
    const names = await importedStepNames(db, loaded.sop.id);
    const unmapped: UnmappedName[] = names
      .filter((n) => !steps.some((s) => sameName(s.description, n.name) || s.aliases.some((a) => sameName(a, n.name))))
      .map((n) => ({
        name: n.name,
        records: n.records,
        suggestions: suggest(steps, n.name),
      }));
    const values: FormValues = {};
    for (const s of steps) values[`step_${s.position}`] = s.aliases.join(", ");
    return c.render(
      <SopAliasesPage ctx={pageContext(c)} sop={loaded.sop} version={version.version} steps={steps} values={values} errors={{}} unmapped={unmapped} saved={c.req.query("disimpan") === "1"} />,
    );
  }
}

/** The steps most like an unmapped name, by their aliases and description. */
function suggest(steps: SopStepWithAliases[], name: string) {
  return steps
    .map((s) => ({
      position: s.position,
      description: s.description,
      score: Math.max(textSimilarity(name, s.description), ...s.aliases.map((a) => textSimilarity(name, a)), s.output ? textSimilarity(name, s.output) : 0),
    }))
    .filter((s) => s.score >= 0.3)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
}

