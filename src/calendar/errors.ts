// Errors of the calendar engine. A calendar file is checked in full and every problem is reported
// at once, each naming the field it is about, so an office can fix its file in one pass.

export interface CalendarIssue {
  /** Field path in the calendar file, e.g. "weekly.mon[1]" or "holidays[3]"; "" for the whole file. */
  readonly path: string;
  readonly message: string;
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
