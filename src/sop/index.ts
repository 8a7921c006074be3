// The SOP catalogue's pure core: the SOP data format, the Waktu parser, the SOP document parser and
// the reader that turns .txt / .xlsx / .docx files into the text the parser reads.

export * from "./schema.ts";
export {
  formatStandard,
  parseWaktu,
  WAKTU_WARNING_CODES,
  type WaktuIssue,
  type WaktuResult,
  type WaktuWarningCode,
  type WaktuWarningParams,
} from "./waktu.ts";
export { compareStatedTotal, sumOfSteps, type StepSum, type TotalComparison } from "./totals.ts";
export { parseSopDocument, type ParsedSopDocument } from "./document/parse-document.ts";
export {
  SOP_WARNING_CODES,
  type SopWarning,
  type SopWarningCode,
  type SopWarningDetail,
  type SopWarningParams,
  type SopWarningPlace,
} from "./document/warnings.ts";
export { readSopDocument, SopDocumentError } from "./read-document.ts";
