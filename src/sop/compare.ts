import type { SopStep, TimeStandard } from "./schema.ts";
import { textSimilarity } from "./similarity.ts";

// Two versions of an SOP side by side, step by step. Steps are paired by their descriptions (an
// inserted step must not make every later step look changed), in order, like a text diff.

export type ComparableStep = Pick<SopStep, "description" | "actor" | "owner" | "waktu" | "standard" | "kelengkapan" | "output">;

const STEP_FIELDS = ["description", "actor", "owner", "waktu", "standard", "kelengkapan", "output"] as const;
export type StepField = (typeof STEP_FIELDS)[number];

export type StepPair<S extends ComparableStep> =
  | { kind: "same" | "changed"; before: S; after: S; beforePosition: number; afterPosition: number; changed: StepField[] }
  | { kind: "removed"; before: S; beforePosition: number }
  | { kind: "added"; after: S; afterPosition: number };

/** Below this, two descriptions are different steps rather than one step reworded. */
const PAIR_THRESHOLD = 0.5;

const sameStandard = (a: TimeStandard | null, b: TimeStandard | null) => a?.value === b?.value && a?.unit === b?.unit;

function changedFields(a: ComparableStep, b: ComparableStep): StepField[] {
  return STEP_FIELDS.filter((f) => (f === "standard" ? !sameStandard(a.standard, b.standard) : (a[f] ?? null) !== (b[f] ?? null)));
}

/** Pairs the steps of two versions: the order-keeping matching with the greatest total likeness. */
export function pairSteps<S extends ComparableStep>(before: readonly S[], after: readonly S[]): StepPair<S>[] {
  const n = before.length;
  const m = after.length;
  const sim = before.map((a) => after.map((b) => textSimilarity(a.description, b.description)));
  // best[i][j]: the best score pairing before[i..] with after[j..].
  const best = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = sim[i]![j]!;
      const pair = s >= PAIR_THRESHOLD ? s + best[i + 1]![j + 1]! : -1;
      best[i]![j] = Math.max(pair, best[i + 1]![j]!, best[i]![j + 1]!);
    }
  }
  const out: StepPair<S>[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const a = before[i];
    const b = after[j];
    if (a && b && sim[i]![j]! >= PAIR_THRESHOLD && best[i]![j] === sim[i]![j]! + best[i + 1]![j + 1]!) {
      const changed = changedFields(a, b);
      out.push({ kind: changed.length === 0 ? "same" : "changed", before: a, after: b, beforePosition: i + 1, afterPosition: j + 1, changed });
      i++;
      j++;
    } else if (a && (!b || best[i + 1]![j]! >= best[i]![j + 1]!)) {
      out.push({ kind: "removed", before: a, beforePosition: i + 1 });
      i++;
    } else if (b) {
      out.push({ kind: "added", after: b, afterPosition: j + 1 });
      j++;
    }
  }
  return out;
}
