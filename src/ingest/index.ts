// Ingestion core: export files → rows → step occurrences, by profile. No database, no HTTP.
// See docs/profiles.md.

export { IngestError, type IngestErrorCode } from "./errors.ts";
export {
  DEFAULT_MAX_BUFFERED_ROWS,
  DEFAULT_MAX_PERMITS_IN_MEMORY,
  DEFAULT_WINDOW_ROWS,
  ingestFile,
  type IngestOptions,
  normalize,
  normalizeBatches,
  type NormalizedItem,
  type NormalizeOptions,
  type NormalizeSummary,
  type RowReject,
  type StepOccurrence,
} from "./normalize.ts";
export { listProfiles, loadProfile, parseProfile, type Profile, profileSchema, PROFILES_DIR, type StepStatus } from "./profile.ts";
export {
  DEFAULT_LIMITS,
  detectFormat,
  type FieldValue,
  type ReadLimits,
  type ReadOptions,
  readFileRowBatches,
  readFileRows,
  type SourceFormat,
  type SourceRow,
} from "./readers/index.ts";
export { DATE_FORMATS, type DateFormat, parseTime } from "./timestamps.ts";
export { zonedWallToInstant } from "./zone.ts";
