import { Readable } from "node:stream";
import type { Context } from "hono";
import type { ComplianceRow } from "../db/repos/compliance.ts";
import type { ListedPermit } from "../db/repos/permits.ts";
import type { Scope } from "../db/repos/scope.ts";
import type { ListedStep } from "../db/repos/step-occurrences.ts";
import { csvPieces, type ListRows, xlsxFile } from "../reports/list-file.ts";
import { type Column, wallDate } from "../reports/table-sheet.ts";
import { ownerWord } from "../../views/components/owner-chip.tsx";
import { formatDateTime, formatIsoRange } from "../../views/format.ts";
import type { MessageKey } from "../../views/i18n.ts";
import type { permitTypesListed } from "../../views/pages/dashboard/permit-types.tsx";
import { type DashboardContext, reasonText, STATUS_KEYS } from "../../views/pages/dashboard/shared.tsx";
import type { AppEnv } from "./context.tsx";
import { link } from "./dashboard-filters.ts";

// Every dashboard list as a file (issue 16): the rows the page lists with its filters, all of them
// rather than a page, as CSV or Excel. A list is its columns and its rows; the rows come from the
// query function the page itself calls, through the filter function the page itself uses
// (src/web/dashboard.tsx), and are written as they are read.

export type ListName = "permohonan" | "langkah" | "jenis-izin" | "petugas";

export interface ListExport<R> {
  list: ListName;
  title: MessageKey;
  columns: Column<R>[];
  rows: ListRows<R>;
  /** The list's scope: a list without a period lists every date. */
  scope: Scope;
}

const CSV = "text/csv; charset=utf-8";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const STATUS_LATE = ["late", "open_late"];

/** What the lists' columns share: labels, units, the office's wall clock. */
function columnKit(d: DashboardContext) {
  const { t } = d.ctx;
  // Working time as the pages give it: in the office's working days, in hours over offices
  // whose days differ.
  const perUnit = d.calendar ? d.calendar.dayLengthHours * 3600 : 3600;
  const inUnit = (what: MessageKey) => t(d.calendar ? "inWorkingDays" : "inWorkingHours", { what: t(what) });
  const time = (s: number | null) => (s === null ? null : s / perUnit);
  const at = (x: Date | null, zone: string) => (x ? wallDate(x, zone) : null);
  const officeName = new Map(d.offices.map((o) => [o.slug, o.name]));
  return {
    t,
    inUnit,
    time,
    at,
    office: (slug: string) => officeName.get(slug) ?? slug,
    status: (s: string | null) => t(STATUS_KEYS[s ?? "not_measurable"] ?? "stNotMeasurable"),
    owner: (o: string | null) => ownerWord(o, t),
  };
}

export function permitsExport(d: DashboardContext, scope: Scope, rows: ListRows<ListedPermit>): ListExport<ListedPermit> {
  const k = columnKit(d);
  const { t } = k;
  return {
    list: "permohonan",
    title: "navPermits",
    scope,
    rows,
    columns: [
      { header: t("permitNumber"), kind: "text", width: 24, value: (p) => p.permit_number },
      { header: t("permitType"), kind: "text", width: 30, value: (p) => p.permit_type },
      { header: t("office"), kind: "text", width: 18, value: (p) => k.office(p.office_slug) },
      { header: t("submitted"), kind: "datetime", value: (p) => k.at(p.submitted_at, p.timezone) },
      { header: t("finishedAtLabel"), kind: "datetime", value: (p) => k.at(p.finished_at, p.timezone) },
      { header: t("due"), kind: "datetime", value: (p) => k.at(p.due_at, p.timezone) },
      { header: t("status"), kind: "text", width: 18, value: (p) => k.status(p.status) },
      { header: k.inUnit("workingTime"), kind: "decimal", width: 14, value: (p) => k.time(p.working_seconds) },
      { header: k.inUnit("standard"), kind: "decimal", width: 14, value: (p) => k.time(p.standard_seconds) },
      { header: t("shareUsed"), kind: "percent", width: 12, value: (p) => p.share_used },
    ],
  };
}

type ExportedStep = ListedStep & { office_slug: string };

export function stepsExport(d: DashboardContext, scope: Scope, rows: ListRows<ExportedStep>): ListExport<ExportedStep> {
  const k = columnKit(d);
  const { t } = k;
  return {
    list: "langkah",
    title: "stepsTitle",
    scope,
    rows,
    columns: [
      { header: t("permitNumber"), kind: "text", width: 24, value: (s) => s.permit_number },
      { header: t("permitType"), kind: "text", width: 30, value: (s) => s.permit_type },
      { header: t("office"), kind: "text", width: 18, value: (s) => k.office(s.office_slug) },
      { header: t("stepNo"), kind: "int", width: 5, value: (s) => s.position },
      { header: t("step"), kind: "text", width: 40, value: (s) => s.description ?? s.step_name },
      { header: t("aliases"), kind: "text", width: 30, value: (s) => s.step_name },
      { header: t("occurrence"), kind: "int", width: 8, value: (s) => s.occurrence },
      { header: t("owner"), kind: "text", width: 14, value: (s) => k.owner(s.owner) },
      { header: t("officer"), kind: "text", width: 20, value: (s) => s.actor },
      { header: t("started"), kind: "datetime", value: (s) => k.at(s.started_at, s.zone) },
      { header: t("ended"), kind: "datetime", value: (s) => k.at(s.ended_at, s.zone) },
      { header: t("due"), kind: "datetime", value: (s) => k.at(s.due_at, s.zone) },
      { header: k.inUnit("workingTime"), kind: "decimal", width: 14, value: (s) => k.time(s.working_seconds) },
      { header: k.inUnit("standard"), kind: "decimal", width: 14, value: (s) => k.time(s.standard_seconds) },
      { header: t("shareUsed"), kind: "percent", width: 12, value: (s) => s.share_used },
      { header: t("status"), kind: "text", width: 18, value: (s) => k.status(s.status) },
      { header: t("reason"), kind: "text", width: 30, value: (s) => (s.reason ? reasonText(s.reason, t) : null) },
    ],
  };
}

type ListedType = ReturnType<typeof permitTypesListed>[number];

export function permitTypesExport(d: DashboardContext, scope: Scope, rows: ListedType[]): ListExport<ListedType> {
  const k = columnKit(d);
  const { t } = k;
  const share = (r: ComplianceRow | undefined) => (r && r.finished > 0 ? r.onTime / r.finished : null);
  const offices = (r: ListedType) => r.sops.map((s) => d.offices.find((o) => o.id === s.office_id)?.name).filter(Boolean).join(", ");
  return {
    list: "jenis-izin",
    title: "navPermitTypes",
    scope,
    rows,
    columns: [
      { header: t("permitType"), kind: "text", width: 40, value: (r) => r.type },
      { header: t("office"), kind: "text", width: 24, value: (r) => offices(r) || null },
      { header: t("finishedPermits"), kind: "int", value: (r) => r.row?.finished ?? 0 },
      { header: t("stOnTime"), kind: "int", value: (r) => r.row?.onTime ?? 0 },
      { header: t("stLate"), kind: "int", value: (r) => r.row?.late ?? 0 },
      { header: t("onTimeShare"), kind: "percent", value: (r) => share(r.row) },
      { header: k.inUnit("median"), kind: "decimal", width: 16, value: (r) => k.time(r.row?.medianWorkingSeconds ?? null) },
      { header: k.inUnit("p90"), kind: "decimal", width: 16, value: (r) => k.time(r.row?.p90WorkingSeconds ?? null) },
    ],
  };
}

export function officersExport(d: DashboardContext, scope: Scope, rows: ComplianceRow[], openRows: Map<string, number>): ListExport<ComplianceRow> {
  const { t } = d.ctx;
  return {
    list: "petugas",
    title: "navOfficers",
    scope,
    rows,
    columns: [
      { header: t("officer"), kind: "text", width: 30, value: (r) => r.label },
      { header: t("finishedSteps"), kind: "int", value: (r) => r.finished + r.noStandard },
      { header: t("stOnTime"), kind: "int", value: (r) => r.onTime },
      { header: t("stLate"), kind: "int", value: (r) => r.late },
      { header: t("onTimeShare"), kind: "percent", value: (r) => (r.finished > 0 ? r.onTime / r.finished : null) },
      { header: t("openNow"), kind: "int", value: (r) => openRows.get(r.key) ?? 0 },
    ],
  };
}

/** The name a list is downloaded under: permohonan-kampar-2026-01-01_2026-12-03.csv. */
export function listFileName(d: DashboardContext, e: Pick<ListExport<unknown>, "list" | "scope">, ext: "csv" | "xlsx"): string {
  const dates = e.scope.from === undefined && e.scope.to === undefined ? "semua-tanggal" : `${d.period.from}_${d.period.to}`;
  return `${e.list}-${d.office?.slug ?? "semua-kantor"}-${dates}.${ext}`;
}

/** The list as the file asked for ("unduh.csv" or "unduh.xlsx"), streamed as it is read. */
export async function sendList<R>(c: Context<AppEnv>, d: DashboardContext, file: string, e: ListExport<R>): Promise<Response> {
  const ext = file.endsWith(".xlsx") ? "xlsx" : "csv";
  const disposition = `attachment; filename="${listFileName(d, e, ext)}"`;
  if (ext === "csv") {
    const body = Readable.toWeb(Readable.from(csvPieces(e.columns, e.rows))) as ReadableStream;
    return c.body(body, 200, { "content-type": CSV, "content-disposition": disposition });
  }
  const { t, lang } = d.ctx;
  const officeName = d.office?.name ?? t("allOfficesOption");
  const period = e.scope.from === undefined && e.scope.to === undefined ? t("allDates").replace(/\.$/, "") : formatIsoRange(d.period.from, d.period.to, lang);
  const page = new URL(c.req.url);
  // The status column, whose late rows the sheet highlights: found by its header, not counted.
  const index = e.columns.findIndex((col) => col.header === t("status"));
  const status = index < 0 ? undefined : index + 1;
  const { stream, bytes } = await xlsxFile({
    sheetName: t(e.title),
    heading: {
      title: `${t(e.title)} · ${officeName}`,
      lines: [
        `${t("office")}: ${officeName}`,
        `${t("period")}: ${period}`,
        `${t("listShown")}: ${link(page.pathname.replace(/\/unduh\.xlsx$/, ""), Object.fromEntries(page.searchParams))}`,
        `${t("generatedAt")}: ${formatDateTime(d.now, d.timezone, lang)}`,
      ],
      pageLeft: officeName,
      pageRight: period,
      // Placeholders tableSheet fills in as page numbers.
      pageFooter: t("printedPage"),
    },
    columns: e.columns,
    rows: e.rows,
    cutNote: t("sheetFull"),
    ...(status ? { late: { column: status, values: STATUS_LATE.map((s) => t(STATUS_KEYS[s]!)) } } : {}),
  });
  return c.body(Readable.toWeb(stream) as ReadableStream, 200, { "content-type": XLSX, "content-length": String(bytes), "content-disposition": disposition });
}
