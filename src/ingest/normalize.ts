import { basename } from "node:path";
import { IngestError } from "./errors.ts";
import { FieldReader, fingerprint, nulColumn, RowProblem } from "./fields.ts";
import { type BaseRow, type NormalizedItem, rowReject, type Sink } from "./occurrence.ts";
import { type Group, PermitBuffer } from "./permit-buffer.ts";
import { PermitMemories } from "./permit-memories.ts";
import type { ColumnOrFixed, Profile } from "./profile.ts";
import { readFileRowBatches } from "./readers/index.ts";
import type { FieldValue, ReadOptions, SourceRow } from "./readers/types.ts";
import { eventsShape } from "./shapes/events.ts";
import type { Shape, ShapeContext, ShapeRow } from "./shapes/shape.ts";
import { SpillRoot, type SpillLevel } from "./spill.ts";
import { stepRowsShape } from "./shapes/step-rows.ts";
import { wideShape } from "./shapes/wide.ts";

export type { NormalizedItem, NormalizeSummary, RowReject, StepOccurrence } from "./occurrence.ts";

// Rows of an export → step occurrences, by the export's profile. Output is a tagged union:
// { kind: "step" } occurrences and { kind: "reject" } rows, in any order, then exactly one
// { kind: "summary" } last. A file that cannot be read at all throws IngestError instead.
// Rows are grouped per permit (permit-buffer.ts); the windows are checked after each input batch.
// Groups are assembled on what earlier groups of their permit left (permit-memories.ts); groups of
// permits beyond the memories' bound are set aside on disk and assembled after the file (spill.ts).

export interface NormalizeOptions {
  /** The file's name, for sources and rejects. */
  file: string;
  /** IANA zone of times written without one (the office's), unless the profile names its own. */
  timezone: string;
  /** Anything after it is a date in the future, and rejected. */
  now: Date;
  /** A permit's rows are grouped until it has had no row for this many rows (default 1,000; see docs/profiles.md). */
  windowRows?: number;
  /** At most this many rows wait in groups (default 50,000); the quietest permit goes first. */
  maxBufferedRows?: number;
  /** At most this many permits are remembered at once (default 200,000); see spill.ts. */
  maxPermitsInMemory?: number;
  /** The folder in which to set rows aside (default: the system's temporary folder). */
  spillDir?: string;
}

export const DEFAULT_WINDOW_ROWS = 1_000;
export const DEFAULT_MAX_BUFFERED_ROWS = 50_000;
/**
 * A remembered permit weighs ≈ 270 bytes (docs/performance.md): 200,000 of them ≈ 55 MB of the
 * reading thread's heap, so a million-row SiCantik export (≈ 170,000 permits) sets nothing aside.
 */
export const DEFAULT_MAX_PERMITS_IN_MEMORY = 200_000;
/** Items handed on at a time while set-aside groups are read back. */
const REPLAY_BATCH = 5_000;

// The shapes' row and state types differ; here they are only passed from one call to the next.
type AnyShape = Shape<ShapeRow, unknown>;

function shapeFor(profile: Profile, ctx: ShapeContext): AnyShape {
  switch (profile.shape) {
    case "step_rows":
      return stepRowsShape(profile, ctx) as unknown as AnyShape;
    case "events":
      return eventsShape(profile, ctx) as unknown as AnyShape;
    case "wide":
      return wideShape(profile, ctx) as unknown as AnyShape;
  }
}

function isBatch(x: SourceRow | readonly SourceRow[]): x is readonly SourceRow[] {
  return Array.isArray(x);
}

function requiredColumns(profile: Profile, shape: AnyShape): { what: string; columns: readonly string[] }[] {
  const out = [...shape.required];
  const fromColumn = (source: ColumnOrFixed | null, what: string) => {
    if (source && "column" in source && !source.optional) out.push({ what, columns: source.column });
  };
  fromColumn(profile.permitType, "permit type");
  fromColumn(profile.office, "office");
  return out;
}

function checkColumns(file: string, fields: Record<string, FieldValue>, required: { what: string; columns: readonly string[] }[]): void {
  const present = Object.keys(fields);
  for (const { what, columns } of required) {
    if (columns.some((c) => c in fields)) continue;
    const oneColumn =
      present.length === 1 ? "; the header was read as a single column: is the file delimited by something other than a comma, semicolon or tab?" : "";
    throw new IngestError({
      code: "missing_column",
      file,
      field: columns[0]!,
      message: `no column for the ${what} (looked for ${columns.map((c) => `"${c}"`).join(" or ")}; the file has ${present.map((c) => `"${c}"`).join(", ")})${oneColumn}`,
    });
  }
}

/** Normalises rows (one by one or in batches), yielding the results in batches. */
export async function* normalizeBatches(
  rows: AsyncIterable<SourceRow | readonly SourceRow[]>,
  profile: Profile,
  options: NormalizeOptions,
): AsyncGenerator<NormalizedItem[]> {
  const file = options.file;
  const windowRows = options.windowRows ?? DEFAULT_WINDOW_ROWS;
  const reader = new FieldReader(profile, profile.timezone ?? options.timezone, options.now.getTime());
  const shape = shapeFor(profile, { file, reader, windowRows });
  const required = requiredColumns(profile, shape);
  const maxPermits = options.maxPermitsInMemory ?? DEFAULT_MAX_PERMITS_IN_MEMORY;
  // With no slot at all, every level would set every permit aside again.
  if (!Number.isInteger(maxPermits) || maxPermits < 1) throw new RangeError(`maxPermitsInMemory must be a whole number of at least 1 (got ${maxPermits})`);
  const c = profile.columns;

  let out: NormalizedItem[] = [];
  const counts = { rows: 0, steps: 0, rejects: 0, duplicates: 0, superseded: 0 };
  let permits = 0;
  const sink: Sink = {
    step: (o) => {
      out.push(o);
      counts.steps++;
    },
    reject: (r) => {
      out.push(r);
      counts.rejects++;
    },
    superseded: (n) => {
      counts.superseded += n;
    },
  };

  const fixedOrColumn = (fields: Record<string, FieldValue>, source: ColumnOrFixed | null, what: string): string | null => {
    if (source === null) return null;
    return "fixed" in source ? source.fixed : reader.text(fields, source.column, what);
  };

  const parse = (row: SourceRow): ShapeRow | null => {
    const raw = reader.raw(row);
    try {
      if (row.problem !== undefined) throw new RowProblem(null, `the row ${row.problem}`);
      // One pass over the cells finds both a repeated row and a NUL.
      const print = fingerprint(raw);
      if (print === -1) throw new RowProblem(nulColumn(raw), "holds a NUL character (U+0000), which cannot be stored");
      const f = row.fields;
      const base: BaseRow = {
        permitNumber: reader.required(f, c.permitNumber, "permit number"),
        permitType: fixedOrColumn(f, profile.permitType, "permit type"),
        office: fixedOrColumn(f, profile.office, "office"),
        submittedAt: reader.time(f, c.submittedAt),
        permitFinishedAt: reader.time(f, c.permitFinishedAt),
        permitStatus: reader.text(f, c.permitStatus, "permit status"),
        row: row.row,
        recordId: reader.text(f, c.recordId, "row id"),
        raw,
        fingerprint: print,
      };
      return shape.parse(row, base);
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      sink.reject(rowReject(file, { row: row.row, raw }, err.field, err.reason));
      return null;
    }
  };

  /** Assembles a group on its permit's memory, or sets it aside when the permit has no slot. */
  async function handOn(group: Group<ShapeRow>, memories: PermitMemories<unknown>, aside: () => SpillLevel): Promise<void> {
    const slot = group.slot;
    if (slot < 0) return aside().write(group);
    const memory = memories.open(slot, group.permitNumber);
    shape.assemble(group.rows, memory, sink);
    memories.keep(slot, memory, group.rows.map((r) => r.base.fingerprint | 0));
  }

  /** The permits of `memories` are done: what they still hold open, then whatever is not handed on yet. */
  function* close(memories: PermitMemories<unknown>): Generator<NormalizedItem[]> {
    for (const m of memories.all()) shape.finish(m, sink);
    permits += memories.size;
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }

  /** The file, once through: groups assembled, or set aside for permits without a slot (the level they went to, if any). */
  async function* readAll(): AsyncGenerator<NormalizedItem[], SpillLevel | null> {
    let level0: SpillLevel | null = null;
    const aside = () => (level0 ??= spill.level0());
    const memories = new PermitMemories(shape.states(), maxPermits);
    const buffer = new PermitBuffer<ShapeRow>(windowRows, options.maxBufferedRows ?? DEFAULT_MAX_BUFFERED_ROWS, memories);
    let checked = false;
    for await (const item of rows) {
      for (const row of isBatch(item) ? item : [item]) {
        counts.rows++;
        if (!checked) {
          checkColumns(file, row.fields, required);
          checked = true;
        }
        const parsed = parse(row);
        if (parsed !== null && !buffer.add(parsed)) counts.duplicates++;
      }
      for (const g of buffer.ready()) await handOn(g, memories, aside);
      if (out.length > 0) {
        yield out;
        out = [];
      }
    }
    for (const g of buffer.drain()) await handOn(g, memories, aside);
    yield* close(memories);
    return level0;
  }

  /**
   * The groups set aside in file p of a level, read back with memories of their own (every group
   * of a permit is in the same file, in the order read); returns the level below where those that
   * still found no slot went. A function of its own so that its memories are let go once it ends.
   */
  async function* replayFile(level: SpillLevel, p: number): AsyncGenerator<NormalizedItem[], SpillLevel | null> {
    const memories = new PermitMemories(shape.states(), maxPermits);
    let below: SpillLevel | null = null;
    const aside = () => (below ??= level.below(p));
    for await (const group of level.read<ShapeRow>(p)) {
      // Groups come back in the order read, so a permit's first group gives it its slot.
      const slot = memories.slot(group.rows[0]!.base);
      // Repeats of rows of the permit's earlier groups: found here, as the memories had no slot
      // for the permit when the rows were read.
      const rows = slot < 0 ? group.rows : group.rows.filter((r) => !memories.assembled(slot, r.base.fingerprint));
      counts.duplicates += group.rows.length - rows.length;
      if (rows.length > 0) await handOn({ permitNumber: group.permitNumber, slot, rows }, memories, aside);
      if (out.length >= REPLAY_BATCH) {
        yield out;
        out = [];
      }
    }
    yield* close(memories);
    return below;
  }

  async function* replay(level: SpillLevel): AsyncGenerator<NormalizedItem[]> {
    for (const p of await level.close()) {
      const below = yield* replayFile(level, p);
      if (below !== null) yield* replay(below);
    }
  }

  const spill = new SpillRoot(options.spillDir);
  try {
    // The memories of the file's first permits are let go (readAll has ended) before the
    // set-aside groups are read back.
    const level0 = yield* readAll();
    if (level0 !== null) yield* replay(level0);
    out.push({ kind: "summary", ...counts, permits });
    yield out;
  } finally {
    await spill.remove();
  }
}

/** Normalises rows, yielding results one by one (see normalizeBatches). */
export async function* normalize(
  rows: AsyncIterable<SourceRow | readonly SourceRow[]>,
  profile: Profile,
  options: NormalizeOptions,
): AsyncGenerator<NormalizedItem> {
  for await (const batch of normalizeBatches(rows, profile, options)) yield* batch;
}

export type IngestOptions = Omit<NormalizeOptions, "file"> & ReadOptions;

/** Reads and normalises one export file, in batches: readFileRowBatches then normalizeBatches. */
export function ingestFile(path: string, profile: Profile, options: IngestOptions): AsyncGenerator<NormalizedItem[]> {
  const file = options.name ?? basename(path);
  return normalizeBatches(readFileRowBatches(path, { ...options, name: file }), profile, { ...options, file });
}
