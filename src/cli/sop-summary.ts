import type { ParsedSop, SopStep, SopWarning } from "../sop/index.ts";
import { formatStandard } from "../sop/index.ts";

// The readable summary `mutubaku sop parse FILE` prints: identity, steps, stated total, warnings.

const OWNER_LABELS = { office: "office", sector_agency: "sector agency", applicant: "applicant" } as const;
const orNone = (value: string | null): string => value ?? "—";

function waktuLine(step: Pick<SopStep, "waktu" | "standard" | "waktuLower" | "alternatives">): string {
  if (step.waktu === null) return "no Waktu";
  const written = `"${step.waktu}"`;
  if (step.standard) {
    const lower = step.waktuLower ? ` (lower bound ${formatStandard(step.waktuLower, "en")})` : "";
    return `${written} = ${formatStandard(step.standard, "en")}${lower}`;
  }
  if (step.alternatives.length > 0) {
    return `${written} = choose one: ${step.alternatives.map((a) => `${formatStandard(a.standard, "en")} ${a.condition}`).join(" | ")}`;
  }
  return `${written} = not read`;
}

function stepLines(step: SopStep, i: number): string[] {
  const actor = step.actor === null ? "actor unknown" : `${step.actor} (${step.owner ? OWNER_LABELS[step.owner] : "owner unknown"})`;
  const lines = [`${String(i + 1).padStart(4)}  ${actor} · ${waktuLine(step)}`, `      ${step.description}`];
  const details = [step.kelengkapan && `Kelengkapan: ${step.kelengkapan}`, step.output && `Output: ${step.output}`].filter(Boolean);
  if (details.length > 0) lines.push(`      ${details.join(" · ")}`);
  return lines;
}

export function formatSopSummary(sop: ParsedSop, warnings: SopWarning[]): string {
  const field = (label: string, value: string): string => `${label.padEnd(14)}${value}`;
  const lines = [
    field("SOP", orNone(sop.name)),
    field("Permit type", orNone(sop.permitType)),
    field("File", orNone(sop.sourceDocument)),
    field("Affairs", orNone(sop.affairs)),
    field("Number", orNone(sop.number)),
    field("Dates", `made ${orNone(sop.madeOn)}, revised ${orNone(sop.revisedOn)}, effective ${orNone(sop.effectiveFrom)}`),
    field("Approved by", orNone(sop.approvedBy)),
    field("Legal basis", sop.legalBasis.length === 0 ? "—" : sop.legalBasis.map((l, i) => `${i + 1}. ${l}`).join(`\n${" ".repeat(14)}`)),
    "",
    `Steps (${sop.steps.length})`,
    ...sop.steps.flatMap(stepLines),
    "",
    field("Stated total", sop.statedTotal ? waktuLine({ ...sop.statedTotal, waktuLower: null, alternatives: [] }) : "none"),
    "",
    warnings.length === 0 ? "No warnings." : `Warnings (${warnings.length})`,
    ...warnings.map((w) => `  ${w.field}: ${w.message}`),
  ];
  return lines.join("\n");
}
