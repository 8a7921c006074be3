import { formatPath } from "../calendar/errors.ts";
import { parseDateOnly } from "../ingest/dates.ts";
import { OWNERS, type Owner, type ParsedSop, parsedSopSchema, type SopStep } from "../sop/schema.ts";
import { parseWaktu } from "../sop/waktu.ts";
import type { SopWarning } from "../sop/index.ts";
import type { FormErrors, FormValues } from "./form.ts";
import type { Translate } from "../../views/i18n.ts";
import { describeWaktuIssue } from "../../views/components/messages.ts";

// The SOP editor form: a parsed document (or a stored version) as fields, every one editable, and
// back. The Waktu is always re-read from its text, so what is saved is what the text says.

const text = (v: string | null | undefined) => v ?? "";

export function sopToForm(sop: ParsedSop): FormValues {
  const values: FormValues = {
    permit_type: text(sop.permitType),
    name: text(sop.name),
    number: text(sop.number),
    affairs: text(sop.affairs),
    made_on: text(sop.madeOn),
    revised_on: text(sop.revisedOn),
    effective_from: text(sop.effectiveFrom),
    approved_by: text(sop.approvedBy),
    legal_basis: sop.legalBasis.join("\n"),
    stated_total: text(sop.statedTotal?.waktu),
    source_document: text(sop.sourceDocument),
    step_count: String(sop.steps.length + 1),
  };
  sop.steps.forEach((s, i) => {
    values[`step_${i}_description`] = s.description;
    values[`step_${i}_actor`] = text(s.actor);
    values[`step_${i}_owner`] = text(s.owner);
    values[`step_${i}_waktu`] = text(s.waktu);
    values[`step_${i}_kelengkapan`] = text(s.kelengkapan);
    values[`step_${i}_output`] = text(s.output);
    values[`step_${i}_aliases`] = s.aliases.join(", ");
    // A stored choice among alternatives is the standard that equals one of them.
    const chosen = s.alternatives.findIndex((a) => a.standard.value === s.standard?.value && a.standard.unit === s.standard?.unit);
    if (s.alternatives.length > 0 && chosen >= 0) values[`step_${i}_choice`] = String(chosen);
  });
  return values;
}

/** Where a parser warning ("steps[2].actor") shows on the form. */
export function warningField(w: Pick<SopWarning, "field">): string {
  const m = /^steps\[(\d+)\]\.?(\w+)?/.exec(w.field);
  if (m) return `step_${m[1]}_${m[2] ?? "description"}`;
  const map: Record<string, string> = { statedTotal: "stated_total", effectiveFrom: "effective_from", madeOn: "made_on", revisedOn: "revised_on", approvedBy: "approved_by", permitType: "permit_type", legalBasis: "legal_basis" };
  return map[w.field] ?? w.field;
}

export type SopFormResult = { ok: true; sop: ParsedSop } | { ok: false; errors: FormErrors };

function add(errors: FormErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

export function sopFromForm(form: FormValues, t: Translate): SopFormResult {
  const errors: FormErrors = {};
  const get = (k: string) => (form[k] ?? "").trim();
  const opt = (k: string) => get(k) || null;
  const date = (k: string) => {
    const v = get(k);
    if (v === "") return null;
    const d = parseDateOnly(v);
    if (!d) add(errors, k, t("errNotDate", { text: v }));
    return d;
  };

  const steps: SopStep[] = [];
  const count = Math.min(Number(get("step_count")) || 0, 200);
  for (let i = 0; i < count; i++) {
    const description = get(`step_${i}_description`);
    if (description === "" || get(`step_${i}_remove`) !== "") continue;
    const ownerText = get(`step_${i}_owner`);
    const owner = OWNERS.find((o) => o === ownerText) ?? null;
    if (ownerText !== "" && owner === null) add(errors, `step_${i}_owner`, t("errUnknownOwner", { text: ownerText }));
    const waktu = parseWaktu(opt(`step_${i}_waktu`));
    if (waktu.warning) add(errors, `step_${i}_waktu`, waktu.issue ? describeWaktuIssue(waktu.issue, t, waktu.warning) : waktu.warning);
    let standard = waktu.standard;
    if (waktu.needsChoice) {
      const chosen = waktu.alternatives[Number(get(`step_${i}_choice`))];
      if (get(`step_${i}_choice`) === "" || !chosen) add(errors, `step_${i}_choice`, t("errChooseAlternative"));
      else standard = chosen.standard;
    }
    steps.push({
      description,
      actor: opt(`step_${i}_actor`),
      owner: owner as Owner | null,
      waktu: waktu.text,
      standard,
      waktuLower: waktu.lower,
      alternatives: waktu.alternatives,
      kelengkapan: opt(`step_${i}_kelengkapan`),
      output: opt(`step_${i}_output`),
      aliases: get(`step_${i}_aliases`).split(",").map((a) => a.trim()).filter(Boolean),
    });
  }
  if (steps.length === 0) add(errors, "step_0_description", t("errNeedsStep"));

  const total = parseWaktu(opt("stated_total"));
  if (total.warning || total.needsChoice) {
    add(errors, "stated_total", total.warning ? (total.issue ? describeWaktuIssue(total.issue, t, total.warning) : total.warning) : t("errTotalNoAlternatives"));
  }
  const permitType = get("permit_type");
  if (permitType === "") add(errors, "permit_type", t("errPermitTypeRequired"));
  const name = get("name") || permitType;

  const candidate = {
    permitType,
    name,
    number: opt("number"),
    affairs: opt("affairs"),
    madeOn: date("made_on"),
    revisedOn: date("revised_on"),
    effectiveFrom: date("effective_from"),
    approvedBy: opt("approved_by"),
    legalBasis: get("legal_basis").split(/\r?\n/).map((l) => l.trim()).filter(Boolean),
    statedTotal: total.text && total.standard ? { waktu: total.text, standard: total.standard } : null,
    sourceDocument: opt("source_document"),
    steps,
  };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = parsedSopSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(errors, warningField({ field: formatPath(issue.path) }), issue.message);
    return { ok: false, errors };
  }
  return { ok: true, sop: parsed.data };
}
