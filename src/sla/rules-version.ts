/**
 * The version of the SLA rules (DOMAIN.md section 5 as src/sla reads them). Raised whenever a change
 * gives a different verdict for the same data; stored verdicts of an older version are redone when
 * the server starts (src/jobs/refresh-open-verdicts.ts).
 *
 * 2: a permit finishes at the office's last step, whatever the applicant's collection; a day
 *    standard due in a break keeps its clock time (issue 17).
 * 3: a permit's working time and standard are the office's own, net of the applicant's pause
 *    (issue 16).
 * 4: open verdicts carry their crossing instants (warning shares, standard), by the office's
 *    thresholds (issue 13).
 */
export const RULES_VERSION = 4;
