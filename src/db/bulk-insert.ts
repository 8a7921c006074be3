import { type Kysely, sql } from "kysely";
import type { DB } from "./schema.ts";

// Many rows in one statement with one bind parameter: the rows travel as one JSON text that the
// server turns into records. Far cheaper to parse and plan than a VALUES list with a parameter per
// value (tens of thousands of them), with either driver. Sent as text and cast on the server, so
// neither driver re-encodes it. Columns are matched by name; Dates are sent as ISO instants.

export async function insertJsonRows(db: Kysely<DB>, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).map((c) => sql.id(c));
  await sql`
    insert into ${sql.table(table)} (${sql.join(columns)})
    select ${sql.join(columns)} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::text::json)`.execute(db);
}
