import type { EventsProfile, Profile, StepRowsProfile, WideProfile } from "../ingest/profile.ts";
import { nameKey } from "../sop/similarity.ts";
import { formatTime } from "./format.ts";
import type { SimPermit, SimStep } from "./simulate.ts";

// Simulated permits as rows of an export in a profile's shape, under the profile's column names
// (the first of each column's alternatives), date format (its first) and status words.

export interface SampleTable {
  columns: string[];
  rows(permit: SimPermit): string[][];
}

type Column = [name: string, value: (c: RowContext) => string];

interface RowContext {
  permit: SimPermit;
  step: SimStep;
  id: number;
  time: number | null;
}

function permitTypeColumn(profile: Profile): string | null {
  return profile.permitType && "column" in profile.permitType ? profile.permitType.column[0]! : null;
}

function stepRows(profile: StepRowsProfile, time: (t: number | null) => string): SampleTable {
  const c = profile.columns;
  const word = (s: SimStep) => profile.statuses[s.status][0] ?? s.status;
  const tte = (p: SimPermit) => p.steps.find((s) => /tte|tanda tangan|penandatanganan/i.test(s.name) && s.end !== null)?.end ?? null;
  const sicantik = profile.name === "sicantik";
  const columns: (Column | null)[] = [
    c.recordId ? [c.recordId[0]!, (x) => String(x.id)] : null,
    sicantik ? ["permohonan_izin_id", (x) => x.permit.number.replace(/\D/g, "")] : null,
    [c.permitNumber[0]!, (x) => x.permit.number],
    permitTypeColumn(profile) ? [permitTypeColumn(profile)!, (x) => x.permit.sop.permitType] : null,
    sicantik ? ["jenis_izin_id", (x) => String(x.permit.sopIndex + 1)] : null,
    sicantik ? ["jenis_proses_id", (x) => String(x.step.index + 1)] : null,
    [c.step[0]!, (x) => x.step.name],
    c.status ? [c.status[0]!, (x) => word(x.step)] : null,
    // SiCantik leaves the first step's start empty more often than not.
    [c.start[0]!, (x) => time(sicantik && x.step.index === 0 && x.step.occurrence === 1 && x.id % 5 < 3 ? null : x.step.start)],
    [c.end[0]!, (x) => time(x.step.end)],
    c.actor ? [c.actor[0]!, (x) => x.step.officer ?? ""] : null,
    sicantik ? ["tgl_signed_report", (x) => time(tte(x.permit))] : null,
    c.submittedAt ? [c.submittedAt[0]!, (x) => time(x.permit.submittedAt)] : null,
    c.permitFinishedAt ? [c.permitFinishedAt[0]!, (x) => time(x.permit.finishedAt)] : null,
  ];
  const cols = columns.filter((x) => x !== null);
  let id = 0;
  return {
    columns: cols.map(([name]) => name),
    rows: (permit) => permit.steps.map((step) => {
      const ctx: RowContext = { permit, step, id: ++id, time: null };
      return cols.map(([, value]) => value(ctx));
    }),
  };
}

function eventRows(profile: EventsProfile, time: (t: number | null) => string): SampleTable {
  const c = profile.columns;
  const withTransitions = c.transition !== undefined && profile.transitions.start.length > 0 && profile.transitions.complete.length > 0;
  const columns: (Column | null)[] = [
    c.recordId ? [c.recordId[0]!, (x) => String(x.id)] : null,
    [c.permitNumber[0]!, (x) => x.permit.number],
    permitTypeColumn(profile) ? [permitTypeColumn(profile)!, (x) => x.permit.sop.permitType] : null,
    c.submittedAt ? [c.submittedAt[0]!, (x) => time(x.permit.submittedAt)] : null,
    [c.step[0]!, (x) => x.step.name],
    [c.timestamp[0]!, (x) => time(x.time)],
    withTransitions ? [c.transition![0]!, (x) => (x.time === x.step.start ? profile.transitions.start[0]! : profile.transitions.complete[0]!)] : null,
    c.actor ? [c.actor[0]!, (x) => x.step.officer ?? ""] : null,
  ];
  const cols = columns.filter((x) => x !== null);
  const finalStep = profile.finalSteps[0];
  let id = 0;
  return {
    columns: cols.map(([name]) => name),
    rows: (permit) => {
      const events: { step: SimStep; time: number }[] = [];
      for (const step of permit.steps) {
        if (step.status === "skipped" || step.status === "waiting") continue;
        if (withTransitions || profile.eventMeaning === "entered") events.push({ step, time: step.start! });
        if (step.end !== null && (withTransitions || profile.eventMeaning === "completed")) events.push({ step, time: step.end });
      }
      if (profile.eventMeaning === "entered" && !withTransitions && finalStep && permit.finishedAt !== null) {
        events.push({ step: { ...permit.steps[permit.steps.length - 1]!, name: finalStep, officer: null }, time: permit.finishedAt });
      }
      return events.map((e) => {
        const ctx: RowContext = { permit, step: e.step, id: ++id, time: e.time };
        return cols.map(([, value]) => value(ctx));
      });
    },
  };
}

function wideRows(profile: WideProfile, time: (t: number | null) => string): SampleTable {
  const c = profile.columns;
  const columns: string[] = [c.permitNumber[0]!];
  const typeColumn = permitTypeColumn(profile);
  if (typeColumn) columns.push(typeColumn);
  if (c.submittedAt) columns.push(c.submittedAt[0]!);
  for (const stage of profile.stages) {
    columns.push(stage.column[0]!);
    if (stage.actor) columns.push(stage.actor[0]!);
  }
  if (c.permitFinishedAt) columns.push(c.permitFinishedAt[0]!);
  if (c.permitStatus) columns.push(c.permitStatus[0]!);
  return {
    columns,
    rows: (permit) => {
      const row: string[] = [permit.number];
      if (typeColumn) row.push(permit.sop.permitType);
      if (c.submittedAt) row.push(time(permit.submittedAt));
      for (const stage of profile.stages) {
        // The stage is the SOP step that has the stage's name among its aliases; its last occurrence ends it.
        const key = nameKey(stage.step);
        const index = permit.sop.steps.findIndex((s) => s.aliases.some((a) => nameKey(a) === key));
        const step = permit.steps.findLast((s) => s.index === index && s.end !== null);
        row.push(time(step?.end ?? null));
        if (stage.actor) row.push(step?.officer ?? "");
      }
      if (c.permitFinishedAt) row.push(time(permit.finishedAt));
      if (c.permitStatus) row.push(permit.finishedAt !== null ? "Selesai" : "Proses");
      return [row];
    },
  };
}

export function sampleTable(profile: Profile, timeZone: string): SampleTable {
  const format = profile.dateFormats[0]!;
  // Where the profile knows SiCantik's sentinel date, empty dates are written as SiCantik writes them.
  const empty = profile.emptyValues.some((v) => v.startsWith("0001-01-01")) ? "0001-01-01 00:00:00" : "";
  const time = (t: number | null) => (t === null ? empty : formatTime(t, format, timeZone));
  switch (profile.shape) {
    case "step_rows":
      return stepRows(profile, time);
    case "events":
      return eventRows(profile, time);
    case "wide":
      return wideRows(profile, time);
  }
}
