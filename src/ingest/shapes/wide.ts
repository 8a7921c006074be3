import { RowProblem } from "../fields.ts";
import { type BaseRow, emitSteps, mergePermit, type PermitMemory, type Sink, stepOccurrence } from "../occurrence.ts";
import type { StepStatus, WideProfile } from "../profile.ts";
import type { SourceRow } from "../readers/types.ts";
import { iso, type Shape, type ShapeContext } from "./shape.ts";

// One row per permit with a column per stage: each stage's time ends that stage and starts the
// next; the first starts at the submission. An empty stage before a filled one was skipped; the
// first empty stage after the last filled one is where the permit is now. A wide export cannot
// show a step done twice, so every occurrence is the first.

interface Stage {
  time: number | null;
  actor: string | null;
}

interface WideRow {
  base: BaseRow;
  stages: Stage[];
}

export function wideShape(profile: WideProfile, ctx: ShapeContext): Shape<WideRow, null> {
  const r = ctx.reader;
  const names = profile.stages.map((s) => r.stepName(s.step));

  function parse(row: SourceRow, base: BaseRow): WideRow {
    const f = row.fields;
    let previous = base.submittedAt;
    let previousName = "the submission";
    const stages = profile.stages.map((s): Stage => {
      const time = r.time(f, s.column);
      if (time !== null) {
        if (previous !== null && time < previous) {
          throw new RowProblem(r.column(f, s.column), `${s.step} (${iso(time)}) is before ${previousName} (${iso(previous)})`);
        }
        previous = time;
        previousName = s.step;
      }
      return { time, actor: r.text(f, s.actor, "officer name") };
    });
    return { base, stages };
  }

  function assemble(rows: WideRow[], memory: PermitMemory<null>, sink: Sink): void {
    // Several rows of one permit: repeated syncs; the last one read is the latest.
    for (const row of rows) mergePermit(memory, row.base);
    sink.superseded(rows.length - 1);
    const row = rows[rows.length - 1]!;
    const lastFilled = row.stages.findLastIndex((s) => s.time !== null);
    const finished = memory.permit.permitFinishedAt !== null;
    let previousEnd = memory.permit.submittedAt;
    const steps = row.stages.map((stage, i) => {
      let status: StepStatus;
      let start: number | null = null;
      if (stage.time !== null) {
        status = "finished";
        start = previousEnd;
        previousEnd = stage.time;
      } else if (i < lastFilled || finished) {
        status = "skipped";
      } else if (i === lastFilled + 1) {
        status = "in_progress";
        start = previousEnd;
      } else {
        status = "waiting";
      }
      return stepOccurrence(ctx.file, row.base, {
        stepName: names[i]!.stepName,
        sourceStepName: names[i]!.sourceStepName,
        sequence: i + 1,
        occurrence: 1,
        startedAt: start,
        endedAt: stage.time,
        actor: stage.actor,
        status,
        // The row's id names the permit, not a step: occurrences are keyed by permit and step.
        sourceRecordId: null,
      });
    });
    emitSteps(steps, memory.permit, sink);
  }

  return {
    required: [
      { what: "permit number", columns: profile.columns.permitNumber },
      ...profile.stages.map((s) => ({ what: `time of stage "${s.step}"`, columns: s.column })),
    ],
    parse,
    states: () => ({ add: () => {}, load: () => null, save: () => {} }),
    assemble,
    finish: () => {},
  };
}
