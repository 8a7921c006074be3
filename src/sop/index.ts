// The SOP catalogue's pure core: the SOP data format, the Waktu parser, the SOP document parser and
// the reader that turns .txt / .xlsx / .docx files into the text the parser reads.

export * from "./schema.ts";
export { formatStandard, parseWaktu, type WaktuResult } from "./waktu.ts";
export { compareStatedTotal, sumOfSteps, type StepSum, type TotalComparison } from "./totals.ts";
export { parseSopDocument, type ParsedSopDocument } from "./document/parse-document.ts";
export type { SopWarning } from "./document/warnings.ts";
export { readSopDocument, SopDocumentError } from "./read-document.ts";
