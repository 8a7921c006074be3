import type { Holiday, Weekday } from "../../src/calendar/schema.ts";
import { HOLIDAY_KINDS } from "../../src/calendar/schema.ts";
import { HolidayTable } from "../components/holiday-table.tsx";
import { Layout, type PageContext } from "../layout.tsx";
import { CsrfField } from "../components/form.tsx";

interface Office {
  slug: string;
  name: string;
}

function Crumbs({ ctx, office }: { ctx: PageContext; office: Office }) {
  return (
    <p class="muted">
      <a href="/sop">{ctx.t("catalogueTitle")}</a> › <a href={`/kantor/${office.slug}/kalender`}>{ctx.t("calendar")} · {office.name}</a>
    </p>
  );
}

export function CalendarImportPage({ ctx, office, error }: { ctx: PageContext; office: Office; error?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={`${t("importHolidays")} · ${office.name}`}>
      <Crumbs ctx={ctx} office={office} />
      <h1>{t("importHolidays")}</h1>
      <p class="muted">{t("importIntro")}</p>
      {error && (
        <p class="warning" role="alert">
          {error}
        </p>
      )}
      <form method="post" action={`/kantor/${office.slug}/kalender/impor`} enctype="multipart/form-data" class="card">
        <CsrfField ctx={ctx} />
        <label class="field">
          <span>{t("file")}</span>
          <input type="file" name="file" accept=".ics,.csv,.json,text/calendar,text/csv,application/json" />
          <small class="muted">{t("holidayFileHint")}</small>
        </label>
        <label class="field">
          <span>{t("pasteHolidays")}</span>
          <textarea name="text" rows={10} placeholder={"1 Januari 2027 Tahun Baru 2027 Masehi\n8-9 Maret 2027 Hari Raya Nyepi\nCuti Bersama\n9 Februari 2027 Tahun Baru Imlek"} />
          <small class="muted">{t("pasteHolidaysHint")}</small>
        </label>
        <label class="field">
          <span>{t("pasteYear")}</span>
          <input type="number" name="year" min={1900} max={2199} inputmode="numeric" />
        </label>
        <label class="field">
          <span>{t("defaultKind")}</span>
          <select name="kind">
            {HOLIDAY_KINDS.map((k) => (
              <option value={k}>{t(k)}</option>
            ))}
          </select>
          <small class="muted">{t("defaultKindHint")}</small>
        </label>
        <p>
          <button type="submit">{t("preview")}</button>
        </p>
      </form>
    </Layout>
  );
}

export interface ImportPreviewProps {
  ctx: PageContext;
  office: Office;
  fileName: string;
  added: Holiday[];
  alreadyThere: Holiday[];
  closed: Weekday[];
  warnings: string[];
  /** The import, to be posted back on confirmation. */
  payload: string;
  validFrom: string;
}

export function CalendarImportPreviewPage(p: ImportPreviewProps) {
  const { ctx, office } = p;
  const { t } = ctx;
  const nothing = p.added.length === 0 && p.closed.length === 0;
  return (
    <Layout ctx={ctx} title={`${t("importHolidays")} · ${office.name}`}>
      <Crumbs ctx={ctx} office={office} />
      <h1>
        {t("importPreview")}: {p.fileName}
      </h1>
      <p data-testid="import-summary">
        {t("importSummary", { added: p.added.length, there: p.alreadyThere.length, skipped: p.warnings.length })}
      </p>
      {p.warnings.length > 0 && (
        <section class="warning" role="alert">
          <strong>{t("skippedRows")}</strong>
          <ul>
            {p.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </section>
      )}
      {p.closed.length > 0 && (
        <p class="warning">
          {t("importClosesWeekdays")}: {p.closed.map((d) => t(d)).join(", ")}
        </p>
      )}
      <h2>{t("toAdd", { n: p.added.length })}</h2>
      {p.added.length > 0 ? <HolidayTable ctx={ctx} holidays={p.added} /> : <p class="muted">{t("nothingNew")}</p>}
      {p.alreadyThere.length > 0 && (
        <details>
          <summary>{t("alreadyThere", { n: p.alreadyThere.length })}</summary>
          <HolidayTable ctx={ctx} holidays={p.alreadyThere} />
        </details>
      )}
      {!nothing && (
        <form method="post" action={`/kantor/${office.slug}/kalender/impor/simpan`} class="card">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="payload" value={p.payload} />
          <div class="grid">
            <label class="field">
              <span>{t("effectiveFrom")}</span>
              <input type="date" name="valid_from" value={p.validFrom} required />
              <small class="muted">{t("validFromHint")}</small>
            </label>
            <label class="field">
              <span>{t("changeNote")}</span>
              <input type="text" name="note" value={`${t("importedFrom")} ${p.fileName}`} />
            </label>
          </div>
          <p>
            <button type="submit">{t("saveNewVersion")}</button> <a href={`/kantor/${office.slug}/kalender`}>{t("cancel")}</a>
          </p>
        </form>
      )}
    </Layout>
  );
}
