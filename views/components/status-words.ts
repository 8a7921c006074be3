import type { MessageKey } from "../i18n.ts";

// An SLA status in the reader's words: the same on the pages, in list exports and in the report.

export const STATUS_KEYS: Record<string, MessageKey> = {
  on_time: "stOnTime",
  late: "stLate",
  open: "stOpen",
  at_risk: "stAtRisk",
  open_late: "stOpenLate",
  no_standard: "stNoStandard",
  not_measurable: "stNotMeasurable",
};
