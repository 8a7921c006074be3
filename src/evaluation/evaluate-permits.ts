import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Calendar } from "../calendar/index.ts";
import { localDate } from "../calendar/index.ts";
import { calendarFromVersions } from "../calendar/versions.ts";
import type { Clock } from "../clock/index.ts";
import { CopyText } from "../db/bulk-insert.ts";
import { transactionWithCopy } from "../db/connect.ts";
import { VERDICT_WRITE_LOCK } from "../db/locks.ts";
import { thresholdsFor, type ThresholdSetting } from "../alerts/thresholds.ts";
import { syncCrossings } from "../db/repos/alert-crossings.ts";
import { thresholdSettings } from "../db/repos/alert-thresholds.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { rebuildDirtyMonths } from "../db/repos/rollup.ts";
import { sopSteps, sopVersions, standardOf } from "../db/repos/sops.ts";
import type { DB, SopVersionRow } from "../db/schema.ts";
import { versionInForceOn } from "../sop/version-in-force.ts";
import { evaluatePermit, OPEN_STATUSES, type PermitInput, RULES_VERSION, type SopForEvaluation, type StepRecordStatus } from "../sla/index.ts";

// Brings stored SLA results up to date: loads permits with their step records, the SOP version in
// force on each permit's submission date and the office calendar as it stands, runs the pure
// evaluation and replaces the stored verdicts, a page of permits per transaction.
// Pages overlap: while one is evaluated here, the database reads the next and stores the one before.

/**
 * Which permits: those an import inserted or changed (listed by its batch), an office's, all, those
 * with anything still open (whose status ages with the clock), or those whose verdict is missing or
 * was made by older SLA rules (RULES_VERSION).
 */
export type EvaluationScope = { batchId: number } | { officeId: number } | { all: true } | { open: true } | { outdated: true };

/** Told after each stored page: permits done so far, of how many. */
export type EvaluationProgress = (done: number, total: number) => void;

// Pages of 2,500 permits (≈ 15,000 step records). Each page's rows, inputs and verdicts are
// short-lived garbage that V8 lets the heap grow over before collecting: with pages of 5,000 a
// million-row import peaked at 362–387 MB in its evaluation (418–450 MB at three million rows),
// with 2,500 at 302–308 MB, for ≈ 2 s more of its 25 s (docs/performance.md).
const PAGE = 2_500;


const PERMIT_VERDICT_COLUMNS = [
  "permit_id", "sop_version_id", "calendar_version", "received_at", "due_at", "finished_at", "total_standard_kind", "total_standard",
  "working_seconds", "calendar_seconds", "applicant_pause_seconds", "standard_seconds", "share_used", "status", "reason", "evaluated_at",
  "office_id", "permit_type", "sop_id", "month", "read_at", "rules_version", "warn_at", "warn2_at", "late_at", "warn_share", "warn2_share",
] as const;
const STEP_VERDICT_COLUMNS = [
  "step_record_id", "permit_id", "position", "owner", "standard_value", "standard_unit", "due_at", "working_seconds", "calendar_seconds",
  "standard_seconds", "share_used", "status", "reason", "office_id", "permit_type", "sop_id", "actor", "ended_at", "month",
  "warn_at", "warn2_at", "late_at", "warn_share", "warn2_share",
] as const;

/** The permits an import listed as inserted or changed (src/db/repos/imports.ts). */
const batchPermits = (eb: ExpressionBuilder<DB, "permit">, batchId: number) =>
  eb.selectFrom("import_batch_permit").select("permit_id").where("import_batch_id", "=", batchId);

interface OfficeContext {
  calendar: Calendar;
  calendarVersion: number;
  timezone: string;
  thresholds: ThresholdSetting[];
}

export async function evaluatePermits(db: Kysely<DB>, clock: Clock, scope: EvaluationScope, onProgress: EvaluationProgress = () => {}): Promise<{ permits: number }> {
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
      ctx = { calendar, calendarVersion: versions[0]?.version ?? 1, timezone: calendar.timezone, thresholds: await thresholdSettings(db, officeId) };
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
  if ("batchId" in scope) link = link.where("permit.id", "in", (eb) => batchPermits(eb, scope.batchId));
  await link.execute();

  /** Permits in scope after `after` (a page of them when `page`). */
  function inScope<Q extends SelectQueryBuilder<DB, "permit", object>>(q: Q, after: number, page: boolean): Q {
    q = q.where("permit.id", ">", after) as Q;
    if ("batchId" in scope) {
      // A page of the batch's list read off its key, rather than all permits matched against it.
      return q.where("permit.id", "in", (eb) => {
        const listed = batchPermits(eb, scope.batchId).where("permit_id", ">", after);
        return page ? listed.orderBy("permit_id").limit(PAGE) : listed;
      }) as Q;
    }
    if ("officeId" in scope) return q.where("permit.office_id", "=", scope.officeId) as Q;
    if ("open" in scope) {
      // A finished permit can hold an open step (the applicant's collection, not yet done): it
      // ages too.
      return q.where((eb) =>
        eb.or([
          eb("permit.id", "in", eb.selectFrom("permit_verdict").select("permit_id").where("status", "in", OPEN_STATUSES)),
          eb("permit.id", "in", eb.selectFrom("step_verdict").select("permit_id").where("status", "in", OPEN_STATUSES)),
        ]),
      ) as Q;
    }
    if ("outdated" in scope) {
      return q.where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom("permit_verdict").select("permit_id").whereRef("permit_verdict.permit_id", "=", "permit.id").where("rules_version", "=", RULES_VERSION),
          ),
        ),
      ) as Q;
    }
    return q;
  }
  const total = Number((await inScope(db.selectFrom("permit").select((eb) => eb.fn.countAll<number>().as("n")), 0, false).executeTakeFirstOrThrow()).n);
  // Nothing to do (the usual answer at start-up and for the refresh of a quiet office): the pages'
  // query would only search for it again.
  if (total === 0) return { permits: 0 };

  /** Where the next page starts: after this permit id. */
  async function loadPage(after: number) {
    const q = db
      .selectFrom("permit")
      .leftJoin("sop", "sop.id", "permit.sop_id")
      .select([
        "permit.id",
        "permit.office_id",
        "permit.sop_id",
        "permit.submitted_at",
        sql<string>`coalesce(sop.permit_type, permit.permit_type)`.as("permit_type"),
        // Read before the steps are: a verdict made of data read later is at least as new.
        sql<Date>`statement_timestamp()`.as("read_at"),
      ])
      .orderBy("permit.id");
    const permits = await inScope(q, after, true).limit(PAGE).execute();
    if (permits.length === 0) return null;
    const ids = permits.map((p) => p.id);
    const records = await db
      .selectFrom("step_record")
      .select(["id", "permit_id", "step_name", "sequence", "occurrence", "started_at", "ended_at", "status", "actor"])
      .where(sql<boolean>`permit_id = any(${ids}::bigint[])`)
      .orderBy("permit_id")
      .orderBy(sql`started_at asc nulls last`)
      .orderBy("sequence")
      .execute();
    const next = ids[ids.length - 1]!;
    return { permits, ids, records, next, readAt: permits[0]!.read_at };
  }

  async function evaluatePage(page: NonNullable<Awaited<ReturnType<typeof loadPage>>>) {
    const byPermit = new Map<number, typeof page.records>();
    for (const r of page.records) {
      const list = byPermit.get(r.permit_id);
      if (list) list.push(r);
      else byPermit.set(r.permit_id, [r]);
    }
    const permitRows = new CopyText();
    const stepRows = new CopyText();
    for (const p of page.permits) {
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
      const result = evaluatePermit(input, version ? await sopForEvaluation(version) : null, office.calendar, now, {
        thresholds: thresholdsFor(office.thresholds, p.permit_type),
      });
      const v = result.permit;
      // The month (in the office's zone) a verdict finished in: what the dashboard's rollup counts by.
      const monthOf = (d: Date | null) => (d ? localDate(d, office.timezone).slice(0, 7) : null);
      const recordOf = new Map(steps.map((s) => [s.id, s]));
      // In the order of PERMIT_VERDICT_COLUMNS.
      permitRows.add([
        p.id, version?.id ?? null, office.calendarVersion, v.receivedAt, v.dueAt, v.finishedAt, v.totalStandard?.kind ?? null,
        v.totalStandard?.description ?? null, v.workingSeconds, v.calendarSeconds, v.applicantPauseSeconds, v.standardSeconds,
        v.shareUsed, v.status, v.reason, now, p.office_id, p.permit_type, p.sop_id, monthOf(v.finishedAt), page.readAt, RULES_VERSION,
        v.crossings?.warnAt ?? null, v.crossings?.warn2At ?? null, v.crossings?.lateAt ?? null,
        v.crossings?.thresholds.warn ?? null, v.crossings?.thresholds.warn2 ?? null,
      ]);
      for (const st of result.steps) {
        // In the order of STEP_VERDICT_COLUMNS.
        stepRows.add([
          st.recordId, p.id, st.position, st.owner, st.standard?.value ?? null, st.standard?.unit ?? null, st.dueAt, st.workingSeconds,
          st.calendarSeconds, st.standardSeconds, st.shareUsed, st.status, st.reason, p.office_id, p.permit_type, p.sop_id,
          recordOf.get(st.recordId)?.actor ?? null, recordOf.get(st.recordId)?.ended_at ?? null, monthOf(recordOf.get(st.recordId)?.ended_at ?? null),
          st.crossings?.warnAt ?? null, st.crossings?.warn2At ?? null, st.crossings?.lateAt ?? null,
          st.crossings?.thresholds.warn ?? null, st.crossings?.thresholds.warn2 ?? null,
        ]);
      }
    }
    return { page, ids: page.ids, permitRows: permitRows.take(), stepRows: stepRows.take() };
  }

  const store = (evaluated: Awaited<ReturnType<typeof evaluatePage>>) =>
    transactionWithCopy(db, async (trx, copyInto) => {
      let v = evaluated;
      // Evaluations running at once (an import, the open-permit refresh, a recomputation) store
      // their pages in turns, so two of the same permits never write the same rows together; the
      // page stored later replaces the other's verdicts (even if it read the permit earlier: a
      // verdict made stale so is redone by the next refresh if open, by a recomputation if not). One lock, not a row lock per permit: locking 2,000 permit
      // rows wrote to each of them and cost more than the page's verdicts.
      await sql`select pg_advisory_xact_lock(${VERDICT_WRITE_LOCK})`.execute(trx);
      // The lock orders stores, not reads: a permit whose stored verdict was made of data read
      // after this page's keeps it (this page would put back what an import has since changed).
      const newer = await sql<{ permit_id: number }>`
        select permit_id from permit_verdict where permit_id = any(${v.ids}::bigint[]) and read_at > ${v.page.readAt}`.execute(trx);
      if (newer.rows.length > 0) {
        const keep = new Set(newer.rows.map((r) => Number(r.permit_id)));
        const permits = v.page.permits.filter((p) => !keep.has(p.id));
        if (permits.length === 0) return;
        v = await evaluatePage({ ...v.page, permits, ids: permits.map((p) => p.id), records: v.page.records.filter((r) => !keep.has(r.permit_id)) });
      }
      // Step verdicts are written with their permit's, so permits without a verdict have none to
      // delete: a first evaluation (a new import) deletes nothing. Asked by the permit verdicts'
      // key, because the step verdicts of a table filled moments ago have no statistics yet, and
      // the delete was planned as a scan of all of them for every page.
      const old = await trx.deleteFrom("permit_verdict").where(sql<boolean>`permit_id = any(${v.ids}::bigint[])`).returning("permit_id").execute();
      if (old.length > 0) await trx.deleteFrom("step_verdict").where(sql<boolean>`permit_id = any(${old.map((r) => r.permit_id)}::bigint[])`).execute();
      await copyInto("permit_verdict", PERMIT_VERDICT_COLUMNS, v.permitRows);
      await copyInto("step_verdict", STEP_VERDICT_COLUMNS, v.stepRows);
      // The alert queue follows the verdicts in the same transaction: a crossing is never queued
      // for a verdict that was not stored, nor lost for one that was.
      const before = new Set(old.map((r) => Number(r.permit_id)));
      await syncCrossings(trx, v.ids, v.ids.filter((id) => !before.has(id)), now);
    });

  let evaluated = 0;
  // Rejections are handled where each promise is awaited; the no-op handlers keep a failure that
  // happens while another await is pending from counting as unhandled.
  let next = loadPage(0);
  next.catch(() => {});
  let storing: Promise<void> = Promise.resolve();
  for (;;) {
    const page = await next;
    if (page === null) break;
    next = loadPage(page.next);
    next.catch(() => {});
    const verdicts = await evaluatePage(page);
    await storing;
    storing = store(verdicts);
    storing.catch(() => {});
    const done = evaluated + page.permits.length;
    storing = storing.then(() => onProgress(done, total));
    storing.catch(() => {});
    evaluated = done;
  }
  await storing;
  // The months these verdicts finished in are counted again now, not by the next page that reads them.
  await rebuildDirtyMonths(db);
  return { permits: evaluated };
}
