import { detach } from "../detach.ts";
import { RowProblem } from "../fields.ts";
import { type BaseRow, emitSteps, mergePermit, nextOccurrence, type PermitMemory, rowReject, type Sink, stepOccurrence, type StepOccurrence } from "../occurrence.ts";
import type { StepRowsProfile, StepStatus } from "../profile.ts";
import type { SourceRow } from "../readers/types.ts";
import { fromCell, grown, IntLists, toCell } from "../compact.ts";
import { compareKeys, iso, type Shape, type ShapeContext, type StateStore } from "./shape.ts";

// One row per step with its start and end, as SiCantik's proses_permohonan: steps ordered by row
// id (or file order), status words mapped to finished / in progress / waiting / skipped, a started
// step without a start taking the previous step's end or the permit's submission.

interface StepRow {
  base: BaseRow;
  stepName: string;
  sourceStepName: string;
  start: number | null;
  end: number | null;
  endField: string;
  actor: string | null;
  status: StepStatus;
  sortKey: number | string;
}

interface StepRowsState {
  sequence: number;
  /** Names of the permit's steps so far, for occurrence numbers. */
  stepNames: string[];
  /** End of the latest step in order that has one. */
  lastEnd: number | null;
  lastSortKey: number | string | null;
  /** How many of stepNames the store holds already. */
  saved: number;
}

/**
 * Every permit's state in columns: the step names as numbers in lists, the last end and sort key
 * as numbers (a text sort key beside them), the sequence as the number of steps so far.
 */
class StepRowsStates implements StateStore<StepRowsState> {
  private count = 0;
  private lastEnd = new Float64Array(1024).fill(NaN);
  private lastSortKey = new Float64Array(1024).fill(NaN);
  private readonly textSortKey = new Map<number, string>();
  private readonly names = new IntLists();
  private readonly nameIds = new Map<string, number>();
  private readonly nameTexts: string[] = [];

  add(): void {
    this.count++;
    this.lastEnd = grown(this.lastEnd, this.count, NaN);
    this.lastSortKey = grown(this.lastSortKey, this.count, NaN);
  }

  load(i: number): StepRowsState {
    const stepNames = this.names.values(i).map((id) => this.nameTexts[id]!);
    const key = this.textSortKey.get(i) ?? fromCell(this.lastSortKey[i]!);
    return { sequence: stepNames.length, stepNames, lastEnd: fromCell(this.lastEnd[i]!), lastSortKey: key, saved: stepNames.length };
  }

  save(i: number, st: StepRowsState): void {
    // Every step of a permit takes the next sequence number and adds its name.
    if (st.sequence !== st.stepNames.length) throw new Error("step rows: sequence and step names disagree");
    const ids: number[] = [];
    for (let k = st.saved; k < st.stepNames.length; k++) {
      const name = st.stepNames[k]!;
      let id = this.nameIds.get(name);
      if (id === undefined) {
        id = this.nameTexts.length;
        const kept = detach(name);
        this.nameTexts.push(kept);
        this.nameIds.set(kept, id);
      }
      ids.push(id);
    }
    this.names.append(i, ids);
    this.lastEnd[i] = toCell(st.lastEnd);
    if (typeof st.lastSortKey === "string") {
      this.textSortKey.set(i, detach(st.lastSortKey));
      this.lastSortKey[i] = NaN;
    } else {
      this.textSortKey.delete(i);
      this.lastSortKey[i] = toCell(st.lastSortKey);
    }
  }
}

export function stepRowsShape(profile: StepRowsProfile, ctx: ShapeContext): Shape<StepRow, StepRowsState> {
  const c = profile.columns;
  const r = ctx.reader;
  const statusOf = new Map<string, StepStatus>();
  for (const [status, words] of Object.entries(profile.statuses) as [StepStatus, string[]][]) {
    for (const w of words) statusOf.set(w.toLowerCase(), status);
  }
  const known = [...statusOf.keys()].join(", ");
  const byId = profile.order === "record_id";

  function parse(row: SourceRow, base: BaseRow): StepRow {
    const f = row.fields;
    const { stepName, sourceStepName } = r.stepName(r.required(f, c.step, "step name"));
    const endField = r.column(f, c.end) ?? c.end[0]!;
    const word = r.text(f, c.status, "status");
    let start = r.time(f, c.start);
    const end = r.time(f, c.end);
    let status: StepStatus;
    if (word !== null) {
      const s = statusOf.get(word.toLowerCase());
      if (s === undefined) throw new RowProblem(r.column(f, c.status), `unknown status "${word}" (the profile knows: ${known || "none"})`);
      status = s;
    } else {
      status = end !== null ? "finished" : start !== null ? "in_progress" : "waiting";
    }
    if (status === "finished" && end === null) throw new RowProblem(endField, `${said(word, status)}but there is no end date`);
    if ((status === "in_progress" || status === "waiting") && end !== null) throw new RowProblem(endField, `${said(word, status)}but an end date is set`);
    // A waiting step has not started, whatever its start cell says.
    if (status === "waiting") start = null;
    if (start !== null && end !== null && end < start) throw new RowProblem(endField, `ends (${iso(end)}) before it starts (${iso(start)})`);
    let sortKey: number | string = row.row;
    if (byId) {
      if (base.recordId === null) throw new RowProblem(r.column(f, c.recordId) ?? c.recordId?.[0] ?? null, "no row id: the profile orders steps by it");
      sortKey = /^\d{1,15}$/.test(base.recordId) ? Number(base.recordId) : base.recordId;
    }
    return { base, stepName, sourceStepName, start, end, endField, actor: r.text(f, c.actor, "officer name"), status, sortKey };
  }

  function assemble(rows: StepRow[], memory: PermitMemory<StepRowsState>, sink: Sink): void {
    const st = memory.shape;
    // Stable: rows with equal keys keep their order in the file.
    const ordered = rows.length > 1 ? [...rows].sort((a, b) => compareKeys(a.sortKey, b.sortKey)) : rows;
    const steps: StepOccurrence[] = [];
    for (let i = 0; i < ordered.length; i++) {
      const row = ordered[i]!;
      const b = row.base;
      // The same row id twice: the later row is a later sync of the same step and replaces this one.
      if (byId && i + 1 < ordered.length && ordered[i + 1]!.sortKey === row.sortKey) {
        sink.superseded(1);
        continue;
      }
      if (st.lastSortKey !== null && compareKeys(row.sortKey, st.lastSortKey) <= 0) {
        const what = byId ? `row id ${b.recordId}` : "this row";
        sink.reject(rowReject(ctx.file, b, null, `${what} belongs before rows of permit ${b.permitNumber} read more than ${ctx.windowRows} rows earlier; sort the export by permit${byId ? " or by id" : ""}`));
        continue;
      }
      mergePermit(memory, b);
      let start = row.start;
      if (start === null && profile.startFallback && (row.status === "finished" || row.status === "in_progress")) {
        const from = st.lastEnd !== null ? "the previous step's end" : "the submission date";
        start = st.lastEnd ?? memory.permit.submittedAt;
        if (start !== null && row.end !== null && row.end < start) {
          sink.reject(rowReject(ctx.file, b, row.endField, `ends (${iso(row.end)}) before its start taken from ${from} (${iso(start)})`));
          continue;
        }
      }
      steps.push(
        stepOccurrence(ctx.file, b, {
          stepName: row.stepName,
          sourceStepName: row.sourceStepName,
          sequence: ++st.sequence,
          occurrence: nextOccurrence(st.stepNames, row.stepName),
          startedAt: start,
          endedAt: row.end,
          actor: row.actor,
          status: row.status,
          sourceRecordId: b.recordId,
        }),
      );
      if (row.end !== null && row.status !== "skipped") st.lastEnd = row.end;
      st.lastSortKey = typeof row.sortKey === "string" ? detach(row.sortKey) : row.sortKey;
    }
    emitSteps(steps, memory.permit, sink);
  }

  return {
    required: [
      { what: "permit number", columns: c.permitNumber },
      { what: "step name", columns: c.step },
      { what: "step start", columns: c.start },
      { what: "step end", columns: c.end },
      ...(byId && c.recordId ? [{ what: "row id", columns: c.recordId }] : []),
    ],
    parse,
    states: () => new StepRowsStates(),
    assemble,
    finish: () => {},
  };
}

function said(word: string | null, status: StepStatus): string {
  return word === null ? "" : `status "${word}" means ${status.replace("_", " ")}, `;
}
