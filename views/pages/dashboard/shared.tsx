import type { OfficeSet } from "../../../src/db/repos/scope.ts";
import { raw } from "hono/html";
import { ChoiceField } from "../../components/form.tsx";
import type { Child } from "hono/jsx";
import type { Calendar } from "../../../src/calendar/index.ts";
import { formatWorkingDuration } from "../../../src/calendar/format.ts";
import type { OfficeListItem } from "../../../src/db/repos/offices.ts";
import type { SopListItem } from "../../../src/db/repos/sops.ts";
import { addMonths } from "../../../src/calendar/months.ts";
import { link, openNowList, type PageQuery, type Params, type Period, scopeParams } from "../../../src/web/dashboard-filters.ts";
import { formatDateTime, formatIsoDate, formatNumber, formatPercent } from "../../format.ts";
import type { Owner } from "../../../src/sop/schema.ts";
import { OwnerChip } from "../../components/owner-chip.tsx";
import { STATUS_KEYS } from "../../components/status-words.ts";
import { LOCALES, type MessageKey, type Translate } from "../../i18n.ts";
import type { PageContext } from "../../layout.tsx";

// What every dashboard page shares: the filters, status chips, figures as links, durations.

export interface DashboardContext {
  ctx: PageContext;
  q: PageQuery;
  offices: OfficeListItem[];
  office: OfficeListItem | undefined;
  /** The offices the figures count: the one chosen, else every one the user may see (src/db/repos/access.ts). */
  officeIds: OfficeSet;
  calendar: Calendar | undefined;
  timezone: string;
  period: Period;
  permitTypes: string[];
  sops: SopListItem[];
  now: Date;
}

export { STATUS_KEYS };

/** An instant in a table cell: its date and its time each kept on one line, the two free to wrap. */
export function When({ at, timezone, lang }: { at: Date | null; timezone: string; lang: PageContext["lang"] }) {
  if (!at) return <>—</>;
  const text = formatDateTime(at, timezone, lang);
  const i = text.lastIndexOf(", ");
  if (i < 0) return <span class="nowrap">{text}</span>;
  return (
    <>
      <span class="nowrap">{text.slice(0, i + 1)}</span> <span class="nowrap">{text.slice(i + 2)}</span>
    </>
  );
}

export function StatusChip({ status, t }: { status: string | null; t: Translate }) {
  const s = status ?? "not_measurable";
  return <span class={`chip status status-${s}`}>{t(STATUS_KEYS[s] ?? "stNotMeasurable")}</span>;
}

const REASON_KEYS: Record<string, MessageKey> = {
  "no SOP for the permit": "whyNoSop",
  "skipped (Drop)": "whySkipped",
  "waiting (not started)": "whyWaiting",
  "no start time": "whyNoStart",
  "end before start": "whyEndBeforeStart",
  "finished without an end time": "whyNoEnd",
  "the SOP states no total and its steps no standard": "whyNoTotal",
  "no step outside the applicant's has started": "whyNotReceived",
};

/** Why a result is not measurable, in the reader's language. */
export function reasonText(reason: string, t: Translate): string {
  const key = REASON_KEYS[reason];
  if (key) return t(key);
  const unmapped = /^step name "(.*)" matches no SOP step$/.exec(reason);
  return unmapped ? t("whyUnmapped", { name: unmapped[1]! }) : reason;
}

const UNIT_KEYS: Record<string, MessageKey> = { minute: "nMinutes", hour: "nHours", day: "nWorkingDaysStd" };

/** A standard as the evaluation describes it ("15 minutes + 4 days"), in the reader's words. */
export function standardText(description: string, t: Translate, lang: PageContext["lang"]): string {
  return description.replace(/(\d+(?:\.\d+)?) (minute|hour|day)s?/g, (_, n: string, unit: string) => t(UNIT_KEYS[unit]!, { n: formatNumber(Number(n), lang) }));
}

/** A share 0..1 as "87%": the one percent format of pages and report alike. */
export const percent = formatPercent;

/** Working seconds as days, hours and minutes of the office's working day. */
export function duration(d: DashboardContext, seconds: number | null): string {
  if (seconds === null) return "—";
  return d.calendar ? formatWorkingDuration(d.calendar, seconds, d.ctx.lang) : `${formatNumber(seconds / 3600, d.ctx.lang, 1)} ${d.ctx.t("hoursShort")}`;
}

/** Working days, to one decimal: what heads of office compare with "4 Hari". */
export function workingDays(d: DashboardContext, seconds: number | null): string {
  if (seconds === null) return "—";
  // Offices with different working days: hours are the one unit they share.
  // One decimal always, so "1,0 hari" stands beside "0,9 hari" (and never "1 days").
  const oneDecimal = (n: number) => new Intl.NumberFormat(LOCALES[d.ctx.lang], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
  if (!d.calendar) return `${oneDecimal(seconds / 3600)} ${d.ctx.t("hoursShort")}`;
  return d.ctx.t("nDays", { n: oneDecimal(seconds / 3600 / d.calendar.dayLengthHours) });
}

/** Long text (SOP step descriptions run to paragraphs) cut to a line, whole in its tooltip. */
export function Clipped({ text, max = 90 }: { text: string; max?: number }) {
  return text.length <= max ? <>{text}</> : <span title={text}>{`${text.slice(0, max - 1)}…`}</span>;
}

/** A step as the office's system names it, numbered as in its SOP: "3. Verifikasi Berkas". */
export const stepName = (s: { position: number | null; step_name: string }) => `${s.position ? `${s.position}. ` : ""}${s.step_name}`;

/**
 * A step's short name; its SOP text (a paragraph, often longer than the rest of the row) folded
 * under it, opened on demand without JavaScript. `children` follow the name.
 */
export function StepName({ s, t, children }: { s: { position: number | null; step_name: string; description: string | null }; t: Translate; children?: Child }) {
  const name = stepName(s);
  return s.description && s.description !== s.step_name ? (
    <details class="step-text">
      <summary title={t("stepSopText")}>
        {name}
        {children}
      </summary>
      <p>{s.description}</p>
    </details>
  ) : (
    <>
      {name}
      {children}
    </>
  );
}

/** A figure and the list it counts. */
export function Figure({ n, href, lang }: { n: number; href: string; lang: PageContext["lang"] }) {
  return (
    <a href={href} class="figure-link">
      {formatNumber(n, lang)}
    </a>
  );
}

/** A share on time, linked to the finished permits or steps it is the share of. */
export function ShareLink({ onTime, finished, href, lang }: { onTime: number; finished: number; href: string; lang: PageContext["lang"] }) {
  return finished > 0 ? (
    <a href={href} class="share-link">
      {percent(onTime / finished, lang)}
    </a>
  ) : (
    <>—</>
  );
}

/** A titled card of the dashboard; what it shows, or a line saying there is nothing to show. */
export function Panel({ id, title, empty, emptyText, children }: { id: string; title: string; empty: boolean; emptyText: string; children?: Child }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {empty ? <p class="muted">{emptyText}</p> : children}
    </section>
  );
}

/** What a step occurrence's row shows after its name, on the permit page and the step list alike. */
export interface StepVerdictRow {
  owner: string | null;
  actor: string | null;
  started_at: Date | null;
  ended_at: Date | null;
  due_at: Date | null;
  working_seconds: number | null;
  share_used: number | null;
  status: string | null;
  reason: string | null;
}

export const stepColumns = (t: Translate, withDue: boolean) => [
  t("owner"),
  t("officer"),
  t("started"),
  t("ended"),
  ...(withDue ? [t("due")] : []),
  { label: t("workingTime"), num: true as const },
  { label: t("shareUsed"), num: true as const },
  t("status"),
];

/** A step table's cells after its name; on a phone each row is a card whose cells say what they are. */
export function StepVerdictCells({ d, s, timezone, withDue }: { d: DashboardContext; s: StepVerdictRow; timezone: string; withDue: boolean }) {
  const { t, lang } = d.ctx;
  return (
    <>
      <td data-label={t("owner")} class="minor">
        <OwnerChip owner={(s.owner as Owner | null) ?? null} t={t} />
      </td>
      <td data-label={t("officer")} class="minor">
        {s.actor ?? "—"}
      </td>
      <td data-label={t("started")} class="minor">
        <When at={s.started_at} timezone={timezone} lang={lang} />
      </td>
      <td data-label={t("ended")} class="minor">
        <When at={s.ended_at} timezone={timezone} lang={lang} />
      </td>
      {withDue ? (
        <td data-label={t("due")} class="minor">
          <When at={s.due_at} timezone={timezone} lang={lang} />
        </td>
      ) : null}
      <td class="num" data-label={t("workingTime")}>
        {duration(d, s.working_seconds)}
      </td>
      <td class="num" data-label={t("shareUsed")}>
        {s.share_used === null ? "—" : percent(s.share_used, lang)}
      </td>
      <td class="status-cell">
        <StatusChip status={s.status} t={t} />
        {s.reason ? <div class="muted small">{reasonText(s.reason, t)}</div> : null}
      </td>
    </>
  );
}

/** A chart drawn on the server, with the text a screen reader gets. */
export function Chart({ svg, caption }: { svg: string; caption: string }) {
  return (
    <figure class="chart">
      {raw(svg)}
      <figcaption class="muted">{caption}</figcaption>
    </figure>
  );
}

const PERIOD_CHOICES: { key: MessageKey; months: number }[] = [
  { key: "periodMonth", months: 1 },
  { key: "period3", months: 3 },
  { key: "period12", months: 12 },
];

/**
 * What a printed page says instead of its filter form: the office, the period and when it was
 * printed (the time the page was made, in the office's zone).
 */
export function PrintHeading({ d, period = true, list = false }: { d: DashboardContext; period?: boolean; list?: boolean }) {
  const { t, lang } = d.ctx;
  const dates = list && d.period.defaulted ? t("printAllDates") : t("periodShown", { from: formatIsoDate(d.period.from, lang), to: formatIsoDate(d.period.to, lang) });
  return (
    <p class="print-heading" data-testid="print-heading">
      <strong>{d.office?.name ?? t("allOffices")}</strong>
      {period ? <> · {dates}</> : null} · {t("printedAt", { at: formatDateTime(d.now, d.timezone, lang) })}
    </p>
  );
}

/** The office, permit type and period filters, as a form that works without JavaScript. */
export function FilterForm({ d, action, extra = {}, list = false }: { d: DashboardContext; action: string; extra?: Params; list?: boolean }) {
  const { t, lang } = d.ctx;
  const today = d.period.to;
  // A list of what is open now spans every date: empty fields say so.
  const shownDates = !(list && openNowList(d.q, d.period));
  const quick = (months: number) => {
    const first = `${addMonths(today.slice(0, 7), -(months - 1))}-01`;
    return link(action, { ...scopeParams(d.q), ...extra, from: first, to: today });
  };
  return (
    <>
    <PrintHeading d={d} list={list} />
    <form class="filters card" method="get" action={action} role="search">
      {Object.entries(extra).map(([k, v]) => (v === undefined ? null : <input type="hidden" name={k} value={String(v)} />))}
      <ChoiceField label={t("office")} name="office" all={t("allOffices")} choices={d.offices.map((o) => [o.slug, o.name] as const)} chosen={d.q.office} />
      <ChoiceField label={t("permitType")} name="permit_type" all={t("allPermitTypes")} choices={d.permitTypes.map((p) => [p, p] as const)} chosen={d.q.permit_type} />
      <label class="field">
        <span>{t("from")}</span>
        <input type="date" name="from" value={shownDates ? d.period.from : ""} />
      </label>
      <label class="field">
        <span>{t("to")}</span>
        <input type="date" name="to" value={shownDates ? d.period.to : ""} />
      </label>
      <button type="submit">{t("apply")}</button>
      <p class="quick muted">
        {PERIOD_CHOICES.map((p) => (
          <>
            <a href={quick(p.months)}>{t(p.key)}</a>{" "}
          </>
        ))}
        {shownDates ? <>· {t("periodShown", { from: formatIsoDate(d.period.from, lang), to: formatIsoDate(d.period.to, lang) })}</> : null}
      </p>
    </form>
    </>
  );
}

/** Previous / next page links that keep every filter. */
export function Pager({ d, path, page, pageSize, total }: { d: Pick<DashboardContext, "ctx"> & { q: Readonly<Record<string, string | number | readonly string[] | undefined>> }; path: string; page: number; pageSize: number; total: number }) {
  const { t, lang } = d.ctx;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const at = (p: number) => link(path, { ...d.q, page: p === 1 ? undefined : p });
  return (
    <nav class="pager" aria-label={t("pages")}>
      {page > 1 ? <a href={at(page - 1)} rel="prev">‹ {t("previous")}</a> : <span />}
      <span class="muted">{t("pageOf", { page: formatNumber(page, lang), pages: formatNumber(pages, lang), total: formatNumber(total, lang) })}</span>
      {page < pages ? <a href={at(page + 1)} rel="next">{t("next")} ›</a> : <span />}
    </nav>
  );
}

/** The dashboard's own tabs under the top bar. */
export function DashboardTabs({ d, current }: { d: DashboardContext; current: string }) {
  const { t } = d.ctx;
  const scope = scopeParams(d.q);
  const tabs: [string, MessageKey][] = [
    ["/", "navHome"],
    ["/jenis-izin", "navPermitTypes"],
    ["/permohonan", "navPermits"],
    ["/petugas", "navOfficers"],
  ];
  return (
    <nav class="tabs" aria-label={t("dashboard")}>
      {tabs.map(([path, key]) => (
        <a href={link(path, scope)} aria-current={current === path ? "page" : undefined}>
          {t(key)}
        </a>
      ))}
    </nav>
  );
}

/** The list as CSV and Excel files: every row with the filters shown, not this page's 50. */
export function DownloadLinks({ d, path, params }: { d: DashboardContext; path: string; params: Params }) {
  const { t } = d.ctx;
  const file = (ext: string) => link(`${path}/unduh.${ext}`, { ...params, page: undefined });
  return (
    <p class="downloads">
      <a href={file("csv")} data-testid="download-csv">{t("downloadCsv")}</a>{" "}
      <a href={file("xlsx")} data-testid="download-xlsx">{t("downloadXlsx")}</a>{" "}
      <span class="muted small">({t("downloadsHint")})</span>
    </p>
  );
}
