import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, type Transaction } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import lockfile from "proper-lockfile";
import type { DB } from "./schema.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Where the data lives, for messages: a directory or host:port/database (no password). */
  location: string;
  close(): Promise<void>;
}

export class DatabaseError extends Error {}

/** Stores rows given in COPY's text format (see CopyText in bulk-insert.ts) into a table, in the transaction. */
export type CopyInto = (table: string, columns: readonly string[], text: string | Uint8Array) => Promise<void>;

type CopyTransaction = <T>(fn: (trx: Transaction<DB>, copyInto: CopyInto) => Promise<T>) => Promise<T>;

// COPY needs the connection that runs the transaction, which Kysely does not hand out: each opened
// database registers how to run a transaction that can also COPY.
const copyTransactions = new WeakMap<Kysely<DB>, CopyTransaction>();

/**
 * Runs `fn` in one transaction of `db`, as db.transaction() does, with `copyInto` writing through
 * COPY on that same transaction. `db` must come from openDatabase (or openPglite / openPostgres).
 */
export function transactionWithCopy<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>, copyInto: CopyInto) => Promise<T>): Promise<T> {
  const run = copyTransactions.get(db);
  if (!run) throw new Error("transactionWithCopy: this Kysely instance was not opened by src/db/connect.ts");
  return run(fn);
}

type SessionLock = <T>(key: readonly [number, number], fn: () => Promise<T>) => Promise<{ held: true; value: T } | { held: false }>;

const sessionLocks = new WeakMap<Kysely<DB>, SessionLock>();

/**
 * Runs `fn` while this process holds the advisory lock `key` (two int4s), or returns
 * `{ held: false }` at once when another holder has it. The lock belongs to a connection of its
 * own, so it ends with the process however the process ends (SIGKILL included), and pg_locks
 * shows it to every process while it is held. `db` must come from src/db/connect.ts.
 */
export function withSessionLock<T>(db: Kysely<DB>, key: readonly [number, number], fn: () => Promise<T>): Promise<{ held: true; value: T } | { held: false }> {
  const lock = sessionLocks.get(db);
  if (!lock) throw new Error("withSessionLock: this Kysely instance was not opened by src/db/connect.ts");
  return lock(key, fn);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function copyStatement(table: string, columns: readonly string[], source: string): string {
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `copy ${table} (${columns.join(", ")}) from ${source}`;
}

/**
 * postgres.js: a Kysely of its own over one reserved connection, so the transaction and the COPY
 * share it. postgres.js loses a COPY error that arrives after the stream ended (the stream never
 * finishes: porsager/postgres#1173); the rows are built so that the server has nothing to refuse
 * (CopyText refuses NUL characters; numbers and instants are checked before they are sent).
 */
function postgresCopyTransaction<Types extends Record<string, unknown>>(sql: postgres.Sql<Types>): CopyTransaction {
  return async (fn) => {
    const reserved = await sql.reserve();
    try {
      const pinned = {
        end: async () => {},
        reserve: async () => ({ release: () => {}, unsafe: reserved.unsafe.bind(reserved) }),
      };
      const single = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: () => pinned }) });
      return await single.transaction().execute((trx) =>
        fn(trx, async (table, columns, text) => {
          if (text.length === 0) return;
          const stream = await reserved.unsafe(copyStatement(table, columns, "stdin")).writable();
          await new Promise<void>((resolve, reject) => {
            stream.once("error", reject);
            stream.end(text, () => resolve());
          });
        }),
      );
    } finally {
      reserved.release();
    }
  };
}

/** PGlite has one connection: COPY reads the rows from its /dev/blob device within the open transaction. */
function pgliteCopyTransaction(db: Kysely<DB>, pg: PGlite): CopyTransaction {
  return (fn) =>
    db.transaction().execute((trx) =>
      fn(trx, async (table, columns, text) => {
        if (text.length === 0) return;
        await pg.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([text]) });
      }),
    );
}

// Postgres type OIDs that the two drivers would otherwise return differently.
/** postgres.js: the lock is taken on a reserved connection, kept out of the pool while `fn` runs. */
function postgresSessionLock<Types extends Record<string, unknown>>(sql: postgres.Sql<Types>): SessionLock {
  return async (key, fn) => {
    const reserved = await sql.reserve();
    try {
      const [row] = await reserved.unsafe<{ held: boolean }[]>("select pg_try_advisory_lock($1, $2) as held", [key[0], key[1]]);
      if (!row?.held) return { held: false };
      try {
        return { held: true, value: await fn() };
      } finally {
        await reserved.unsafe("select pg_advisory_unlock($1, $2)", [key[0], key[1]]);
      }
    } finally {
      reserved.release();
    }
  };
}

/**
 * PGlite has one session, in which advisory locks are re-entrant: this process's own holders are
 * kept apart in memory (no other process can open the directory), and the lock is still taken so
 * that pg_locks shows it as on PostgreSQL.
 */
function pgliteSessionLock(pg: PGlite): SessionLock {
  const held = new Set<string>();
  return async (key, fn) => {
    const name = `${key[0]}:${key[1]}`;
    if (held.has(name)) return { held: false };
    held.add(name);
    try {
      await pg.query("select pg_advisory_lock($1, $2)", [key[0], key[1]]);
      try {
        return { held: true, value: await fn() };
      } finally {
        if (!pg.closed) await pg.query("select pg_advisory_unlock($1, $2)", [key[0], key[1]]);
      }
    } finally {
      held.delete(name);
    }
  };
}

const OID = { int8: 20, date: 1082 } as const;
const identity = (v: string) => v;

export async function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

export async function openPostgres(url: string): Promise<Database> {
  const u = new URL(url);
  const location = `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  const sql = postgres(url, {
    max: 10,
    onnotice: () => {},
    connect_timeout: 10,
    types: {
      int8: { to: OID.int8, from: [OID.int8], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
      date: { to: OID.date, from: [OID.date], serialize: identity, parse: identity },
    },
  });
  try {
    await sql`select 1`;
  } catch (err) {
    await sql.end({ timeout: 1 }).catch(() => {});
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseError(`Cannot connect to PostgreSQL at DATABASE_URL (${location}): ${reason}`);
  }
  const db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: sql }) });
  copyTransactions.set(db, postgresCopyTransaction(sql));
  sessionLocks.set(db, postgresSessionLock(sql));
  return { db, kind: "postgres", location, close: () => db.destroy() };
}

/**
 * Embedded PGlite in DATA_DIR/pglite. PGlite does not stop a second process from opening the same
 * directory (which corrupts it), so the directory is locked for as long as this process holds it.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  // Loaded only when used: a PostgreSQL deployment never carries PGlite's ≈ 20 MB in memory.
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([import("@electric-sql/pglite"), import("kysely-pglite-dialect")]);
  const dir = resolve(dataDir);
  const pgdata = join(dir, "pglite");
  mkdirSync(pgdata, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: join(dir, "mutubaku.lock"),
      // A lock not refreshed for 6 s is taken as left by a killed process.
      stale: 6_000,
      update: 2_000,
      retries: 0,
      realpath: false,
      onCompromised: (err) => {
        // Another process took the lock (ours went stale): stop writing rather than corrupt the data.
        console.error(`Lost the lock on ${dir}: ${err.message}. Stopping.`);
        process.exit(1);
      },
    });
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "ELOCKED") {
      throw new DatabaseError(
        `The data directory ${dir} (DATA_DIR) is in use by another Mutu Baku process. ` +
          `Stop that process first, or set DATA_DIR to another directory. ` +
          `(If that process was killed, the directory frees itself within a few seconds.)`,
      );
    }
    throw err;
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(pgdata, {
      parsers: { [OID.int8]: (v: string) => Number(v), [OID.date]: identity },
    });
  } catch (err) {
    await release();
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseError(`Cannot open the embedded database in ${pgdata} (DATA_DIR): ${reason}`);
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pg) });
  copyTransactions.set(db, pgliteCopyTransaction(db, pg));
  sessionLocks.set(db, pgliteSessionLock(pg));
  return {
    db,
    kind: "pglite",
    location: pgdata,
    close: async () => {
      await db.destroy();
      if (!pg.closed) await pg.close();
      await release();
    },
  };
}
