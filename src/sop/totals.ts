import type { Owner, TimeStandard } from "./schema.ts";

// The SOP page sets the stated total beside the sum of the steps. Steps in days and steps in
// minutes/hours are summed apart (they are counted by different rules); for comparison a day is
// taken as the calendar's day length in working hours.

export interface StepStandard {
  owner: Owner | null;
  standard: TimeStandard | null;
}

export interface StepSum {
  days: number;
  minutes: number;
  /** Steps counted in the sum. */
  counted: number;
  /** Steps left out: no standard, or the applicant's own time. */
  skipped: number;
}

/** Sum of the non-applicant steps' standards (DOMAIN.md section 5, rule 6). */
export function sumOfSteps(steps: StepStandard[]): StepSum {
  const sum: StepSum = { days: 0, minutes: 0, counted: 0, skipped: 0 };
  for (const s of steps) {
    if (!s.standard || s.owner === "applicant") {
      sum.skipped++;
      continue;
    }
    sum.counted++;
    if (s.standard.unit === "day") sum.days += s.standard.value;
    else sum.minutes += s.standard.value * (s.standard.unit === "hour" ? 60 : 1);
  }
  return sum;
}

function standardToWorkingMinutes(s: TimeStandard, dayLengthHours: number): number {
  return s.value * (s.unit === "day" ? dayLengthHours * 60 : s.unit === "hour" ? 60 : 1);
}

function sumToWorkingMinutes(sum: StepSum, dayLengthHours: number): number {
  return sum.days * dayLengthHours * 60 + sum.minutes;
}

export interface TotalComparison {
  statedMinutes: number;
  sumMinutes: number;
  /** stated − sum, in working minutes; positive when the stated total allows more. */
  differenceMinutes: number;
}

export function compareStatedTotal(stated: TimeStandard, sum: StepSum, dayLengthHours: number): TotalComparison {
  const statedMinutes = standardToWorkingMinutes(stated, dayLengthHours);
  const sumMinutes = sumToWorkingMinutes(sum, dayLengthHours);
  return { statedMinutes, sumMinutes, differenceMinutes: statedMinutes - sumMinutes };
}
