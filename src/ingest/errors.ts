// A file that cannot be read as an export at all. Problems of single rows are RowRejects instead
// (normalize.ts): they are reported and the rest of the file goes on.

export type IngestErrorCode =
  | "not_found"
  | "empty"
  | "no_rows"
  | "format_mismatch"
  | "unsupported_format"
  | "encoding"
  | "record_too_large"
  | "syntax"
  | "too_large"
  | "too_deep"
  | "corrupt"
  | "missing_column"
  | "no_sheet"
  | "unknown_profile"
  | "invalid_profile";

export interface IngestErrorInit {
  code: IngestErrorCode;
  file: string;
  row?: number;
  field?: string;
  message: string;
}

export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly file: string;
  readonly row: number | undefined;
  readonly field: string | undefined;

  constructor(init: IngestErrorInit, options?: { cause?: unknown }) {
    const where = [init.row !== undefined ? `row ${init.row}` : null, init.field !== undefined ? `field "${init.field}"` : null]
      .filter((x) => x !== null)
      .join(", ");
    super(`${init.file}${where ? ` (${where})` : ""}: ${init.message}`, options);
    this.name = "IngestError";
    this.code = init.code;
    this.file = init.file;
    this.row = init.row;
    this.field = init.field;
  }
}
