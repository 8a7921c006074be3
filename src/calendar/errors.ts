// Errors of the calendar engine. A calendar file is checked in full and every problem is reported
// at once, each naming the field it is about, so an office can fix its file in one pass.

/**
 * The parameters of each kind of calendar problem, by code. Pages word a problem from its code and
 * parameters in the reader's language; `message` says the same in English, for the CLI and logs.
 */
export type CalendarIssueParams = {
  unknownTimeZone: { zone: string };
  noWorkingHours: Record<string, never>;
  /** A period whose "to" date is before its "from" date. */
  periodEndsBeforeStart: { from: string; to: string };
  /** The period overlaps periods[`index`], named `name`, running `from`..`to`. */
  periodsOverlap: { index: number; name: string; from: string; to: string };
  /** `date` is already listed at holidays[`index`]. */
  holidayDuplicate: { date: string; index: number };
  /** An interval whose start (`from`) is not before its end (`to`), "HH:MM". */
  intervalStartNotBeforeEnd: { from: string; to: string };
  /** Intervals "HH:MM–HH:MM": `current` starts before `previous`. */
  intervalsOutOfOrder: { previous: string; current: string };
  intervalsOverlap: { previous: string; current: string };
  yearOutOfRange: { date: string; first: number; last: number };
  /** `fields` quoted and comma-separated, as in the message; `count` of them. */
  unknownFields: { fields: string; count: number };
  required: Record<string, never>;
  /** A holiday entry that is neither a date nor a { date, name?, kind? } object. */
  invalidHoliday: Record<string, never>;
  clockFormat: Record<string, never>;
  dateFormat: Record<string, never>;
  notRealDate: Record<string, never>;
  emptyText: Record<string, never>;
  numberAbove: { minimum: number };
  numberAtLeast: { minimum: number };
  numberBelow: { maximum: number };
  numberAtMost: { maximum: number };
  /** A value of the wrong type: `expected` and `received` are type names ("number", "NaN"). */
  invalidType: { expected: string; received: string };
  /** `options` quoted and separated by "|". */
  invalidOption: { options: string };
  /** Anything else the file format refuses; `detail` is the validator's English message. */
  invalid: { detail: string };
};

export type CalendarIssueCode = keyof CalendarIssueParams;

/** Every code a calendar issue can carry. */
export const CALENDAR_ISSUE_CODES = [
  "unknownTimeZone",
  "noWorkingHours",
  "periodEndsBeforeStart",
  "periodsOverlap",
  "holidayDuplicate",
  "intervalStartNotBeforeEnd",
  "intervalsOutOfOrder",
  "intervalsOverlap",
  "yearOutOfRange",
  "unknownFields",
  "required",
  "invalidHoliday",
  "clockFormat",
  "dateFormat",
  "notRealDate",
  "emptyText",
  "numberAbove",
  "numberAtLeast",
  "numberBelow",
  "numberAtMost",
  "invalidType",
  "invalidOption",
  "invalid",
] as const satisfies readonly CalendarIssueCode[];

// Every code of CalendarIssueParams is listed above (a compile error names any missing one).
const everyCodeListed: Exclude<CalendarIssueCode, (typeof CALENDAR_ISSUE_CODES)[number]> extends never ? true : never = true;
void everyCodeListed;

/** A problem's code with its parameters. */
export type CalendarIssueDetail<C extends CalendarIssueCode = CalendarIssueCode> = {
  [K in C]: { readonly code: K; readonly params: CalendarIssueParams[K] };
}[C];

export type CalendarIssue = CalendarIssueDetail & {
  /** Field path in the calendar file, e.g. "weekly.mon[1]" or "holidays[3]"; "" for the whole file. */
  readonly path: string;
  /** In English. */
  readonly message: string;
};

export function calendarIssue(path: string, detail: CalendarIssueDetail, message: string): CalendarIssue {
  return { path, message, code: detail.code, params: detail.params } as CalendarIssue;
}

export class CalendarError extends Error {
  readonly issues: readonly CalendarIssue[];

  constructor(issues: readonly CalendarIssue[]) {
    super(
      issues.length === 1
        ? `invalid calendar: ${formatIssue(issues[0]!)}`
        : `invalid calendar (${issues.length} problems):\n${issues.map((i) => `  - ${formatIssue(i)}`).join("\n")}`,
    );
    this.name = "CalendarError";
    this.issues = issues;
  }
}

export function formatIssue(issue: CalendarIssue): string {
  return issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
}

/** ["weekly", "mon", 1] → "weekly.mon[1]" */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}
