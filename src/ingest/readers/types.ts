// What every reader yields: one record of the export with its position in the file.

/** A cell: text, a number, a Date (an XLSX date cell: wall-clock time written as if UTC), or empty. */
export type FieldValue = string | number | Date | null;

export interface SourceRow {
  /**
   * Where a person finds the record: CSV, the line it starts on (the header is line 1); XLSX, the
   * sheet's row number; JSON, its position in the rows array (1-based); XES, the event's position
   * in the log (1-based).
   */
  row: number;
  /** By column name, trimmed and lower-cased. */
  fields: Record<string, FieldValue>;
  /** Set when the reader could read the record but not trust it (e.g. a CSV line with too few fields). */
  problem?: string;
}

export const SOURCE_FORMATS = ["csv", "xlsx", "json", "xes", "xes_gz"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface ReadLimits {
  /** Longest record (CSV line or quoted field, JSON row, one JSON or XML token), in bytes. */
  maxRecordBytes: number;
  /** Most bytes an XLSX or a .gz may expand to, counted as they inflate. */
  maxUncompressedBytes: number;
  /**
   * Highest uncompressed/compressed ratio (compression-bomb guard): of an XLSX entry over 1 MiB by
   * its header, and of any compressed stream (a .gz, an XLSX part) once it has given 2 MiB,
   * counted as it inflates. Exports compress 5–30 times; bombs 150–1000.
   */
  maxCompressionRatio: number;
  /** Deepest nesting of JSON arrays and objects (the rows array of a SiCantik response is at 3, a row's values at 4 or 5). */
  maxJsonDepth: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxRecordBytes: 1024 * 1024,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxJsonDepth: 64,
};

export interface ReadOptions {
  /** The name to report in errors (e.g. the uploaded file's name); default: the path's base name. */
  name?: string;
  /** Skip detection and read as this format (the content is still checked). */
  format?: SourceFormat;
  /** XLSX: the sheet to read, by name; default: the first sheet of the workbook. */
  sheet?: string;
  limits?: Partial<ReadLimits>;
}

export interface ReaderContext {
  path: string;
  name: string;
  limits: ReadLimits;
}
