import { nameKey } from "../sop/similarity.ts";
import type { SopForEvaluation, SopStepForEvaluation } from "./types.ts";

// Step names repeat across thousands of records of one SOP: each name is matched once per SOP.
const matched = new WeakMap<SopForEvaluation, Map<string, SopStepForEvaluation | null>>();

/**
 * The SOP step a record's step name belongs to: first an alias of any step (aliases are the names
 * the systems use), then a step's description; both by nameKey equality. The first step in SOP
 * order wins when several match. Null when none does.
 */
export function mapStep(sop: SopForEvaluation, stepName: string): SopStepForEvaluation | null {
  let names = matched.get(sop);
  if (!names) {
    names = new Map();
    matched.set(sop, names);
  }
  let step = names.get(stepName);
  if (step === undefined) {
    const key = nameKey(stepName);
    step =
      key === ""
        ? null
        : (sop.steps.find((s) => s.aliases.some((a) => nameKey(a) === key)) ?? sop.steps.find((s) => nameKey(s.description) === key) ?? null);
    names.set(stepName, step);
  }
  return step;
}
