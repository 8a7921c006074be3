// SLA evaluation: pure functions of a permit's step occurrences, its SOP and the office calendar
// (no I/O, no clock: `now` is a parameter). See docs/sla-evaluation.md.

export { mapStep } from "./map-step.ts";
export { evaluatePermit, pauseWithin } from "./evaluate-permit.ts";
export { DEFAULT_WARN_SHARE, usedBy } from "./evaluate-step.ts";
export type * from "./types.ts";
export { OPEN_STATUSES } from "./types.ts";
export { RULES_VERSION } from "./rules-version.ts";
