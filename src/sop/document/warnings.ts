import { WAKTU_WARNING_CODES, type WaktuWarningParams } from "../waktu.ts";

/**
 * The parameters of each kind of warning, by code. A page words a warning from its code and
 * parameters in the reader's language; `message` is the same in English, for the CLI and logs.
 * Codes are stable: a page may be given warnings stored or printed by another version.
 */
export type SopWarningParams = WaktuWarningParams & {
  /** A step numbered out of sequence: the `step`th row is numbered `number` (document line `line`). */
  stepNumbering: { step: number; number: number; line: number };
  stepNoDescription: { line: number };
  /** The step's Waktu gives a standard per condition; `options` as in the message (English units). */
  stepAlternatives: { text: string; options: string };
  actorSeveralMarks: { actors: string; actor: string };
  actorMarkShifted: { actor: string };
  actorSeveralMarksShifted: { actors: string; actor: string };
  actorMixedOwners: { actors: string; actor: string };
  /** `subject` only forwards the file; the `waktu` is taken as `recipient`'s work. */
  actorForwards: { subject: string; waktu: string; recipient: string };
  actorForwardsMixedOwners: { subject: string; waktu: string; recipient: string; actors: string; actor: string };
  actorNone: Record<string, never>;
  tableNoWaktuColumn: Record<string, never>;
  tableInterrupted: { line: number; resumedLine: number };
  noStepTable: Record<string, never>;
  noNumberedRows: Record<string, never>;
  /** `label` is the document's own label ("Tanggal Efektif"), `text` what it holds. */
  dateInvalid: { label: string; text: string };
  noName: Record<string, never>;
  noPermitType: Record<string, never>;
  noEffectiveFrom: Record<string, never>;
  totalNoTime: Record<string, never>;
  totalNoSingleStandard: { text: string };
  /** The stated total differs from the steps' sum of `days` working days and `minutes` minutes. */
  totalDiffers: { text: string; days: number; minutes: number };
};

export type SopWarningCode = keyof SopWarningParams;

/** Every code a warning of the SOP document parser can carry. */
export const SOP_WARNING_CODES = [
  ...WAKTU_WARNING_CODES,
  "stepNumbering",
  "stepNoDescription",
  "stepAlternatives",
  "actorSeveralMarks",
  "actorMarkShifted",
  "actorSeveralMarksShifted",
  "actorMixedOwners",
  "actorForwards",
  "actorForwardsMixedOwners",
  "actorNone",
  "tableNoWaktuColumn",
  "tableInterrupted",
  "noStepTable",
  "noNumberedRows",
  "dateInvalid",
  "noName",
  "noPermitType",
  "noEffectiveFrom",
  "totalNoTime",
  "totalNoSingleStandard",
  "totalDiffers",
] as const satisfies readonly SopWarningCode[];

// Every code of SopWarningParams is listed above (a compile error names any missing one).
const everyCodeListed: Exclude<SopWarningCode, (typeof SOP_WARNING_CODES)[number]> extends never ? true : never = true;
void everyCodeListed;

/** The message is about a step (`step` as numbered in the document) or a line of the document. */
export type SopWarningPlace = { step: number } | { line: number };

/** A warning's code with its parameters. */
export type SopWarningDetail<C extends SopWarningCode = SopWarningCode> = { [K in C]: { code: K; params: SopWarningParams[K] } }[C];

/**
 * Something in an SOP document a person should check. `field` is the path of the value concerned in
 * the parsed SOP ("steps[3].waktu", "statedTotal", "effectiveFrom"); step indexes count from 0, while
 * messages name steps by their number in the document. `message` is English ("step 4: ..." when
 * `at` names a step, "line 12: ..." when it names a line); pages word it from `code` and `params`.
 */
export type SopWarning = SopWarningDetail & {
  field: string;
  message: string;
  at: SopWarningPlace | null;
};

/** A warning; `body` is the English message without the "step N: " or "line N: " of `at`. */
export function sopWarning(field: string, detail: SopWarningDetail, body: string, at: SopWarningPlace | null = null): SopWarning {
  const where = at === null ? "" : "step" in at ? `step ${at.step}: ` : `line ${at.line}: `;
  // Only the code and parameters of `detail`: it may be a larger object (an ActorWarning with its message).
  return { field, message: `${where}${body}`, code: detail.code, params: detail.params, at } as SopWarning;
}
