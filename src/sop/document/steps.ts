import type { SopStep } from "../schema.ts";
import { formatStandard, parseWaktu } from "../waktu.ts";
import { inferActor } from "./actors.ts";
import type { StepRow } from "./rows.ts";
import type { StepTable } from "./table.ts";
import { type SopWarning, type SopWarningDetail, sopWarning } from "./warnings.ts";

// Turns the table's rows into SOP steps: the Waktu read into a standard, the actor and owner
// inferred, and a warning for each thing a person should settle.

export function buildSteps(rows: StepRow[], table: StepTable, warnings: SopWarning[]): SopStep[] {
  const headerActors = [...table.actors.values()];
  return rows.map((row, i) => {
    const field = (name: string): string => `steps[${i}].${name}`;
    const warn = (name: string, detail: SopWarningDetail, message: string): void => {
      warnings.push(sopWarning(field(name), detail, message, { step: row.number }));
    };
    if (row.number !== i + 1) {
      warnings.push(
        sopWarning(
          `steps[${i}]`,
          { code: "stepNumbering", params: { step: i + 1, number: row.number, line: row.lineNumber } },
          `step ${i + 1} is numbered ${row.number} in the document (line ${row.lineNumber})`,
        ),
      );
    }

    const description = row.description !== "" ? row.description : `Langkah ${row.number}`;
    if (row.description === "") {
      warn("description", { code: "stepNoDescription", params: { line: row.lineNumber } }, `no Uraian in the document (line ${row.lineNumber})`);
    }

    const waktu = parseWaktu(row.waktu);
    if (waktu.warning && waktu.issue) warn("waktu", waktu.issue, waktu.warning);
    if (waktu.needsChoice) {
      const text = waktu.text ?? "";
      const options = waktu.alternatives.map((a) => `${formatStandard(a.standard, "en")} ${a.condition}`).join(", ");
      warn(
        "standard",
        { code: "stepAlternatives", params: { text, options } },
        `Waktu "${text}" gives a standard per condition (${options}); the standard is left empty until one is chosen`,
      );
    }

    const actor = inferActor({ ...row, description, waktu: waktu.text, standard: waktu.standard }, headerActors);
    if (actor.warning) warn("actor", actor.warning, actor.warning.message);

    return {
      description,
      actor: actor.actor,
      owner: actor.owner,
      waktu: waktu.text,
      standard: waktu.standard,
      waktuLower: waktu.lower,
      alternatives: waktu.alternatives,
      kelengkapan: row.kelengkapan,
      output: row.output,
      aliases: [],
    };
  });
}
