import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";

// Groups of rows set aside on disk: those of permits that found the memories full
// (permit-memories.ts). Each goes to one of FANOUT files by a hash of its permit number, so every
// group of a permit lands in the same file, in the order read; a file is read back on its own
// later, with memories of its own, and what does not fit then is set aside again one level
// deeper (another hash). Memory stays bounded by the write buffers, whatever the file size.

/**
 * Files per level: a level's permits are spread over this many, so each file is read back with
 * fewer of them to remember. With 8 files of 1 MiB write buffers the reading of an 11-million-row
 * export peaked at 392 MB (its files held ≈ 200,000 permits each), with 16 of 512 KiB at 328 MB.
 */
export const FANOUT = 16;
/** Bytes a file's writes gather before they go to disk. */
const WRITE_BYTES = 1 << 19;
const READ_BYTES = 1 << 20;

export interface SpilledGroup<R> {
  permitNumber: string;
  rows: R[];
}

/**
 * FNV-1a over the permit number, the level mixed in and every bit then spread by MurmurHash3's
 * finaliser: without it the low bits that pick a file depend on the low bits of each character
 * alone, and a level below split its permits over half of its files.
 */
function partitionOf(permitNumber: string, level: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < permitNumber.length; i++) {
    h ^= permitNumber.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.imul(level + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % FANOUT;
}

/** Where set-aside groups live: one folder for the whole reading (inside `parent`, else the system's temporary one), removed by `remove`. */
export class SpillRoot {
  private dir: Promise<string> | null = null;
  private readonly levels: SpillLevel[] = [];

  constructor(private readonly parent: string = tmpdir()) {}

  folder(): Promise<string> {
    this.dir ??= mkdtemp(join(this.parent, "mutubaku-spill-"));
    return this.dir;
  }

  /** The files of the first level. */
  level0(): SpillLevel {
    return this.level("s", 0);
  }

  level(name: string, level: number): SpillLevel {
    const made = new SpillLevel(this, name, level);
    this.levels.push(made);
    return made;
  }

  /** Closes what is still open (a reading that failed or was abandoned) and deletes every file. */
  async remove(): Promise<void> {
    for (const level of this.levels) await level.abandon();
    if (this.dir === null) return;
    await rm(await this.dir, { recursive: true, force: true });
  }
}

export class SpillLevel {
  private readonly files: (FileHandle | null)[] = new Array(FANOUT).fill(null);
  private readonly pending: Buffer[][] = Array.from({ length: FANOUT }, () => []);
  private readonly pendingBytes = new Array<number>(FANOUT).fill(0);
  private readonly written = new Array<number>(FANOUT).fill(0);

  constructor(
    private readonly root: SpillRoot,
    private readonly name: string,
    readonly level: number,
  ) {}

  async write<R>(group: SpilledGroup<R>): Promise<void> {
    const p = partitionOf(group.permitNumber, this.level);
    const body = serialize([group.permitNumber, group.rows]);
    const head = Buffer.allocUnsafe(4);
    head.writeUInt32LE(body.length, 0);
    this.pending[p]!.push(head, body);
    this.pendingBytes[p]! += 4 + body.length;
    if (this.pendingBytes[p]! >= WRITE_BYTES) await this.flush(p);
  }

  /** Files that hold groups, after every write has gone to disk. */
  async close(): Promise<number[]> {
    const used: number[] = [];
    for (let p = 0; p < FANOUT; p++) {
      await this.flush(p);
      await this.files[p]?.close();
      this.files[p] = null;
      if (this.written[p]! > 0) used.push(p);
    }
    return used;
  }

  /** Closes the files without writing what is pending. */
  async abandon(): Promise<void> {
    for (let p = 0; p < FANOUT; p++) {
      this.pending[p] = [];
      await this.files[p]?.close();
      this.files[p] = null;
    }
  }

  /** The level below, for the groups of file p that find no room when it is read back. */
  below(p: number): SpillLevel {
    return this.root.level(`${this.name}-${p}`, this.level + 1);
  }

  /** The groups of file p, in the order written; the file is deleted once read. */
  async *read<R>(p: number): AsyncGenerator<SpilledGroup<R>> {
    const path = await this.path(p);
    const file = await open(path, "r");
    try {
      let buf = Buffer.allocUnsafe(READ_BYTES);
      let start = 0;
      let end = 0;
      for (;;) {
        // Whole records in [start, end) first.
        while (end - start >= 4) {
          const n = buf.readUInt32LE(start);
          if (end - start - 4 < n) break;
          const [permitNumber, rows] = deserialize(buf.subarray(start + 4, start + 4 + n)) as [string, R[]];
          start += 4 + n;
          yield { permitNumber, rows };
        }
        // Keep the partial record, in a bigger buffer if one record is larger than it.
        const need = end - start >= 4 ? 4 + buf.readUInt32LE(start) : READ_BYTES;
        const next = need > buf.length ? Buffer.allocUnsafe(need) : buf;
        buf.copy(next, 0, start, end);
        buf = next;
        end -= start;
        start = 0;
        const { bytesRead } = await file.read(buf, end, buf.length - end, null);
        if (bytesRead === 0) break;
        end += bytesRead;
      }
      if (end !== start) throw new Error(`set-aside rows in ${path} end in the middle of a record`);
    } finally {
      await file.close();
      await rm(path, { force: true });
    }
  }

  private async path(p: number): Promise<string> {
    return join(await this.root.folder(), `${this.name}-${p}.v8`);
  }

  private async flush(p: number): Promise<void> {
    const chunks = this.pending[p]!;
    if (chunks.length === 0) return;
    const file = (this.files[p] ??= await open(await this.path(p), "w"));
    const data = Buffer.concat(chunks);
    this.pending[p] = [];
    this.pendingBytes[p] = 0;
    // writeFile goes on until every byte is written, from where the last write ended.
    await file.writeFile(data);
    this.written[p]! += data.length;
  }
}
