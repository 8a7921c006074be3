import type { Calendar } from "../calendar/index.ts";
import type { findPermit } from "../db/repos/permits.ts";
import { usedBy } from "../sla/index.ts";

// One permit's page and its API answer give the working time and share its open verdicts have
// used as of the request, not as of their last evaluation (the refresh runs every half hour):
// beside a status read live, a stored "70 %" could stand next to "at risk". For one permit it is a
// little calendar arithmetic; lists keep the stored figures (src/jobs/refresh-open-verdicts.ts).

type FoundPermit = NonNullable<Awaited<ReturnType<typeof findPermit>>>;

interface Used {
  late_at: Date | null;
  working_seconds: number | null;
  standard_seconds: number | null;
  share_used: number | null;
}

/** The permit with what its running verdicts (those with crossing instants) have used by `now`. */
export function usedByNow(p: FoundPermit, calendar: Calendar, now: Date): FoundPermit {
  const evaluatedAt = p.evaluated_at;
  if (evaluatedAt === null) return p;
  const forward = <T extends Used>(v: T): T => {
    if (v.late_at === null || v.working_seconds === null) return v;
    const u = usedBy(calendar, v.working_seconds, v.standard_seconds, evaluatedAt, now);
    return { ...v, working_seconds: u.workingSeconds, share_used: u.shareUsed };
  };
  return { ...forward(p), steps: p.steps.map(forward) };
}
