import { EVERY_OFFICE } from "../db/repos/access.ts";
import { sharedTarget } from "../offices/target.ts";
import { formatDateTime, formatIsoRange, formatMonth, formatPercent } from "../../views/format.ts";
import { translator } from "../../views/i18n.ts";
import { STATUS_KEYS } from "../../views/components/status-words.ts";
import { ownerWord } from "../../views/components/owner-chip.tsx";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import { type Calendar, workingSecondsBetween } from "../calendar/index.ts";
import { addMonths, lastDayOf } from "../calendar/months.ts";
import { calendarFromVersions } from "../calendar/versions.ts";
import { offsetAt } from "../calendar/zoned-time.ts";
import { barsChart } from "../charts/bars.ts";
import { STATUS_COLOURS } from "../charts/palette.ts";
import { chartPng } from "../charts/png.ts";
import { complianceTrendChart } from "../charts/trend.ts";
import type { Clock } from "../clock/index.ts";
import { calendarVersions } from "../db/repos/calendars.ts";
import { bottlenecksOf, type ComplianceRow, compliance, emptyComplianceRow } from "../db/repos/compliance.ts";
import { listOffices, type OfficeListItem } from "../db/repos/offices.ts";
import { applicantSpans, batchesOf, permitRowsPage, permitsOpenAt, type ReportPermitRow, type ReportStepRow, stepIdRange, stepRowsInRange } from "../db/repos/report-rows.ts";
import type { OfficeSet, Scope } from "../db/repos/scope.ts";
import { listSops, sopSteps, sopVersions } from "../db/repos/sops.ts";
import type { DB } from "../db/schema.ts";
import { pauseWithin } from "../sla/index.ts";
import { thresholdsFor } from "../alerts/thresholds.ts";
import { thresholdSettings } from "../db/repos/alert-thresholds.ts";
import { versionInForceOn } from "../sop/version-in-force.ts";
import { type ReportLabels, reportLabels } from "./labels.ts";
import { previousPeriod, type ReportPeriod, yearBefore } from "./period.ts";
import { tableSheet, wallDate } from "./table-sheet.ts";
import { type Picture, placePictures } from "./xlsx-pictures.ts";
import type { Lang } from "../../views/i18n.ts";

// The monthly Excel report (issue 12): the evidence a head of office forwards upward. Every figure
// comes from the query layer the pages and the JSON API read (compliance(), the scope fragments),
// for the same office, period and basis (finished in the period, in the office's zone), so a
// figure here and on the dashboard cannot differ. Sheets are streamed to disk; the charts are the
// dashboard's own, drawn to PNG and placed on Ringkasan afterwards (src/reports/xlsx-pictures.ts).

export interface ReportRequest {
  /** One office or several (a provincial user's choice), or null for every office (a province). */
  offices: readonly OfficeListItem[] | null;
  period: ReportPeriod;
  lang: Lang;
}

export interface ReportResult {
  path: string;
  bytes: number;
  /** Rows written per sheet (data rows, headers not counted). */
  rows: Record<string, number>;
  /** The newest import batch the data came from; null when none. */
  lastBatchId: number | null;
}

const PAGE = 5_000;
const STEP_RANGE = 5_000;
const HOUR = 3600;

interface OfficeCalendar {
  office: OfficeListItem;
  calendar: Calendar;
  version: number;
}

/** Totals of compliance rows; medians only where there is one row (one month) to take them from. */
function totals(rows: readonly ComplianceRow[]) {
  const sum = (k: "finished" | "onTime" | "late") => rows.reduce((n, r) => n + r[k], 0);
  const finished = sum("finished");
  return {
    finished,
    onTime: sum("onTime"),
    late: sum("late"),
    share: finished > 0 ? sum("onTime") / finished : null,
    median: rows.length === 1 ? rows[0]!.medianWorkingSeconds : null,
    p90: rows.length === 1 ? rows[0]!.p90WorkingSeconds : null,
  };
}


/** Writes the report to `out` (a temporary file beside it first: a reader never sees half a file). */
export async function writeReport(db: Kysely<DB>, clock: Clock, req: ReportRequest, out: string): Promise<ReportResult> {
  const L = reportLabels(req.lang);
  const now = clock.now();
  const offices = req.offices ?? (await listOffices(db, EVERY_OFFICE));
  // Every query takes the same set, so each figure is the query layer's for these offices.
  const officeSet: OfficeSet = req.offices?.map((o) => o.id);
  const calendars: OfficeCalendar[] = await Promise.all(
    offices.map(async (office) => {
      const versions = await calendarVersions(db, office.calendar_id);
      return { office, calendar: calendarFromVersions(versions), version: versions[0]?.version ?? 1 };
    }),
  );
  const main = calendars[0]!;
  const zone = main.calendar.timezone;
  const dayHours = main.calendar.dayLengthHours;
  const calendarOf = new Map(calendars.map((c) => [c.office.slug, c.calendar]));
  // "At risk" past each office's own warning threshold for the permit type, as the pages judge it.
  const thresholdsOf = new Map(await Promise.all(calendars.map(async (c) => [c.office.slug, await thresholdSettings(db, c.office.id)] as const)));
  const scope = (p: ReportPeriod): Scope => ({ officeId: officeSet, from: p.from, to: p.to, basis: "finished" });
  const p = req.period;
  const prev = previousPeriod(p);
  const lastYear = yearBefore(p);
  const endMonth = p.to.slice(0, 7);
  const trendFrom = `${addMonths(endMonth, -11)}-01`;
  // The period's end as an instant: the office's midnight after its last day (or now, for a
  // period not over yet).
  const midnight = Date.parse(`${p.to}T00:00:00Z`) + 86_400_000;
  const endInstant = new Date(Math.min(now.getTime(), midnight - offsetAt(zone, midnight)));
  const fmtDateTime = (d: Date, z: string) => formatDateTime(d, z, req.lang);
  const span = (x: ReportPeriod) => formatIsoRange(x.from, x.to, req.lang);

  const [thisRows, prevRows, lastYearRows, trend, byType, bySteps, byOfficer, openAtEnd, batches] = await Promise.all([
    compliance(db, { ...scope(p), by: "month" }),
    compliance(db, { ...scope(prev), by: "month" }),
    compliance(db, { ...scope(lastYear), by: "month" }),
    compliance(db, { ...scope({ from: trendFrom, to: lastDayOf(endMonth), month: null }), by: "month" }),
    compliance(db, { ...scope(p), by: "permit_type" }),
    compliance(db, { ...scope(p), by: "step" }),
    compliance(db, { ...scope(p), by: "officer" }),
    permitsOpenAt(db, { officeId: officeSet }, endInstant),
    batchesOf(db, officeSet),
  ]);
  const owners = await stepOwners(db, officeSet);

  // Open at the period's end, judged at that moment: late past the due, at risk past the share of
  // the office's own time (net of the applicant's pause up to then, as the pages count it).
  const spans = await applicantSpans(db, openAtEnd.map((r) => r.id));
  const shareAtEnd = (r: ReportPermitRow): number | null => {
    const cal = calendarOf.get(r.office_slug);
    if (!cal || !r.received_at || !r.standard_seconds) return null;
    const gross = workingSecondsBetween(cal, r.received_at, endInstant);
    return (gross - pauseWithin(spans.get(r.id) ?? [], r.received_at, endInstant, cal)) / r.standard_seconds;
  };
  const openJudged = openAtEnd.map((r) => {
    const share = shareAtEnd(r);
    // By the share, not the stored due: that due is pushed back by applicant pauses up to now,
    // including any after the period's end, which would excuse a permit late at the time.
    const late = share !== null ? share > 1 : r.due_at !== null && r.due_at.getTime() < endInstant.getTime();
    const warn = thresholdsFor(thresholdsOf.get(r.office_slug) ?? [], r.permit_type)(null).warn;
    return { ...r, share, endStatus: late ? "open_late" : share !== null && share > warn ? "at_risk" : "open" };
  });
  const rank = { open_late: 0, at_risk: 1, open: 2 } as Record<string, number>;
  openJudged.sort((a, b) => rank[a.endStatus]! - rank[b.endStatus]! || (b.share ?? 0) - (a.share ?? 0));

  const officeName = req.offices ? req.offices.map((o) => o.name).join(", ") : L("allOffices");
  const periodText = p.month ? formatMonth(p.month, req.lang) : formatIsoRange(p.from, p.to, req.lang);
  const lastBatch = batches[0] ?? null;
  const heading = (title: string) => ({
    title: `${title} · ${officeName}`,
    lines: [
      `${(req.offices?.length ?? 1) > 1 ? L("offices") : L("office")}: ${officeName}`,
      `${L("period")}: ${periodText}`,
      `${L("generated")}: ${fmtDateTime(now, zone)}`,
      `${L("dataFrom")}: ${lastBatch ? L("lastImport", { id: lastBatch.id, at: lastBatch.finished_at ? fmtDateTime(lastBatch.finished_at, zone) : "—" }) : L("noImport")}`,
      `${L("basis")}: ${L("basisText")}`,
    ],
    pageLeft: officeName,
    pageRight: periodText,
    pageFooter: L("page"),
  });
  const days = (s: number | null) => (s === null ? null : s / (dayHours * HOUR));
  const hours = (s: number | null) => (s === null ? null : s / HOUR);
  const share = (r: { finished: number; onTime: number }) => (r.finished > 0 ? r.onTime / r.finished : null);
  // Statuses and owners in the pages' words: a reader moving between the two sees the same ones.
  const t = translator(req.lang);
  const statusText = (s: string) => t(STATUS_KEYS[s] ?? "stNotMeasurable");
  const ownerText = (o: string | null) => ownerWord(o, t) ?? "";
  const at = (d: Date | null, z: string) => (d ? wallDate(d, z) : null);

  await mkdir(dirname(out), { recursive: true });
  const streamed = `${out}.${process.pid}.streamed`;
  const partial = `${out}.${process.pid}.partial`;
  const rowsPerSheet: Record<string, number> = {};
  const pictures: Picture[] = [];
  try {
    // Stored, not compressed: this file is only read back by placePictures, whose copy compresses
    // every part once (compressing here too cost a second pass over the Data sheet).
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: streamed, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 0 } } });
    wb.creator = "Mutu Baku";
    wb.created = now;

    // 1. Ringkasan: the headline figures against the previous period and a year before, then the
    // tables behind the three charts, each chart beside its table.
    const a = totals(thisRows);
    const b = totals(prevRows);
    const c = totals(lastYearRows);
    const open = { all: openJudged.length, risk: openJudged.filter((r) => r.endStatus === "at_risk").length, late: openJudged.filter((r) => r.endStatus === "open_late").length };
    type Figure = { label: string; values: [number | null, number | null, number | null]; kind: "int" | "percent" | "decimal" };
    const figures: Figure[] = [
      { label: L("finishedPermits"), values: [a.finished, b.finished, c.finished], kind: "int" },
      { label: L("onTime"), values: [a.onTime, b.onTime, c.onTime], kind: "int" },
      { label: L("late"), values: [a.late, b.late, c.late], kind: "int" },
      { label: L("onTimeShare"), values: [a.share, b.share, c.share], kind: "percent" },
      { label: L("medianDays"), values: [days(a.median), days(b.median), days(c.median)], kind: "decimal" },
      { label: L("p90Days"), values: [days(a.p90), days(b.p90), days(c.p90)], kind: "decimal" },
      { label: L("target"), values: [sharedTarget(offices), null, null], kind: "percent" },
      { label: L("openAtEnd"), values: [open.all, null, null], kind: "int" },
      { label: L("atRiskAtEnd"), values: [open.risk, null, null], kind: "int" },
      { label: L("lateAtEnd"), values: [open.late, null, null], kind: "int" },
    ];
    const summary = tableSheet<Figure>(wb, L("sheetSummary"), heading(L("title")), [
      { header: L("figure"), kind: "text", width: 40, value: (f) => f.label },
      { header: `${L("thisPeriod")} (${span(p)})`, kind: "decimal", width: 22, value: (f) => f.values[0], numFmt: (f) => FORMAT_OF[f.kind] },
      { header: `${L("previousPeriod")} (${span(prev)})`, kind: "decimal", width: 22, value: (f) => f.values[1], numFmt: (f) => FORMAT_OF[f.kind] },
      { header: `${L("yearBefore")} (${span(lastYear)})`, kind: "decimal", width: 22, value: (f) => f.values[2], numFmt: (f) => FORMAT_OF[f.kind] },
    ]);
    for (const f of figures) summary.add(f);

    const trendMonths = monthsBetween(trendFrom.slice(0, 7), endMonth).map((m) => trend.find((r) => r.key === m) ?? emptyComplianceRow(m));
    const trendStart = summary.section(L("trend"), [
      { header: L("month"), kind: "text", value: (r: ComplianceRow) => r.key },
      { header: L("finished"), kind: "int", value: (r: ComplianceRow) => r.finished },
      { header: L("onTime"), kind: "int", value: (r: ComplianceRow) => r.onTime },
      { header: L("late"), kind: "int", value: (r: ComplianceRow) => r.late },
      { header: L("onTimeShare"), kind: "percent", value: (r: ComplianceRow) => share(r) },
    ], trendMonths);
    const target = sharedTarget(offices);
    const sharePct = (n: number) => formatPercent(n, req.lang);
    const trendSvg = complianceTrendChart(
      trendMonths.map((r) => ({ month: r.key, label: r.key, onTime: r.onTime, late: r.late, href: "" })),
      target,
      { y: L("onTimeShare"), target: target === null ? "" : `${L("target")} ${sharePct(target)}`, describe: L("trend"), title: (m) => `${m.month}: ${m.onTime}/${m.onTime + m.late}` },
      sharePct,
    );
    pictures.push(picture(trendSvg, 6, trendStart - 1, L("trend")));

    const typeStart = summary.section(L("byType"), [
      { header: L("permitType"), kind: "text", value: (r: ComplianceRow) => r.label },
      { header: L("finished"), kind: "int", value: (r: ComplianceRow) => r.finished },
      { header: L("onTime"), kind: "int", value: (r: ComplianceRow) => r.onTime },
      { header: L("late"), kind: "int", value: (r: ComplianceRow) => r.late },
      { header: L("onTimeShare"), kind: "percent", value: (r: ComplianceRow) => share(r) },
    ], byType);
    if (byType.some((r) => r.finished > 0)) {
      const bars = byType.filter((r) => r.finished > 0).map((r) => ({ label: r.label, value: share(r) ?? 0, href: "", colour: STATUS_COLOURS.on_time! }));
      pictures.push(picture(barsChart(bars, { xLabel: L("onTimeShare"), describe: L("byType"), format: (n) => `${Math.round(n * 100)} %`, domain: [0, 1] }), 6, typeStart - 1, L("byType")));
    }

    const worst = bottlenecksOf(bySteps);
    const worstStart = summary.section(L("bottlenecks"), [
      { header: L("step"), kind: "text", value: (r: ComplianceRow) => r.label },
      { header: L("finished"), kind: "int", value: (r: ComplianceRow) => r.finished },
      { header: L("late"), kind: "int", value: (r: ComplianceRow) => r.late },
      { header: L("onTimeShare"), kind: "percent", value: (r: ComplianceRow) => share(r) },
    ], worst);
    if (worst.length > 0) {
      const bars = worst.map((r) => ({ label: r.label, value: r.late, href: "", colour: STATUS_COLOURS.late! }));
      pictures.push(picture(barsChart(bars, { xLabel: L("late"), describe: L("bottlenecks"), format: (n) => String(n) }), 6, worstStart - 1, L("bottlenecks")));
    }
    rowsPerSheet[L("sheetSummary")] = summary.rows;
    await summary.commit();

    // 2. Per jenis izin, 3. Per tahapan, 4. Per petugas.
    const types = tableSheet<ComplianceRow>(wb, L("sheetTypes"), heading(L("sheetTypes")), [
      { header: L("permitType"), kind: "text", width: 40, value: (r) => r.label },
      { header: L("finished"), kind: "int", value: (r) => r.finished },
      { header: L("onTime"), kind: "int", value: (r) => r.onTime },
      { header: L("late"), kind: "int", value: (r) => r.late },
      { header: L("onTimeShare"), kind: "percent", value: (r) => share(r) },
      { header: L("medianDays"), kind: "decimal", width: 16, value: (r) => days(r.medianWorkingSeconds) },
      { header: L("p90Days"), kind: "decimal", width: 16, value: (r) => days(r.p90WorkingSeconds) },
      { header: L("maxDays"), kind: "decimal", width: 16, value: (r) => days(r.maxWorkingSeconds) },
      { header: L("standardDays"), kind: "decimal", width: 16, value: (r) => days(r.standardSeconds) },
    ]);
    for (const r of byType) types.add(r);
    rowsPerSheet[L("sheetTypes")] = types.rows;
    await types.commit();

    const steps = tableSheet<ComplianceRow>(wb, L("sheetSteps"), heading(L("sheetSteps")), [
      { header: L("step"), kind: "text", width: 50, value: (r) => r.label },
      { header: L("owner"), kind: "text", width: 14, value: (r) => ownerText(owners.get(r.key) ?? null) },
      { header: L("finished"), kind: "int", value: (r) => r.finished },
      { header: L("onTime"), kind: "int", value: (r) => r.onTime },
      { header: L("late"), kind: "int", value: (r) => r.late },
      { header: L("onTimeShare"), kind: "percent", value: (r) => share(r) },
      { header: L("medianHours"), kind: "decimal", width: 14, value: (r) => hours(r.medianWorkingSeconds) },
      { header: L("p90Hours"), kind: "decimal", width: 14, value: (r) => hours(r.p90WorkingSeconds) },
      { header: L("maxHours"), kind: "decimal", width: 14, value: (r) => hours(r.maxWorkingSeconds) },
      { header: L("standardHours"), kind: "decimal", width: 14, value: (r) => hours(r.standardSeconds) },
      { header: L("waktu"), kind: "text", width: 14, value: (r) => r.waktu },
    ]);
    for (const r of bySteps) steps.add(r);
    rowsPerSheet[L("sheetSteps")] = steps.rows;
    await steps.commit();

    const officers = tableSheet<ComplianceRow>(wb, L("sheetOfficers"), heading(L("sheetOfficers")), [
      { header: L("officer"), kind: "text", width: 30, value: (r) => r.label },
      { header: L("stepsFinished"), kind: "int", value: (r) => r.finished },
      { header: L("onTime"), kind: "int", value: (r) => r.onTime },
      { header: L("onTimeShare"), kind: "percent", value: (r) => share(r) },
      { header: L("medianHours"), kind: "decimal", width: 14, value: (r) => hours(r.medianWorkingSeconds) },
    ]);
    for (const r of byOfficer) officers.add(r);
    rowsPerSheet[L("sheetOfficers")] = officers.rows;
    await officers.commit();

    // 5. Pelanggaran: every late step occurrence, then every late permit, of the period.
    type Violation = { kind: string; number: string; type: string; step: string | null; officer: string | null; start: Date | null; end: Date | null; due: Date | null; standard: number | null; actual: number | null; zone: string; note: string };
    const violations = tableSheet<Violation>(wb, L("sheetViolations"), heading(L("sheetViolations")), [
      { header: L("kind"), kind: "text", value: (v) => v.kind },
      { header: L("permitNumber"), kind: "text", width: 24, value: (v) => v.number },
      { header: L("permitType"), kind: "text", width: 30, value: (v) => v.type },
      { header: L("step"), kind: "text", width: 36, value: (v) => v.step },
      { header: L("officer"), kind: "text", width: 20, value: (v) => v.officer },
      { header: L("start"), kind: "datetime", value: (v) => at(v.start, v.zone) },
      { header: L("end"), kind: "datetime", value: (v) => at(v.end, v.zone) },
      { header: L("due"), kind: "datetime", value: (v) => at(v.due, v.zone) },
      { header: L("standardHours"), kind: "decimal", width: 14, value: (v) => hours(v.standard) },
      { header: L("actualHours"), kind: "decimal", width: 14, value: (v) => hours(v.actual) },
      { header: L("excessHours"), kind: "decimal", width: 14, value: (v) => (v.standard === null || v.actual === null ? null : hours(v.actual - v.standard)) },
      { header: L("reason"), kind: "text", width: 24, value: (v) => v.note },
    ]);
    for await (const s of stepRanges(db, scope(p), (after, upTo) => stepRowsInRange(db, scope(p), after, upTo, "late"))) {
      violations.add({ kind: L("kindStep"), number: s.permit_number, type: s.permit_type, step: stepLabel(s), officer: s.owner === "applicant" ? null : s.actor, start: s.started_at, end: s.ended_at, due: s.due_at, standard: s.standard_seconds, actual: s.working_seconds, zone: s.zone, note: L("lateBy") });
    }
    for await (const r of pages((after) => permitRowsPage(db, scope(p), "late", after, PAGE), (r) => r.id)) {
      violations.add({ kind: L("kindPermit"), number: r.permit_number, type: r.permit_type, step: null, officer: null, start: r.received_at, end: r.finished_at, due: r.due_at, standard: r.standard_seconds, actual: r.working_seconds, zone: r.zone, note: L("lateBy") });
    }
    rowsPerSheet[L("sheetViolations")] = violations.rows;
    await violations.commit();

    // 6. Berjalan: open at the period's end, late and at risk first.
    const openSheet = tableSheet<(typeof openJudged)[number]>(
      wb,
      L("sheetOpen"),
      heading(L("sheetOpen")),
      [
        { header: L("permitNumber"), kind: "text", width: 24, value: (r) => r.permit_number },
        { header: L("permitType"), kind: "text", width: 30, value: (r) => r.permit_type },
        { header: L("received"), kind: "datetime", value: (r) => at(r.received_at, r.zone) },
        { header: L("due"), kind: "datetime", value: (r) => at(r.due_at, r.zone) },
        { header: L("shareUsed"), kind: "percent", value: (r) => r.share },
        { header: L("status"), kind: "text", width: 18, value: (r) => statusText(r.endStatus) },
      ],
      { late: { column: 6, values: [statusText("open_late")] } },
    );
    for (const r of openJudged) openSheet.add(r);
    rowsPerSheet[L("sheetOpen")] = openSheet.rows;
    await openSheet.commit();

    // 7. Data: every step occurrence of the period, one row each.
    const data = tableSheet<ReportStepRow>(
      wb,
      L("sheetData"),
      heading(L("sheetData")),
      [
        { header: L("permitNumber"), kind: "text", width: 24, value: (r) => r.permit_number },
        { header: L("permitType"), kind: "text", width: 30, value: (r) => r.permit_type },
        { header: L("position"), kind: "int", width: 5, value: (r) => r.position },
        { header: L("step"), kind: "text", width: 36, value: (r) => r.step_name },
        { header: L("occurrence"), kind: "int", width: 8, value: (r) => r.occurrence },
        { header: L("owner"), kind: "text", width: 12, value: (r) => ownerText(r.owner) },
        { header: L("officer"), kind: "text", width: 20, value: (r) => r.actor },
        { header: L("start"), kind: "datetime", value: (r) => at(r.started_at, r.zone) },
        { header: L("end"), kind: "datetime", value: (r) => at(r.ended_at, r.zone) },
        { header: L("due"), kind: "datetime", value: (r) => at(r.due_at, r.zone) },
        { header: L("workingHours"), kind: "decimal", width: 14, value: (r) => hours(r.working_seconds) },
        { header: L("standardHours"), kind: "decimal", width: 14, value: (r) => hours(r.standard_seconds) },
        { header: L("shareUsed"), kind: "percent", value: (r) => r.share_used },
        { header: L("status"), kind: "text", width: 16, value: (r) => statusText(r.status) },
      ],
      { late: { column: 14, values: [statusText("late")] } },
    );
    for await (const r of stepRanges(db, scope(p), (after, upTo) => stepRowsInRange(db, scope(p), after, upTo))) data.add(r);
    rowsPerSheet[L("sheetData")] = data.rows;
    await data.commit();

    // 8. Metodologi: how time is counted, the calendar, the SOP versions, the imports.
    const method = tableSheet<[string, string]>(wb, L("sheetMethod"), heading(L("sheetMethod")), [
      { header: L("methodTitle"), kind: "text", width: 34, value: (r) => r[0] },
      { header: "", kind: "text", width: 110, value: (r) => r[1] },
    ]);
    for (const k of ["method1", "method2", "method3", "method4", "method5"] as const) method.add(["", L(k)]);
    method.add([L("officesTitle"), offices.map((o) => o.name).join("; ")]);
    for (const c of calendars) {
      const cal = c.calendar;
      method.add([`${L("calendarTitle")} · ${c.office.name}`, `${cal.name} (${L("calendarVersion")} ${c.version}, ${cal.timezone})`]);
      method.add([L("weeklyHours"), weeklyText(cal)]);
      const holidays = [...cal.holidays.values()].filter((h) => h.date >= p.from && h.date <= p.to);
      method.add([L("holidaysInPeriod"), holidays.length === 0 ? L("none") : holidays.map((h) => `${h.date}${h.name ? ` ${h.name}` : ""}${h.kind ? ` (${h.kind.replace("_", " ")})` : ""}`).join("; ")]);
      const periods = cal.periods.filter((x) => x.to >= p.from && x.from <= p.to);
      method.add([L("periodsInPeriod"), periods.length === 0 ? L("none") : periods.map((x) => `${x.name}: ${x.from} – ${x.to}`).join("; ")]);
    }
    for (const line of await sopLines(db, officeSet, p.to, L)) method.add([L("sopsTitle"), line]);
    for (const bt of batches.slice(0, 50)) {
      method.add([L("batchesTitle"), `${L("batch")} #${bt.id} (${bt.office_slug}): ${bt.files.join(", ")}; ${L("rowsRead")} ${bt.rows_read}; ${L("finishedAt")} ${bt.finished_at ? fmtDateTime(bt.finished_at, zone) : "—"}`]);
    }
    rowsPerSheet[L("sheetMethod")] = method.rows;
    await method.commit();

    await wb.commit();
    await placePictures(streamed, partial, 1, pictures);
    await rename(partial, out);
  } finally {
    await rm(streamed, { force: true });
    await rm(partial, { force: true });
  }
  return { path: out, bytes: (await stat(out)).size, rows: rowsPerSheet, lastBatchId: lastBatch?.id ?? null };
}

const FORMAT_OF = { int: "#,##0", percent: "0.0%", decimal: "#,##0.00" } as const;

function picture(chartHtml: string, col: number, row: number, description: string): Picture {
  const { png, width, height } = chartPng(chartHtml);
  // Half size on the sheet: the PNG is drawn at twice the scale, so it stays sharp when printed.
  return { png, col, row, width: Math.round(width * 0.75), height: Math.round(height * 0.75), description };
}

/**
 * The scope's step occurrences a range of ids at a time (at most STEP_RANGE ids each). Between
 * ranges the writer's streams get the event loop: exceljs's rows are buffered until its zip
 * stream takes them, and a reader faster than the compression would pile them up.
 */
async function* stepRanges(db: Kysely<DB>, s: Scope, read: (after: number, upTo: number) => Promise<ReportStepRow[]>): AsyncGenerator<ReportStepRow> {
  const range = await stepIdRange(db, s);
  if (!range) return;
  for (let after = range.lo - 1; after < range.hi; after += STEP_RANGE) {
    yield* await read(after, Math.min(after + STEP_RANGE, range.hi));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function* pages<T>(read: (after: number) => Promise<T[]>, keyOf: (row: T) => number): AsyncGenerator<T> {
  let after = 0;
  for (;;) {
    const rows = await read(after);
    yield* rows;
    if (rows.length < PAGE) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

const stepLabel = (s: ReportStepRow) => `${s.position ? `${s.position}. ` : ""}${s.step_name}${s.occurrence > 1 ? ` (${s.occurrence})` : ""}`;


function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

function weeklyText(cal: Calendar): string {
  return Object.entries(cal.source.weekly)
    .filter(([, iv]) => (iv ?? []).length > 0)
    .map(([d, iv]) => `${d} ${(iv ?? []).map(([a, b]) => `${a}–${b}`).join(", ")}`)
    .join("; ");
}

async function sopsOf(db: Kysely<DB>, offices: OfficeSet) {
  const set = offices === undefined ? null : new Set(typeof offices === "number" ? [offices] : offices);
  return (await listSops(db, EVERY_OFFICE)).filter((s) => set === null || set.has(s.office_id));
}

/** "slug#position" → the step's owner, from each SOP's latest version. */
async function stepOwners(db: Kysely<DB>, offices: OfficeSet): Promise<Map<string, string | null>> {
  const owners = new Map<string, string | null>();
  for (const sop of await sopsOf(db, offices)) {
    const [latest] = await sopVersions(db, sop.id);
    if (!latest) continue;
    for (const st of await sopSteps(db, latest.id)) owners.set(`${sop.slug}#${st.position}`, st.owner);
  }
  return owners;
}

/** One line per SOP: its version in force at the period's end, with its dates. */
async function sopLines(db: Kysely<DB>, offices: OfficeSet, date: string, L: ReportLabels): Promise<string[]> {
  const lines: string[] = [];
  for (const sop of await sopsOf(db, offices)) {
    const v = versionInForceOn(await sopVersions(db, sop.id), date);
    if (!v) continue;
    lines.push(`${sop.permit_type} (${sop.slug}): ${L("version")} ${v.version}${v.number ? `, ${v.number}` : ""}${v.effective_from ? `; ${L("effective")} ${v.effective_from}` : ""}`);
  }
  return lines;
}

