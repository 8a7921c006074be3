import type { ColumnType, Generated, Selectable } from "kysely";
import type { CalendarFile } from "../calendar/schema.ts";
import type { Owner, TimeUnit, WaktuAlternative } from "../sop/schema.ts";
import type { SourceSystem } from "../offices/schema.ts";

// Kysely's view of the tables. Both drivers are set up to return the same JS types:
// int8 -> number, date -> "YYYY-MM-DD" string, timestamptz -> Date, jsonb -> parsed value.

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, T, T>;

export interface CalendarTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: CreatedAt;
}

export interface CalendarVersionTable {
  id: Generated<number>;
  calendar_id: number;
  version: number;
  // null: in force from the beginning.
  valid_from: string | null;
  definition: Json<CalendarFile>;
  note: string | null;
  created_at: CreatedAt;
}

export interface OfficeTable {
  id: Generated<number>;
  slug: string;
  name: string;
  region: string;
  province: string;
  source_system: SourceSystem;
  calendar_id: number;
  /** The share on time the office aims for, 0..1 (migration 016). */
  target_share: Generated<number>;
  created_at: CreatedAt;
}

export interface SopTable {
  id: Generated<number>;
  office_id: number;
  slug: string;
  permit_type: string;
  created_at: CreatedAt;
}

export interface SopVersionTable {
  id: Generated<number>;
  sop_id: number;
  version: number;
  name: string;
  number: string | null;
  affairs: string | null;
  made_on: string | null;
  revised_on: string | null;
  effective_from: string | null;
  approved_by: string | null;
  legal_basis: Json<string[]>;
  stated_total_waktu: string | null;
  stated_total_value: number | null;
  stated_total_unit: TimeUnit | null;
  source_document: string | null;
  created_at: CreatedAt;
}

export interface SopStepTable {
  id: Generated<number>;
  sop_version_id: number;
  position: number;
  description: string;
  actor: string | null;
  owner: Owner | null;
  waktu: string | null;
  standard_value: number | null;
  standard_unit: TimeUnit | null;
  kelengkapan: string | null;
  output: string | null;
  waktu_lower_value: number | null;
  waktu_lower_unit: TimeUnit | null;
  alternatives: Json<WaktuAlternative[]>;
}

export interface SopStepAliasTable {
  id: Generated<number>;
  sop_step_id: number;
  alias: string;
}

export interface PermitTable {
  id: Generated<number>;
  office_id: number;
  permit_number: string;
  permit_type: string;
  sop_id: number | null;
  submitted_at: Timestamp | null;
  finished_at: Timestamp | null;
  status: string | null;
  source_record_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  import_batch_id: number | null;
}

export interface StepRecordTable {
  id: Generated<number>;
  permit_id: number;
  step_name: string;
  occurrence: number;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  actor: string | null;
  status: string | null;
  source_record_id: string | null;
  import_batch_id: number | null;
  raw: Json<Record<string, unknown>> | null;
  sequence: number | null;
  source_step_name: string | null;
  source_file: string | null;
  source_row: number | null;
}

/** "evaluating": stored, its SLA evaluation not yet ended (under way, or to be finished: src/evaluation/batch-evaluation.ts). */
export type ImportBatchStatus = "running" | "evaluating" | "succeeded" | "failed";

export interface ImportBatchTable {
  id: Generated<number>;
  office_id: number;
  profile: string;
  files: Json<string[]>;
  status: ImportBatchStatus;
  started_at: CreatedAt;
  finished_at: Timestamp | null;
  rows_read: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  error: string | null;
  duplicates: Generated<number>;
  superseded: Generated<number>;
  /** Rows older than the stored step (it has progressed since): kept, not applied. */
  older: Generated<number>;
  /** Step occurrences the rows made (0 for batches imported before migration 011). */
  occurrences: Generated<number>;
  /** Sample data loaded from the dashboard (migration 015). */
  sample: Generated<boolean>;
  unmapped_step_names: ColumnType<string[], string[] | undefined, string[]>;
  unknown_permit_types: ColumnType<string[], string[] | undefined, string[]>;
  /** When the SLA evaluation of the permits it changed ended; null while it has not. */
  evaluated_at: Timestamp | null;
}

/** A permit an import inserted or changed (migration 009). */
export interface ImportBatchPermitTable {
  import_batch_id: number;
  permit_id: number;
}

export interface ImportRejectTable {
  id: Generated<number>;
  import_batch_id: number;
  file_name: string;
  row_number: number | null;
  field: string | null;
  reason: string;
  raw: string | null;
}

export interface PermitVerdictTable {
  permit_id: number;
  sop_version_id: number | null;
  calendar_version: number | null;
  received_at: Timestamp | null;
  due_at: Timestamp | null;
  finished_at: Timestamp | null;
  total_standard_kind: "stated" | "sum" | null;
  total_standard: string | null;
  working_seconds: number | null;
  calendar_seconds: number | null;
  applicant_pause_seconds: number | null;
  standard_seconds: number | null;
  share_used: number | null;
  status: string;
  reason: string | null;
  evaluated_at: Timestamp;
  office_id: number | null;
  permit_type: string | null;
  sop_id: number | null;
  /** "YYYY-MM" in the office's zone of the finish; null while open. */
  month: string | null;
  /** When the permit and its steps were read for this verdict (the database's clock). */
  read_at: Timestamp | null;
  /** The SLA rules the verdict was made by (src/sla/rules-version.ts). */
  rules_version: number;
  /** Instants of crossing the warning share(s) and the standard; null unless open and running (migration 019). */
  warn_at: Timestamp | null;
  warn2_at: Timestamp | null;
  late_at: Timestamp | null;
  /** The shares warn_at and warn2_at stand for. */
  warn_share: number | null;
  warn2_share: number | null;
}

export interface StepVerdictTable {
  step_record_id: number;
  permit_id: number;
  position: number | null;
  owner: Owner | null;
  standard_value: number | null;
  standard_unit: TimeUnit | null;
  due_at: Timestamp | null;
  working_seconds: number | null;
  calendar_seconds: number | null;
  standard_seconds: number | null;
  share_used: number | null;
  status: string;
  reason: string | null;
  office_id: number | null;
  permit_type: string | null;
  sop_id: number | null;
  actor: string | null;
  ended_at: Timestamp | null;
  /** "YYYY-MM" in the office's zone of the end; null while open. */
  month: string | null;
  /** Instants of crossing the warning share(s) and the standard; null unless open and running (migration 019). */
  warn_at: Timestamp | null;
  warn2_at: Timestamp | null;
  late_at: Timestamp | null;
  /** The shares warn_at and warn2_at stand for. */
  warn_share: number | null;
  warn2_share: number | null;
}

/** Finished verdicts counted per office, month and group (src/db/repos/rollup.ts). */
export interface VerdictMonthTable {
  kind: "permit" | "step";
  office_id: number;
  permit_type: string | null;
  sop_id: number | null;
  position: number | null;
  owner: string | null;
  actor: string | null;
  month: string;
  status: string;
  n: number;
  working_sum: number;
}

/** An Excel report made (migration 014). */
export interface ReportTable {
  id: Generated<number>;
  /** The one office of a one-office report; null for several or every office. */
  office_id: number | null;
  /** The offices, ascending; null: every office (a province). Migration 018. */
  office_ids: number[] | null;
  period_from: string;
  period_to: string;
  lang: "id" | "en";
  /** "jadwal" for the monthly schedule, "cli", or who asked on the Laporan page. */
  made_by: string;
  scheduled: ColumnType<boolean, boolean | undefined, boolean>;
  status: "making" | "done" | "failed";
  /** The file under REPORTS_DIR. */
  file_name: string | null;
  bytes: number | null;
  /** The newest import batch, calendar version, SOP version and step name when it was made. */
  last_batch_id: number | null;
  calendar_version_id: number | null;
  sop_version_id: number | null;
  alias_id: number | null;
  error: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}

export interface VerdictMonthDirtyTable {
  id: Generated<number>;
  office_id: number;
  month: string;
}

/** Finished step verdicts per office, SOP step, month and bin of share of the standard (migration 013). */
export interface ShareBinMonthTable {
  office_id: number;
  sop_id: number;
  position: number;
  month: string;
  bin: number;
  n: number;
}

/** One counter per source of what pages read, bumped by triggers (migration 013). */
export interface DataVersionTable {
  source: string;
  version: number;
}

export type AlertLevel = "warning" | "warning2" | "breach";

export interface AlertThresholdTable {
  id: Generated<number>;
  office_id: number;
  permit_type: string | null;
  position: number | null;
  warn_share: number;
  warn2_share: number | null;
  updated_at: Generated<Date>;
}

export interface AlertCrossingTable {
  permit_id: number;
  /** null: the permit's total. */
  step_record_id: number | null;
  level: AlertLevel;
  at: Timestamp;
  /** The share of the standard used at `at`: the threshold, or 1 for the breach. */
  share: number;
  found_at_import: Generated<boolean>;
}

export interface AlertTable {
  id: Generated<number>;
  office_id: number;
  permit_id: number;
  step_record_id: number | null;
  level: AlertLevel;
  crossed_at: Timestamp;
  raised_at: Timestamp;
  found_at_import: Generated<boolean>;
  permit_type: string | null;
  position: number | null;
  step_name: string | null;
  actor: string | null;
  standard_seconds: number | null;
  due_at: Timestamp | null;
  share: number | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  assignee: string | null;
  resolved_at: Timestamp | null;
}

export interface AlertEventTable {
  id: Generated<number>;
  alert_id: number;
  at: Timestamp;
  /** raised, acknowledged, assigned, comment, sent, failed, cancelled, resent. */
  kind: string;
  actor: string | null;
  body: string | null;
}

export interface AlertChannelTable {
  id: Generated<number>;
  office_id: number;
  kind: "webhook" | "email";
  name: string;
  enabled: Generated<boolean>;
  levels: Generated<string[]>;
  config: Json<Record<string, unknown>>;
  templates: Json<Record<string, string>>;
  created_at: CreatedAt;
}

export interface AlertDeliveryTable {
  id: Generated<number>;
  channel_id: number;
  alert_id: number | null;
  kind: "alert" | "digest" | "test";
  idempotency_key: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<"pending" | "sending" | "sent" | "failed" | "cancelled">;
  attempts: Generated<number>;
  not_before: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface AlertDigestTable {
  office_id: number;
  day: string;
  made_at: Timestamp;
}

export type Role = "admin" | "kepala" | "operator" | "viewer";

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  all_offices: Generated<boolean>;
  must_change_password: Generated<boolean>;
  lang: "id" | "en" | null;
  disabled_at: Timestamp | null;
  password_changed_at: Timestamp;
  created_at: Timestamp;
}

export interface UserOfficeTable {
  user_id: number;
  office_id: number;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  address: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  scope: "read" | "import";
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** The offices it may read and import, ascending; null: every office of its user. */
  office_ids: number[] | null;
}

export interface SignInFailureTable {
  id: Generated<number>;
  key: string;
  at: Timestamp;
}

/** What an audit row says of a request beyond its path: never a body, a password or a token. */
export interface AuditDetail {
  /** The route's pattern as registered, e.g. "POST /sop/:slug/alias". */
  route?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** The few form fields named safe for the route (src/web/audit.ts). */
  fields?: Record<string, string>;
  /** Where the answer led: a new import batch's page, a saved SOP's. */
  location?: string;
  /** The API token the request came with: its id and name, never its secret. */
  token?: { id: number; name: string };
}

export interface AuditEventTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  /** Copied from the user (or the e-mail a failed sign-in typed): readable after the user is removed. */
  user_email: string | null;
  address: string | null;
  action: string;
  target: string;
  detail: Json<AuditDetail> | null;
  status: number;
}

export interface DB {
  calendar: CalendarTable;
  calendar_version: CalendarVersionTable;
  office: OfficeTable;
  sop: SopTable;
  sop_version: SopVersionTable;
  sop_step: SopStepTable;
  sop_step_alias: SopStepAliasTable;
  permit: PermitTable;
  step_record: StepRecordTable;
  import_batch: ImportBatchTable;
  import_reject: ImportRejectTable;
  import_batch_permit: ImportBatchPermitTable;
  permit_verdict: PermitVerdictTable;
  step_verdict: StepVerdictTable;
  verdict_month: VerdictMonthTable;
  verdict_month_dirty: VerdictMonthDirtyTable;
  report: ReportTable;
  data_version: DataVersionTable;
  share_bin_month: ShareBinMonthTable;
  alert_threshold: AlertThresholdTable;
  alert_crossing: AlertCrossingTable;
  alert: AlertTable;
  alert_event: AlertEventTable;
  alert_channel: AlertChannelTable;
  alert_delivery: AlertDeliveryTable;
  alert_digest: AlertDigestTable;
  app_user: AppUserTable;
  user_office: UserOfficeTable;
  user_session: UserSessionTable;
  sign_in_failure: SignInFailureTable;
  api_token: ApiTokenTable;
  audit_event: AuditEventTable;
}

export type SopVersionRow = Selectable<SopVersionTable>;
