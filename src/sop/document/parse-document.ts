import { type ParsedSop, type SopStep, type TimeStandard, parsedSopSchema } from "../schema.ts";
import { type StepSum, sumOfSteps } from "../totals.ts";
import { type DocLine, splitLines } from "./cells.ts";
import { readIdentity } from "./identity.ts";
import { readStepRows } from "./rows.ts";
import { buildSteps } from "./steps.ts";
import { findStepTable } from "./table.ts";
import { readStatedTotal } from "./total.ts";
import { type SopWarning, type SopWarningDetail, sopWarning } from "./warnings.ts";

// Reads an SOP document (tab-separated text, as extracted from the offices' documents) into the SOP
// data format, with a warning for everything a person should check before it enters the catalogue.

export interface ParsedSopDocument {
  sop: ParsedSop;
  warnings: SopWarning[];
}

// Whether a stated total equals the sum of the steps. Days and minutes are counted by different
// rules, so only a sum in the total's own kind of unit can equal it; no calendar is needed.
function totalMatches(total: TimeStandard, sum: StepSum): boolean {
  if (total.unit === "day") return sum.minutes === 0 && sum.days === total.value;
  return sum.days === 0 && sum.minutes === total.value * (total.unit === "hour" ? 60 : 1);
}

function formatSum(sum: StepSum): string {
  const parts = [sum.days > 0 ? `${sum.days} hari` : "", sum.minutes > 0 ? `${sum.minutes} menit` : ""].filter((p) => p !== "");
  return parts.length > 0 ? parts.join(" + ") : "nothing";
}

function statedTotal(lines: DocLine[], steps: SopStep[], warnings: SopWarning[]): ParsedSop["statedTotal"] {
  const found = readStatedTotal(lines);
  if (!found) return null;
  const { waktu, lineNumber } = found;
  const warn = (detail: SopWarningDetail, message: string): null => {
    warnings.push(sopWarning("statedTotal", detail, message, { line: lineNumber }));
    return null;
  };
  if (waktu.warning && waktu.issue) return warn(waktu.issue, waktu.warning);
  if (waktu.text === null) return warn({ code: "totalNoTime", params: {} }, "a total is named but no time is given");
  if (waktu.standard === null) {
    return warn({ code: "totalNoSingleStandard", params: { text: waktu.text } }, `the stated total "${waktu.text}" gives no single standard`);
  }

  const sum = sumOfSteps(steps);
  if (steps.length > 0 && !totalMatches(waktu.standard, sum)) {
    warn(
      { code: "totalDiffers", params: { text: waktu.text, days: sum.days, minutes: sum.minutes } },
      `the stated total "${waktu.text}" differs from the sum of the steps not owned by the applicant (${formatSum(sum)}); ` +
        "the stated total is the permit's standard",
    );
  }
  return { waktu: waktu.text, standard: waktu.standard };
}

export function parseSopDocument(text: string): ParsedSopDocument {
  const warnings: SopWarning[] = [];
  const lines = splitLines(text);
  const table = findStepTable(lines);
  const identity = readIdentity(table ? lines.slice(0, table.headerStart) : lines, warnings);

  let steps: SopStep[] = [];
  if (!table) {
    warnings.push(
      sopWarning(
        "steps",
        { code: "noStepTable", params: {} },
        'no step table found (a header line starting with "No" and naming the Uraian or Kegiatan column)',
      ),
    );
  } else {
    steps = buildSteps(readStepRows(lines, table, warnings), table, warnings);
    if (steps.length === 0) warnings.push(sopWarning("steps", { code: "noNumberedRows", params: {} }, "the step table has no numbered rows"));
  }

  const sop = parsedSopSchema.parse({
    ...identity,
    statedTotal: statedTotal(lines, steps, warnings),
    sourceDocument: null,
    steps,
  });
  return { sop, warnings };
}
