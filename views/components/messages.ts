import type { PasswordProblem } from "../../src/auth/password.ts";
import type { HolidayImportErrorCode, HolidayImportError } from "../../src/calendar/holiday-import.ts";
import type { CalendarIssue, CalendarIssueCode } from "../../src/calendar/index.ts";
import type { SopWarning, SopWarningCode, SopWarningDetail, WaktuIssue } from "../../src/sop/index.ts";
import type { Role } from "../../src/db/schema.ts";
import { formatStandard, parseWaktu } from "../../src/sop/waktu.ts";
import type { Lang, MessageKey, Translate } from "../i18n.ts";

// The messages of the pure core (SOP document parser, Waktu reader, calendar engine, password
// rules, roles) worded in the reader's language. The core gives each message a stable code and its parameters, and an English
// message for the CLI and logs; a code these tables do not know (from a newer or older core) is shown
// in that English.

type Vars = Record<string, string | number>;

export const PASSWORD_PROBLEM_KEYS: Readonly<Record<PasswordProblem, MessageKey>> = { tooShort: "pwTooShort", common: "pwCommon", personal: "pwPersonal" };

export const ROLE_KEYS: Readonly<Record<Role, MessageKey>> = { admin: "roleAdmin", kepala: "roleKepala", operator: "roleOperator", viewer: "roleViewer" };

export const SOP_WARNING_KEYS: Readonly<Record<SopWarningCode, MessageKey>> = {
  waktuUnrecognised: "sopWarnWaktuUnrecognised",
  waktuNotPositive: "sopWarnWaktuNotPositive",
  waktuRangeBackwards: "sopWarnWaktuRangeBackwards",
  stepNumbering: "sopWarnStepNumbering",
  stepNoDescription: "sopWarnStepNoDescription",
  stepAlternatives: "sopWarnStepAlternatives",
  actorSeveralMarks: "sopWarnActorSeveralMarks",
  actorMarkShifted: "sopWarnActorMarkShifted",
  actorSeveralMarksShifted: "sopWarnActorSeveralMarksShifted",
  actorMixedOwners: "sopWarnActorMixedOwners",
  actorForwards: "sopWarnActorForwards",
  actorForwardsMixedOwners: "sopWarnActorForwardsMixedOwners",
  actorNone: "sopWarnActorNone",
  tableNoWaktuColumn: "sopWarnTableNoWaktuColumn",
  tableInterrupted: "sopWarnTableInterrupted",
  noStepTable: "sopWarnNoStepTable",
  noNumberedRows: "sopWarnNoNumberedRows",
  dateInvalid: "sopWarnDateInvalid",
  noName: "sopWarnNoName",
  noPermitType: "sopWarnNoPermitType",
  noEffectiveFrom: "sopWarnNoEffectiveFrom",
  totalNoTime: "sopWarnTotalNoTime",
  totalNoSingleStandard: "sopWarnTotalNoSingleStandard",
  totalDiffers: "sopWarnTotalDiffers",
};

export const CALENDAR_ISSUE_KEYS: Readonly<Record<CalendarIssueCode, MessageKey>> = {
  unknownTimeZone: "calIssueUnknownTimeZone",
  noWorkingHours: "calIssueNoWorkingHours",
  periodEndsBeforeStart: "calIssuePeriodEndsBeforeStart",
  periodsOverlap: "calIssuePeriodsOverlap",
  holidayDuplicate: "calIssueHolidayDuplicate",
  intervalStartNotBeforeEnd: "calIssueIntervalStartNotBeforeEnd",
  intervalsOutOfOrder: "calIssueIntervalsOutOfOrder",
  intervalsOverlap: "calIssueIntervalsOverlap",
  yearOutOfRange: "calIssueYearOutOfRange",
  unknownFields: "calIssueUnknownFields",
  required: "calIssueRequired",
  invalidHoliday: "calIssueInvalidHoliday",
  clockFormat: "calIssueClockFormat",
  dateFormat: "calIssueDateFormat",
  notRealDate: "calIssueNotRealDate",
  emptyText: "calIssueEmptyText",
  numberAbove: "calIssueNumberAbove",
  numberAtLeast: "calIssueNumberAtLeast",
  numberBelow: "calIssueNumberBelow",
  numberAtMost: "calIssueNumberAtMost",
  invalidType: "calIssueInvalidType",
  invalidOption: "calIssueInvalidOption",
  invalid: "calIssueInvalid",
};

export const HOLIDAY_IMPORT_ERROR_KEYS: Readonly<Record<HolidayImportErrorCode, MessageKey>> = {
  icsUnreadable: "importErrIcsUnreadable",
  icsNoEvents: "importErrIcsNoEvents",
};

/** The key of a code, or undefined for a code the table does not know. */
function keyOf<C extends string>(keys: Readonly<Record<C, MessageKey>>, code: string): MessageKey | undefined {
  return Object.hasOwn(keys, code) ? keys[code as C] : undefined;
}

/** Parameters worded in the reader's language where the core's are in English or need formatting. */
function sopVars(w: SopWarningDetail, t: Translate, lang: Lang): Vars {
  switch (w.code) {
    case "stepAlternatives": {
      const alternatives = parseWaktu(w.params.text).alternatives;
      if (alternatives.length === 0) return w.params;
      return { ...w.params, options: alternatives.map((a) => `${formatStandard(a.standard, lang)} ${a.condition}`).join(", ") };
    }
    case "totalDiffers": {
      const { days, minutes } = w.params;
      const parts = [days > 0 ? t("nWorkingDaysStd", { n: days }) : "", minutes > 0 ? t("nMinutes", { n: minutes }) : ""].filter((p) => p !== "");
      return { ...w.params, sum: parts.length > 0 ? parts.join(" + ") : t("sopWarnSumNothing") };
    }
    default:
      return w.params;
  }
}

/** A Waktu the reader refused, in the reader's language; `fallback` (the English) for an unknown code. */
export function describeWaktuIssue(issue: WaktuIssue, t: Translate, fallback: string): string {
  const key = keyOf(SOP_WARNING_KEYS, issue.code);
  return key ? t(key, issue.params) : fallback;
}

/** A warning of the SOP document parser in the reader's language, with the step or line it is at. */
export function describeWarning(w: SopWarning, t: Translate, lang: Lang): string {
  const key = keyOf(SOP_WARNING_KEYS, w.code);
  if (!key) return w.message;
  const text = t(key, sopVars(w, t, lang));
  if (w.at === null) return text;
  return "step" in w.at ? t("sopWarnAtStep", { step: w.at.step, text }) : t("sopWarnAtLine", { line: w.at.line, text });
}

/** A problem the calendar engine found, in the reader's language (without its field path). */
export function describeCalendarIssue(issue: CalendarIssue, t: Translate): string {
  const key = keyOf(CALENDAR_ISSUE_KEYS, issue.code);
  if (!key) return issue.message;
  if (issue.code === "invalidType" && issue.params.expected === "number") return t("calIssueNotANumber");
  return t(key, issue.params);
}

/** Why a holiday file cannot be read, in the reader's language; the English message when there is no code. */
export function describeHolidayImportError(err: HolidayImportError, t: Translate): string {
  const key = err.detail ? keyOf(HOLIDAY_IMPORT_ERROR_KEYS, err.detail.code) : undefined;
  return key && err.detail ? t(key, err.detail.params) : err.message;
}
