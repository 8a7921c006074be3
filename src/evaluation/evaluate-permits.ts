import { type Insertable, type Kysely, sql } from "kysely";
import type { Calendar } from "../calendar/index.ts";
import { localDate } from "../calendar/index.ts";
import { calendarFromVersions } from "../calendar/versions.ts";
import type { Clock } from "../clock/index.ts";
import { insertJsonRows } from "../db/bulk-insert.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { sopSteps, sopVersions, standardOf } from "../db/repos/sops.ts";
import type { DB, PermitVerdictTable, SopVersionRow, StepVerdictTable } from "../db/schema.ts";
import { versionInForceOn } from "../sop/version-in-force.ts";
import { evaluatePermit, type PermitInput, type SopForEvaluation, type StepRecordStatus } from "../sla/index.ts";

// Brings stored SLA results up to date: loads permits with their step records, the SOP version in
// force on each permit's submission date and the office calendar as it stands, runs the pure
// evaluation and replaces the stored verdicts, a page of permits per transaction.

export type EvaluationScope = { batchId: number } | { officeId: number } | { all: true };

const PAGE = 1_000;

interface OfficeContext {
  calendar: Calendar;
  calendarVersion: number;
  timezone: string;
}

export async function evaluatePermits(db: Kysely<DB>, clock: Clock, scope: EvaluationScope): Promise<{ permits: number }> {
  const now = clock.now();
  const offices = new Map<number, OfficeContext>();
  const sopVersionsById = new Map<number, SopVersionRow[]>();
  const sopsForEvaluation = new Map<number, SopForEvaluation>();

  async function officeContext(officeId: number): Promise<OfficeContext> {
    let ctx = offices.get(officeId);
    if (!ctx) {
      const office = await db.selectFrom("office").select("calendar_id").where("id", "=", officeId).executeTakeFirstOrThrow();
      const versions = await calendarVersions(db, office.calendar_id);
      const calendar = calendarFromVersions(versions);
      ctx = { calendar, calendarVersion: versions[0]?.version ?? 1, timezone: calendar.timezone };
      offices.set(officeId, ctx);
    }
    return ctx;
  }

  async function versionInForce(sopId: number, date: string): Promise<SopVersionRow | undefined> {
    let versions = sopVersionsById.get(sopId);
    if (!versions) {
      versions = await sopVersions(db, sopId);
      sopVersionsById.set(sopId, versions);
    }
    return versionInForceOn(versions, date);
  }

  async function sopForEvaluation(v: SopVersionRow): Promise<SopForEvaluation> {
    let sop = sopsForEvaluation.get(v.id);
    if (!sop) {
      const steps = await sopSteps(db, v.id);
      sop = {
        sopId: v.sop_id,
        version: v.version,
        statedTotal: standardOf(v.stated_total_value, v.stated_total_unit),
        steps: steps.map((s) => ({
          position: s.position,
          description: s.description,
          owner: s.owner,
          standard: standardOf(s.standard_value, s.standard_unit),
          aliases: s.aliases,
        })),
      };
      sopsForEvaluation.set(v.id, sop);
    }
    return sop;
  }

  // Permits imported before their type had an SOP get it now.
  let link = db
    .updateTable("permit")
    .set((eb) => ({
      sop_id: eb
        .selectFrom("sop")
        .select("sop.id")
        .whereRef("sop.office_id", "=", "permit.office_id")
        .where((w) => w(w.fn("lower", ["sop.permit_type"]), "=", w.fn("lower", ["permit.permit_type"])))
        .orderBy("sop.id")
        .limit(1),
    }))
    .where("permit.sop_id", "is", null);
  if ("officeId" in scope) link = link.where("permit.office_id", "=", scope.officeId);
  if ("batchId" in scope) link = link.where("permit.import_batch_id", "=", scope.batchId);
  await link.execute();

  let evaluated = 0;
  let after = 0;
  for (;;) {
    let q = db.selectFrom("permit").select(["permit.id", "permit.office_id", "permit.sop_id", "permit.submitted_at"]).where("permit.id", ">", after).orderBy("permit.id").limit(PAGE);
    if ("batchId" in scope) {
      // Permits this batch inserted or changed, and those whose steps it inserted or changed.
      q = q.where((eb) =>
        eb.or([
          eb("permit.import_batch_id", "=", scope.batchId),
          eb.exists(eb.selectFrom("step_record").select(sql`1`.as("x")).whereRef("step_record.permit_id", "=", "permit.id").where("step_record.import_batch_id", "=", scope.batchId)),
        ]),
      );
    } else if ("officeId" in scope) {
      q = q.where("permit.office_id", "=", scope.officeId);
    }
    const permits = await q.execute();
    if (permits.length === 0) break;
    after = permits[permits.length - 1]!.id;
    const ids = permits.map((p) => p.id);
    const records = await db
      .selectFrom("step_record")
      .select(["id", "permit_id", "step_name", "sequence", "occurrence", "started_at", "ended_at", "status", "actor"])
      .where("permit_id", "in", ids)
      .orderBy("permit_id")
      .orderBy(sql`started_at asc nulls last`)
      .orderBy("sequence")
      .execute();
    const byPermit = new Map<number, typeof records>();
    for (const r of records) byPermit.set(r.permit_id, [...(byPermit.get(r.permit_id) ?? []), r]);

    const permitRows: Insertable<PermitVerdictTable>[] = [];
    const stepRows: Insertable<StepVerdictTable>[] = [];
    for (const p of permits) {
      const office = await officeContext(p.office_id);
      const steps = byPermit.get(p.id) ?? [];
      const submitted = p.submitted_at ?? steps.find((s) => s.started_at)?.started_at ?? now;
      const version = p.sop_id === null ? undefined : await versionInForce(p.sop_id, localDate(submitted, office.timezone));
      const input: PermitInput = {
        id: p.id,
        submittedAt: p.submitted_at,
        steps: steps.map((s) => ({
          id: s.id,
          stepName: s.step_name,
          sequence: s.sequence,
          occurrence: s.occurrence,
          startedAt: s.started_at,
          endedAt: s.ended_at,
          status: (s.status ?? "in_progress") as StepRecordStatus,
          actor: s.actor,
        })),
      };
      const result = evaluatePermit(input, version ? await sopForEvaluation(version) : null, office.calendar, now);
      const v = result.permit;
      permitRows.push({
        permit_id: p.id,
        sop_version_id: version?.id ?? null,
        calendar_version: office.calendarVersion,
        received_at: v.receivedAt,
        due_at: v.dueAt,
        finished_at: v.finishedAt,
        total_standard_kind: v.totalStandard?.kind ?? null,
        total_standard: v.totalStandard?.description ?? null,
        working_seconds: v.workingSeconds,
        calendar_seconds: v.calendarSeconds,
        applicant_pause_seconds: v.applicantPauseSeconds,
        standard_seconds: v.standardSeconds,
        share_used: v.shareUsed,
        status: v.status,
        reason: v.reason,
        evaluated_at: now,
      });
      for (const s of result.steps) {
        stepRows.push({
          step_record_id: s.recordId,
          permit_id: p.id,
          position: s.position,
          owner: s.owner,
          standard_value: s.standard?.value ?? null,
          standard_unit: s.standard?.unit ?? null,
          due_at: s.dueAt,
          working_seconds: s.workingSeconds,
          calendar_seconds: s.calendarSeconds,
          standard_seconds: s.standardSeconds,
          share_used: s.shareUsed,
          status: s.status,
          reason: s.reason,
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom("step_verdict").where("permit_id", "in", ids).execute();
      await trx.deleteFrom("permit_verdict").where("permit_id", "in", ids).execute();
      await insertJsonRows(trx, "permit_verdict", permitRows);
      await insertJsonRows(trx, "step_verdict", stepRows);
    });
    evaluated += permits.length;
  }
  return { permits: evaluated };
}
