import { addWorkingSeconds, type Calendar, dueAt, workingIntervalsOn } from "../calendar/index.ts";
import { MS_PER_DAY, offsetAt } from "../calendar/zoned-time.ts";
import { zonedWallToInstant } from "../ingest/zone.ts";
import type { StepStatus } from "../ingest/profile.ts";
import type { Owner, Sop, SopStep } from "../sop/schema.ts";
import { Officers } from "./officers.ts";
import { Random } from "./random.ts";

// Permits as an office lives them, from its SOPs and its calendar: arrivals in working hours, each
// step taking a share of its time standard (mostly within it, a real tail beyond, the Tim Teknis
// steps most often late), some files returned to the applicant (the check redone: occurrence 2),
// a few steps dropped, and permits still open at `now`. Pure: the same options give the same permits.

export interface SimStep {
  /** Index of the SOP step. */
  index: number;
  name: string;
  owner: Owner | null;
  occurrence: number;
  status: StepStatus;
  start: number | null;
  end: number | null;
  officer: string | null;
}

export interface SimPermit {
  number: string;
  sop: Sop;
  sopIndex: number;
  submittedAt: number;
  /** When the last step ended; null while open. */
  finishedAt: number | null;
  steps: SimStep[];
}

export interface SimulateOptions {
  sops: readonly Sop[];
  calendar: Calendar;
  months: number;
  seed: number;
  now: Date;
  /** Mean applications per working day, all permit types together (default 12). */
  permitsPerDay?: number;
}

/** Share of steps ending past their standard, by owner: the sector agency is the usual bottleneck. */
const LATE_SHARE: Record<Owner, number> = { office: 0.08, sector_agency: 0.3, applicant: 0.05 };
const WORST_FACTOR: Record<Owner, number> = { office: 3, sector_agency: 4, applicant: 3 };
const RETURN_SHARE = 0.07;
const DROP_SHARE = 0.02;

/** The name a source system shows for an SOP step: its first alias, else the start of its description. */
function sourceName(step: SopStep): string {
  return step.aliases[0] ?? step.description.slice(0, 60);
}

function initials(text: string): string {
  return text
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length > 2 && /^[A-Z]/.test(w))
    .map((w) => w[0])
    .join("");
}

/** When the step ends if started at `start`: a share of its standard, working time or working days. */
function stepEnd(cal: Calendar, random: Random, step: SopStep, start: number): number {
  const owner = step.owner ?? "office";
  const factor = random.chance(LATE_SHARE[owner]) ? random.between(1.05, WORST_FACTOR[owner]) : random.between(0.15, 0.95);
  // Steps without a standard (the applicant collecting the permit) take a few hours to a few days.
  const standard = step.standard ?? { value: owner === "applicant" ? 1 : 0.5, unit: "day" as const };
  const value = standard.value * factor;
  if (standard.unit === "day") return dueAt(cal, new Date(start), { value, unit: "day" }).getTime();
  const seconds = value * (standard.unit === "hour" ? 3600 : 60);
  return addWorkingSeconds(cal, new Date(start), seconds).getTime();
}

/** Working days from `months` months before `now` up to `now`, as local dates with their midnight instant. */
function* workingDays(cal: Calendar, months: number, now: Date): Generator<{ date: string; midnight: number; seconds: number }> {
  const today = new Date(now.getTime() + offsetAt(cal.timezone, now.getTime()));
  const first = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, today.getUTCDate());
  for (let wall = first; wall <= today.getTime(); wall += MS_PER_DAY) {
    const date = new Date(wall).toISOString().slice(0, 10);
    const info = workingIntervalsOn(cal, date);
    if (info.kind === "working") yield { date, midnight: zonedWallToInstant(cal.timezone, Date.parse(`${date}T00:00:00Z`)), seconds: info.workingSeconds };
  }
}

export function* simulatePermits(options: SimulateOptions): Generator<SimPermit> {
  const { sops, calendar: cal } = options;
  if (sops.length === 0) throw new Error("no SOPs to simulate");
  const random = new Random(options.seed);
  const officers = new Officers(random);
  const now = options.now.getTime();
  const perDay = options.permitsPerDay ?? 12;
  const counters = new Map<string, number>();

  for (const day of workingDays(cal, options.months, options.now)) {
    const arrivals: number[] = [];
    const count = random.poisson(perDay);
    for (let k = 0; k < count; k++) {
      arrivals.push(addWorkingSeconds(cal, new Date(day.midnight), random.between(0, 0.97) * day.seconds).getTime());
    }
    arrivals.sort((a, b) => a - b);
    for (const submittedAt of arrivals) {
      if (submittedAt > now) continue;
      const sopIndex = random.int(0, sops.length - 1);
      const sop = sops[sopIndex]!;
      const month = day.date.slice(0, 7);
      const key = `${sopIndex}/${month}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      const number = `${initials(sop.permitType) || "IZN"}/${month.replace("-", "/")}/${String(n).padStart(5, "0")}`;
      yield simulatePermit({ number, sop, sopIndex, submittedAt, now, cal, random, officers });
    }
  }
}

interface PermitContext {
  number: string;
  sop: Sop;
  sopIndex: number;
  submittedAt: number;
  now: number;
  cal: Calendar;
  random: Random;
  officers: Officers;
}

function simulatePermit(p: PermitContext): SimPermit {
  const { sop, random } = p;
  // The applicant's own first step is returned to when the file is incomplete; the first office
  // step is the check that returns it.
  const applicantStep = sop.steps.findIndex((s) => s.owner === "applicant");
  const checkStep = sop.steps.findIndex((s) => s.owner === "office");
  const returned = applicantStep >= 0 && checkStep > applicantStep && random.chance(RETURN_SHARE);
  const dropped = random.chance(DROP_SHARE) ? random.int(checkStep + 1, sop.steps.length - 1) : -1;

  const plan: number[] = [];
  sop.steps.forEach((_, i) => {
    plan.push(i);
    if (returned && i === checkStep) plan.push(applicantStep, checkStep);
  });

  const seen = new Map<number, number>();
  const steps: SimStep[] = [];
  let t: number | null = p.submittedAt;
  for (const index of plan) {
    const step = sop.steps[index]!;
    const occurrence = (seen.get(index) ?? 0) + 1;
    seen.set(index, occurrence);
    const add = (status: StepStatus, start: number | null, end: number | null, officer: string | null) =>
      steps.push({ index, name: sourceName(step), owner: step.owner, occurrence, status, start, end, officer });
    if (index === dropped) {
      add("skipped", null, null, null);
      continue;
    }
    if (t === null) {
      add("waiting", null, null, null);
      continue;
    }
    const officer = step.owner === "applicant" ? "Pemohon" : p.officers.at(step.actor ?? "Petugas");
    const end = stepEnd(p.cal, random, step, t);
    if (end > p.now) {
      add("in_progress", t, null, officer);
      t = null;
      continue;
    }
    add("finished", t, end, officer);
    t = end;
  }
  return { number: p.number, sop, sopIndex: p.sopIndex, submittedAt: p.submittedAt, finishedAt: t, steps };
}
