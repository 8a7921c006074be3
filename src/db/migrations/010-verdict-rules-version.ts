import { type Kysely, sql } from "kysely";

// Each verdict records the version of the SLA rules it was made by (src/sla/rules-version.ts).
// The verdicts stored before this migration were made by version 1: the permit's finish waited
// for the applicant's collection, and a day standard due in a break was moved to the break's start
// (issue 17). Marking them so makes the server redo them when it starts, as it does for permits
// without a verdict, and nothing else has to be recomputed by hand.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table permit_verdict add column rules_version integer not null default 1`.execute(db);
  // Every verdict written from now on names its rules.
  await sql`alter table permit_verdict alter column rules_version drop default`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table permit_verdict drop column rules_version`.execute(db);
}
