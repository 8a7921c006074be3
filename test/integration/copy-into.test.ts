import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CopyText } from "../../src/db/bulk-insert.ts";
import { type Database, transactionWithCopy } from "../../src/db/connect.ts";
import { BACKENDS, openTestDatabase } from "../support/test-db.ts";

// COPY through the transaction's own connection, on both drivers: what goes in comes back out,
// and a rolled-back transaction keeps none of it.

interface Row {
  id: number;
  name: string | null;
  at: Date | null;
  n: number | null;
  doc: unknown;
}

const ROWS: Row[] = [
  { id: 1, name: "plain", at: new Date("2026-03-02T01:15:00.123Z"), n: 1.5, doc: { a: "b" } },
  { id: 2, name: "tab\there, line\nbreak, CR\r, back\\slash, \\N, quote \" and 'x'", at: null, n: null, doc: { "k\tey": "v\\a\nl" } },
  { id: 3, name: "Kantor Pelayanan — izin ✓ 日本", at: new Date("1999-12-31T23:59:59Z"), n: -42, doc: ["x", 1, null] },
  { id: 4, name: null, at: null, n: Number.NaN, doc: null },
  { id: 5, name: "", at: null, n: 0, doc: {} },
];

function copyText(rows: readonly Row[]): Uint8Array {
  const text = new CopyText();
  for (const r of rows) text.add([r.id, r.name, r.at, r.n, r.doc as object | null]);
  expect(text.rows).toBe(rows.length);
  return text.take();
}

const CREATE = sql`create temp table copy_probe (id integer primary key, name text, at timestamptz, n double precision, doc jsonb) on commit drop`;

describe.each(BACKENDS)("COPY in a transaction on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it("stores every value as given, with the transaction's other statements", async () => {
    const back = await transactionWithCopy(database.db, async (trx, copyInto) => {
      await CREATE.execute(trx);
      await copyInto("copy_probe", ["id", "name", "at", "n", "doc"], copyText(ROWS.slice(0, 2)));
      await copyInto("copy_probe", ["id", "name", "at", "n", "doc"], copyText(ROWS.slice(2)));
      await copyInto("copy_probe", ["id"], "");
      const r = await sql<Row>`select id, name, at, n, doc from copy_probe order by id`.execute(trx);
      return r.rows;
    });
    expect(back).toEqual(ROWS.map((r) => ({ ...r, n: Number.isNaN(r.n) ? null : r.n })));
  });

  it("keeps nothing when the transaction fails", async () => {
    await sql`create table copy_kept (id integer)`.execute(database.db);
    await expect(
      transactionWithCopy(database.db, async (trx, copyInto) => {
        await copyInto("copy_kept", ["id"], "1\n2\n");
        expect((await sql<{ n: number }>`select count(*)::int as n from copy_kept`.execute(trx)).rows[0]?.n).toBe(2);
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect((await sql<{ n: number }>`select count(*)::int as n from copy_kept`.execute(database.db)).rows[0]?.n).toBe(0);
    // The connection is usable afterwards.
    await transactionWithCopy(database.db, (_trx, copyInto) => copyInto("copy_kept", ["id"], "3\n"));
    expect((await sql<{ n: number }>`select count(*)::int as n from copy_kept`.execute(database.db)).rows[0]?.n).toBe(1);
  });
});

describe("COPY text", () => {
  it("refuses a NUL character before anything reaches the server", () => {
    expect(() => new CopyText().add(["a\0b"])).toThrow(/NUL/);
    expect(() => new CopyText().add([{ raw: "a\0b" }])).toThrow(/NUL/);
  });

  it("writes nulls as \\N and escapes what COPY would read as structure", () => {
    const t = new CopyText();
    t.add([null, "a\tb\\c\nd\re", true, 2]);
    expect(Buffer.from(t.take()).toString("utf8")).toBe("\\N\ta\\tb\\\\c\\nd\\re\tt\t2\n");
    expect(t.rows).toBe(0);
  });

  it("refuses names that are not plain identifiers", async () => {
    const [kind] = BACKENDS;
    const database = await openTestDatabase(kind!);
    try {
      await expect(transactionWithCopy(database.db, (_trx, copyInto) => copyInto("permit; drop table x", ["id"], "1\n"))).rejects.toThrow(/identifier/);
    } finally {
      await database.close();
    }
  });
});
