// The advisory lock keys of the app, in one place so no two uses share one. One-key locks are
// bigints; two-key locks take (class, id) int4s, shown in pg_locks as classid and objid.

/** Rollup rebuilds, one at a time (src/db/repos/rollup.ts). */
export const ROLLUP_LOCK = 61_706_001;
/** Verdict writes, one page at a time (src/evaluation/evaluate-permits.ts). */
export const VERDICT_WRITE_LOCK = 61_706_002;
/** With a batch id: that batch's SLA evaluation (src/evaluation/batch-evaluation.ts). */
export const BATCH_EVALUATION_LOCK = 61_706_003;
/** With 0: evaluating permits without a verdict, or with one of older rules. */
export const OUTDATED_EVALUATION_LOCK = 61_706_004;
/** The alert job: one runner at a time takes what has crossed (src/jobs/raise-alerts.ts). */
export const ALERT_JOB_LOCK = 61_706_005;
