import { OWNERS, type WaktuAlternative } from "../../src/sop/schema.ts";
import { OWNER_KEYS } from "../components/owner-chip.tsx";
import { Head, sopStepColumns } from "../components/table-head.tsx";
import { formatStandard } from "../../src/sop/waktu.ts";
import type { FormErrors, FormValues } from "../../src/web/form.ts";
import { CsrfField, Field, FieldMessages } from "../components/form.tsx";
import type { MessageKey } from "../i18n.ts";
import { Layout, type PageContext } from "../layout.tsx";

interface Crumb {
  href: string;
  label: string;
}

function Crumbs({ ctx, trail }: { ctx: PageContext; trail: Crumb[] }) {
  return (
    <p class="muted">
      <a href="/sop">{ctx.t("catalogueTitle")}</a>
      {trail.map((c) => (
        <>
          {" › "}
          <a href={c.href}>{c.label}</a>
        </>
      ))}
    </p>
  );
}

export interface SopSourceProps {
  ctx: PageContext;
  title: string;
  trail: Crumb[];
  /** Where the document is posted to be read. */
  action: string;
  /** The form to fill in by hand instead. */
  manualHref: string;
  error?: string;
}

/** Step 1 of adding an SOP or a version: give the document, as a file or as pasted text. */
export function SopSourcePage(p: SopSourceProps) {
  const { t } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={p.title}>
      <Crumbs ctx={p.ctx} trail={p.trail} />
      <h1>{p.title}</h1>
      <p class="muted">{t("sopSourceIntro")}</p>
      {p.error && (
        <p class="warning" role="alert">
          {p.error}
        </p>
      )}
      <form method="post" action={p.action} enctype="multipart/form-data" class="card">
        <CsrfField ctx={p.ctx} />
        <label class="field">
          <span>{t("sopFile")}</span>
          <input type="file" name="file" accept=".txt,.tsv,.xlsx,.docx" />
        </label>
        <label class="field">
          <span>{t("sopPaste")}</span>
          <textarea name="text" rows={10} spellcheck={false} />
        </label>
        <p>
          <button type="submit">{t("readDocument")}</button> <a href={p.manualHref}>{t("fillManually")}</a>
        </p>
      </form>
    </Layout>
  );
}

export interface SopFormProps {
  ctx: PageContext;
  title: string;
  trail: Crumb[];
  action: string;
  cancelHref: string;
  values: FormValues;
  errors: FormErrors;
  /** The parser's warnings, by form field. */
  warnings: FormErrors;
  /** Alternatives of each step's Waktu, by step index, for the choice. */
  alternatives: Record<number, WaktuAlternative[]>;
  /** The version this will save as. */
  nextVersion: number;
}

/** Step 2: what was understood, every field editable, warnings highlighted; saving makes a version. */
export function SopFormPage(p: SopFormProps) {
  const { ctx, values, errors, warnings } = p;
  const { t, lang } = ctx;
  const count = Number(values.step_count ?? "1");
  const warningCount = Object.values(warnings).reduce((n, w) => n + w.length, 0);
  const f = (label: MessageKey, name: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field label={t(label)} name={name} values={values} errors={errors} warnings={warnings} {...extra} />
  );
  return (
    <Layout ctx={ctx} title={p.title}>
      <Crumbs ctx={ctx} trail={p.trail} />
      <h1>{p.title}</h1>
      <p class="muted">{t("sopFormIntro", { n: p.nextVersion })}</p>
      {Object.keys(errors).length > 0 && (
        <p class="warning" role="alert">
          {t("formHasErrors")}
        </p>
      )}
      {warningCount > 0 && (
        <p class="warning" data-testid="parser-warnings">
          {t("parserWarnings", { n: warningCount })}
        </p>
      )}
      <form method="post" action={p.action}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="source_document" value={values.source_document ?? ""} />
        <input type="hidden" name="step_count" value={String(count)} />
        <section class="card">
          <h2>{t("sopIdentity")}</h2>
          <div class="grid">
            {f("permitType", "permit_type", { required: true })}
            {f("sopName", "name")}
            {f("sopNumber", "number")}
            {f("affairs", "affairs")}
            {f("madeOn", "made_on", { type: "date" })}
            {f("revisedOn", "revised_on", { type: "date" })}
            {f("effectiveFrom", "effective_from", { type: "date", hint: t("effectiveFromHint") })}
            {f("approvedBy", "approved_by")}
            {f("statedTotal", "stated_total", { hint: t("statedTotalHint") })}
          </div>
          {f("legalBasis", "legal_basis", { multiline: 4 })}
        </section>
        <h2>{t("steps")}</h2>
        <p class="muted">
          {t("aliases")}: {t("aliasesHint")} {t("removeStepHint")}
        </p>
        <div class="table-wrap">
          <table class="editor">
            <Head columns={[...sopStepColumns(t), t("aliases")]} />
            <tbody>
              {Array.from({ length: count }, (_, i) => {
                const k = (field: string) => `step_${i}_${field}`;
                const isNew = i === count - 1 && !values[k("description")];
                const alternatives = p.alternatives[i] ?? [];
                return (
                  <tr class={isNew ? "step-new" : undefined}>
                    <td class="num">
                      {isNew ? "+" : i + 1}
                      {!isNew && (
                        <label class="check" title={t("removeStep")}>
                          <input type="checkbox" name={k("remove")} value="1" checked={values[k("remove")] === "1"} aria-label={t("removeStep")} />
                        </label>
                      )}
                    </td>
                    <td>{f("description", k("description"), { multiline: 3 })}</td>
                    <td>{f("actor", k("actor"))}</td>
                    <td>
                      <label class={`field${warnings[k("owner")] ? " warned" : ""}`}>
                        <span>{t("owner")}</span>
                        <select name={k("owner")}>
                          <option value="">{t("ownerUnknown")}</option>
                          {OWNERS.map((o) => (
                            <option value={o} selected={values[k("owner")] === o}>
                              {t(OWNER_KEYS[o])}
                            </option>
                          ))}
                        </select>
                        <FieldMessages errors={errors} warnings={warnings} field={k("owner")} />
                      </label>
                    </td>
                    <td>
                      {f("waktu", k("waktu"))}
                      {alternatives.length > 0 && (
                        <label class={`field${errors[k("choice")] ? " invalid" : ""}`}>
                          <span>{t("waktuChoice")}</span>
                          <select name={k("choice")}>
                            <option value="">{t("chooseOne")}</option>
                            {alternatives.map((a, n) => (
                              <option value={String(n)} selected={values[k("choice")] === String(n)}>
                                {formatStandard(a.standard, lang)} — {a.condition}
                              </option>
                            ))}
                          </select>
                          <FieldMessages errors={errors} field={k("choice")} />
                        </label>
                      )}
                    </td>
                    <td>{f("kelengkapan", k("kelengkapan"), { multiline: 2 })}</td>
                    <td>{f("output", k("output"), { multiline: 2 })}</td>
                    <td>{f("aliases", k("aliases"))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p>
          <button type="submit" name="intent" value="save">
            {t("saveNewVersion")}
          </button>{" "}
          <button type="submit" name="intent" value="check" class="secondary">
            {t("checkAgain")}
          </button>{" "}
          <a href={p.cancelHref}>{t("cancel")}</a>
        </p>
      </form>
    </Layout>
  );
}
