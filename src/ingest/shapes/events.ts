import { nameKey } from "../../sop/similarity.ts";
import { RowProblem } from "../fields.ts";
import { type BaseRow, emitSteps, mergePermit, nextOccurrence, type PermitMemory, rowReject, type Sink, stepOccurrence, type StepOccurrence, type StepValues } from "../occurrence.ts";
import type { EventsProfile } from "../profile.ts";
import type { SourceRow } from "../readers/types.ts";
import { objectStates, type Shape, type ShapeContext } from "./shape.ts";

// One row per transition event (a status history, an XES log). A permit's events are taken in time
// order, equal times in file order. A completion whose step has no start event began at the
// permit's previous event (or its submission); a start stays open until its completion; under
// "entered" each event closes the step entered before it.

type EventKind = "start" | "complete" | "skipped" | "ignore" | "entered";

interface EventRow {
  base: BaseRow;
  stepName: string;
  sourceStepName: string;
  time: number;
  timeField: string;
  kind: EventKind;
  /** Entering one of the profile's final steps: the process is over. */
  final: boolean;
  actor: string | null;
}

interface Opened {
  row: EventRow;
  sequence: number;
  occurrence: number;
  start: number | null;
}

interface EventsState {
  sequence: number;
  /** Names of the permit's steps so far, for occurrence numbers. */
  stepNames: string[];
  /** Time of the permit's latest event that was not ignored. */
  lastTime: number | null;
  /** Steps started and not yet completed, by name. */
  open: Map<string, Opened>;
  /** Under "entered": the step the permit is in. */
  entered: Opened | null;
}

export function eventsShape(profile: EventsProfile, ctx: ShapeContext): Shape<EventRow, EventsState> {
  const c = profile.columns;
  const r = ctx.reader;
  const kindOf = new Map<string, EventKind>();
  for (const [kind, words] of Object.entries(profile.transitions) as [EventKind, string[]][]) {
    for (const w of words) kindOf.set(w.toLowerCase(), kind);
  }
  const known = [...kindOf.keys()].join(", ");
  const finals = new Set(profile.finalSteps.map(nameKey));
  const plain: EventKind = profile.eventMeaning === "entered" ? "entered" : "complete";

  function parse(row: SourceRow, base: BaseRow): EventRow {
    const f = row.fields;
    const { stepName, sourceStepName } = r.stepName(r.required(f, c.step, "step name"));
    const timeField = r.column(f, c.timestamp) ?? c.timestamp[0]!;
    const time = r.time(f, c.timestamp);
    if (time === null) throw new RowProblem(timeField, "no time");
    const word = r.text(f, c.transition, "transition");
    let kind = plain;
    if (word !== null) {
      const k = kindOf.get(word.toLowerCase());
      if (k === undefined) throw new RowProblem(r.column(f, c.transition), `unknown transition "${word}" (the profile knows: ${known || "none"})`);
      kind = k;
    }
    const final = kind === "entered" && finals.has(nameKey(stepName));
    return { base, stepName, sourceStepName, time, timeField, kind, final, actor: r.text(f, c.actor, "officer name") };
  }

  function assemble(rows: EventRow[], memory: PermitMemory<EventsState>, sink: Sink): void {
    const st = memory.shape;
    const steps: StepOccurrence[] = [];
    const open = (row: EventRow, start: number | null): Opened => ({
      row,
      sequence: ++st.sequence,
      occurrence: nextOccurrence(st.stepNames, row.stepName),
      start,
    });
    // A completed step is traced to its completion event; an entered one to the event that entered it.
    const complete = (o: Opened, row: EventRow) => steps.push(stepOccurrence(ctx.file, row.base, values(o, row.time, "finished", row.actor ?? o.row.actor)));
    const leave = (o: Opened, end: number) => steps.push(stepOccurrence(ctx.file, o.row.base, values(o, end, "finished", o.row.actor)));

    // Array.prototype.sort is stable: equal times keep their order in the file.
    for (const e of [...rows].sort((a, b) => a.time - b.time)) {
      if (e.kind === "ignore") continue;
      if (st.lastTime !== null && e.time < st.lastTime) {
        sink.reject(rowReject(ctx.file, e.base, e.timeField, `is earlier than events of permit ${e.base.permitNumber} read more than ${ctx.windowRows} rows before; sort the log by permit or by time`));
        continue;
      }
      mergePermit(memory, e.base);
      switch (e.kind) {
        case "start":
          if (st.open.has(e.stepName)) {
            sink.reject(rowReject(ctx.file, e.base, null, `"${e.stepName}" starts again before it completed`));
            continue;
          }
          st.open.set(e.stepName, open(e, e.time));
          break;
        case "complete": {
          const started = st.open.get(e.stepName);
          st.open.delete(e.stepName);
          complete(started ?? open(e, st.lastTime ?? memory.permit.submittedAt), e);
          break;
        }
        case "skipped": {
          const o = st.open.get(e.stepName) ?? open(e, null);
          st.open.delete(e.stepName);
          steps.push(stepOccurrence(ctx.file, e.base, values(o, null, "skipped", e.actor)));
          break;
        }
        case "entered":
          if (st.entered) leave(st.entered, e.time);
          st.entered = e.final ? null : open(e, e.time);
          if (e.final && memory.permit.permitFinishedAt === null) memory.permit.permitFinishedAt = e.time;
          break;
      }
      st.lastTime = e.time;
    }
    // Kept until the end of the file: trimmed to its length (see PermitMemories.keep).
    st.stepNames = st.stepNames.slice();
    emitSteps(steps, memory.permit, sink);
  }

  function finish(memory: PermitMemory<EventsState>, sink: Sink): void {
    const st = memory.shape;
    const still = [...st.open.values(), ...(st.entered ? [st.entered] : [])].sort((a, b) => a.sequence - b.sequence);
    emitSteps(
      still.map((o) => stepOccurrence(ctx.file, o.row.base, values(o, null, "in_progress", o.row.actor))),
      memory.permit,
      sink,
    );
    st.open.clear();
    st.entered = null;
  }

  return {
    required: [
      { what: "permit number", columns: c.permitNumber },
      { what: "step name", columns: c.step },
      { what: "event time", columns: c.timestamp },
    ],
    parse,
    states: () => objectStates(() => ({ sequence: 0, stepNames: [], lastTime: null, open: new Map(), entered: null })),
    assemble,
    finish,
  };
}

/** The occurrence's key (its id) is the row that opened it, so it stays the same once it completes. */
function values(o: Opened, end: number | null, status: StepValues["status"], actor: string | null): StepValues {
  return {
    stepName: o.row.stepName,
    sourceStepName: o.row.sourceStepName,
    sequence: o.sequence,
    occurrence: o.occurrence,
    startedAt: status === "skipped" ? null : o.start,
    endedAt: end,
    actor,
    status,
    sourceRecordId: o.row.base.recordId,
  };
}
