import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { writeSampleExport } from "../../src/sample/generate.ts";
import { apiToken } from "../support/app.ts";
import { exitOf, freePort, spawnCli, waitForOutput } from "../support/cli.ts";
import { databaseUrlFor } from "../support/database-url.ts";
import { openTestDatabase } from "../support/test-db.ts";

// `mutubaku import` killed (SIGKILL) at several points of its SLA evaluation, on PostgreSQL, while
// a server runs on the same database: within a minute the server has finished every interrupted
// evaluation, and the stored verdicts are exactly those of the same files imported cleanly.
// Only finished permits are imported, so no verdict depends on the moment it was made.

const url = process.env.DATABASE_URL;

describe.skipIf(!url)("imports killed during their evaluation, with a server running (PostgreSQL)", () => {
  let killed: Database;
  let clean: Database;
  let dir: string;
  const files: string[] = [];
  let server: ReturnType<typeof spawnCli> | null = null;
  let port = 0;
  const urlOf = (d: Database) => databaseUrlFor(url!, d.location.slice(d.location.indexOf("/") + 1));

  beforeAll(async () => {
    [killed, clean] = await Promise.all([openTestDatabase("postgres"), openTestDatabase("postgres")]);
    dir = mkdtempSync(join(tmpdir(), "mutubaku-evalkill-"));
    await writeSampleExport({ officeSlug: "kampar", months: 12, seed: 11, now: new Date("2026-06-30T09:00:00Z"), permitsPerDay: 75, outDir: dir });
    const rows = parse(readFileSync(join(dir, "kampar-sicantik.csv")), { columns: true }) as Record<string, string>[];
    const open = new Set(rows.filter((r) => r.status !== "Selesai" && r.status !== "Drop").map((r) => r.no_permohonan));
    const permits = [...new Set(rows.map((r) => r.no_permohonan))].filter((p) => !open.has(p));
    // Three exports of disjoint permits, each of more than two evaluation pages (2,500 permits).
    const part = new Map(permits.map((p, i) => [p, i % 3]));
    for (let k = 0; k < 3; k++) {
      const mine = rows.filter((r) => part.get(r.no_permohonan!) === k);
      const file = join(dir, `part-${k}.csv`);
      writeFileSync(file, stringify(mine, { header: true }));
      files.push(file);
    }
    expect(permits.length).toBeGreaterThan(3 * 5_000);
    port = await freePort();
    server = spawnCli(["serve"], { DATABASE_URL: urlOf(killed), PORT: String(port), HOST: "127.0.0.1" });
    await waitForOutput(server, /is serving/, 60_000);
  }, 240_000);

  afterAll(async () => {
    if (server) {
      server.kill("SIGTERM");
      await exitOf(server);
    }
    await Promise.all([killed?.close(), clean?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const permitVerdicts = (d: Database) =>
    sql<Record<string, unknown>>`
      select p.permit_number, v.sop_version_id, v.calendar_version, v.received_at, v.due_at, v.finished_at, v.total_standard_kind,
        v.total_standard, v.working_seconds, v.calendar_seconds, v.applicant_pause_seconds, v.standard_seconds, v.share_used, v.status,
        v.reason, v.office_id, v.permit_type, v.sop_id, v.month, v.rules_version
      from permit p left join permit_verdict v on v.permit_id = p.id order by p.permit_number`.execute(d.db);
  const stepVerdicts = (d: Database) =>
    sql<Record<string, unknown>>`
      select p.permit_number, r.source_record_id, v.position, v.owner, v.standard_value, v.standard_unit, v.due_at, v.working_seconds,
        v.calendar_seconds, v.standard_seconds, v.share_used, v.status, v.reason, v.office_id, v.permit_type, v.sop_id, v.actor, v.ended_at, v.month
      from step_record r join permit p on p.id = r.permit_id left join step_verdict v on v.step_record_id = r.id
      order by p.permit_number, r.source_record_id`.execute(d.db);
  const rollup = (d: Database) => sql<Record<string, unknown>>`select * from verdict_month order by 1, 2, 3, 4, 5`.execute(d.db);

  it("finishes every interrupted evaluation within a minute, to exactly the verdicts of a clean import", { timeout: 300_000 }, async () => {
    // Kill points: as the evaluation starts (no page stored), after one page, after two.
    const killAt = [/menilai SLA…/, /menilai SLA: 2\.500 dari/, /menilai SLA: 5\.000 dari/];
    for (const [k, file] of files.entries()) {
      const child = spawnCli(["import", "--office", "kampar", file], { DATABASE_URL: urlOf(killed) });
      await waitForOutput(child, killAt[k]!, 120_000);
      child.kill("SIGKILL");
      expect(await exitOf(child)).toBe(null);
    }
    const batches = await killed.db.selectFrom("import_batch").select(["id", "status"]).orderBy("id").execute();
    expect(batches).toHaveLength(3);
    // The pages read the same: none has succeeded yet unless the server's job already took it up.
    const killedAt = Date.now();
    const authorization = `Bearer ${await apiToken(killed.db)}`;
    const statuses = async () => (await (await fetch(`http://127.0.0.1:${port}/api/v1/imports`, { headers: { authorization } })).json()) as { id: number; status: string }[];
    for (;;) {
      const list = await statuses();
      if (list.length === 3 && list.every((b) => b.status === "succeeded")) break;
      expect(Date.now() - killedAt).toBeLessThan(75_000);
      await new Promise((r) => setTimeout(r, 1_000));
    }

    for (const file of files) await runImport(clean.db, fixedClock("2026-12-03T03:00:00Z"), { office: "kampar", files: [{ name: file.split("/").pop()!, path: file }] });
    const [a, b] = [await permitVerdicts(killed), await permitVerdicts(clean)];
    expect(a.rows.length).toBeGreaterThan(15_000);
    expect(a.rows.every((r) => r.status !== null)).toBe(true);
    expect(a.rows).toEqual(b.rows);
    const [sa, sb] = [await stepVerdicts(killed), await stepVerdicts(clean)];
    expect(sa.rows.every((r) => r.status !== null)).toBe(true);
    expect(sa.rows).toEqual(sb.rows);
    expect((await rollup(killed)).rows).toEqual((await rollup(clean)).rows);
  });
});
