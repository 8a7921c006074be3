import { nameKey } from "../sop/similarity.ts";
import type { SopForEvaluation, SopStepForEvaluation } from "./types.ts";

/**
 * The SOP step a record's step name belongs to: first an alias of any step (aliases are the names
 * the systems use), then a step's description; both by nameKey equality. The first step in SOP
 * order wins when several match. Null when none does.
 */
export function mapStep(sop: SopForEvaluation, stepName: string): SopStepForEvaluation | null {
  const key = nameKey(stepName);
  if (key === "") return null;
  return (
    sop.steps.find((s) => s.aliases.some((a) => nameKey(a) === key)) ??
    sop.steps.find((s) => nameKey(s.description) === key) ??
    null
  );
}
