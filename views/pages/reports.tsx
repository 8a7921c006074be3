import type { OfficeListItem } from "../../src/db/repos/offices.ts";
import { CsrfField, PostButton } from "../components/form.tsx";
import type { ReportListItem } from "../../src/db/repos/reports.ts";
import { formatDateTime, formatIsoDate, formatNumber } from "../format.ts";
import { Layout, may, type PageContext } from "../layout.tsx";

// Laporan: the Excel reports made so far, and a form to make one now. While one is being made the
// page reloads itself, so the progress shows without JavaScript.

export interface ReportsPageProps {
  ctx: PageContext;
  offices: OfficeListItem[];
  reports: ReportListItem[];
  /** Last month, the form's default. */
  defaultMonth: string;
  timezone: string;
  error?: string;
}

const size = (bytes: number | null, ctx: PageContext) => (bytes === null ? "—" : `${formatNumber(bytes / 1024 / 1024, ctx.lang, 1)} MB`);

function periodText(r: ReportListItem, ctx: PageContext): string {
  return `${formatIsoDate(r.period_from, ctx.lang)} – ${formatIsoDate(r.period_to, ctx.lang)}`;
}

export function ReportsPage(p: ReportsPageProps) {
  const { ctx } = p;
  const { t, lang } = ctx;
  const making = p.reports.some((r) => r.status === "making");
  return (
    <Layout ctx={ctx} title={t("reportsTitle")} {...(making ? { refresh: 3 } : {})}>
      <h1>{t("reportsTitle")}</h1>
      <p class="muted">{t("reportsIntro")}</p>
      {p.error ? (
        <p class="warning" role="alert">
          {p.error}
        </p>
      ) : null}
      {may(ctx, "report") ? (
      <form method="post" action="/laporan" class="card" data-testid="report-form">
        <CsrfField ctx={ctx} />
        <fieldset data-testid="report-offices">
          <legend>{t("office")}</legend>
          <p class="muted small">{t("reportOfficesHint")}</p>
          <div class="actions">
            {p.offices.map((o, i) => (
              <label class="check">
                <input type="checkbox" name="office" value={o.slug} checked={i === 0} /> {o.name}
              </label>
            ))}
            <label class="check">
              <input type="checkbox" name="office" value="semua" /> {t("allOfficesOption")}
            </label>
          </div>
        </fieldset>
        <div class="grid">
          <label class="field">
            <span>{t("reportMonth")}</span>
            <input type="month" name="month" value={p.defaultMonth} />
          </label>
          <label class="field">
            <span>{t("reportFrom")}</span>
            <input type="date" name="from" />
          </label>
          <label class="field">
            <span>{t("reportTo")}</span>
            <input type="date" name="to" />
          </label>
          <label class="field">
            <span>{t("language")}</span>
            <select name="lang">
              <option value="id" selected={lang === "id"}>
                Bahasa Indonesia
              </option>
              <option value="en" selected={lang === "en"}>
                English
              </option>
            </select>
          </label>
        </div>
        <p class="muted small">{t("reportPeriodHint")}</p>
        <p>
          <button type="submit">{t("makeReport")}</button>
        </p>
      </form>
      ) : null}
      <h2>{t("reportsMade")}</h2>
      {p.reports.length === 0 ? (
        <p class="muted">{t("noReports")}</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="reports">
            <thead>
              <tr>
                <th class="num">#</th>
                <th>{t("office")}</th>
                <th>{t("period")}</th>
                <th>{t("language")}</th>
                <th>{t("status")}</th>
                <th class="num">{t("fileSize")}</th>
                <th>{t("madeAt")}</th>
                <th>{t("madeBy")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {p.reports.map((r) => (
                <tr>
                  <td class="num">{r.id}</td>
                  <td>{r.office_names?.join(", ") ?? t("allOfficesOption")}</td>
                  <td>{periodText(r, ctx)}</td>
                  <td>{r.lang.toUpperCase()}</td>
                  <td>
                    {r.status === "making" ? (
                      <span class="chip batch-evaluating">{t("reportMaking")}</span>
                    ) : r.status === "failed" ? (
                      <span class="chip batch-failed" title={r.error ?? undefined}>
                        {t("reportFailed")}
                      </span>
                    ) : r.stale ? (
                      <span class="chip batch-interrupted" title={t("reportStaleHint")}>
                        {t("reportStale")}
                      </span>
                    ) : (
                      <span class="chip">{t("reportReady")}</span>
                    )}
                  </td>
                  <td class="num">{size(r.bytes, ctx)}</td>
                  <td>{formatDateTime(r.created_at, p.timezone, lang)}</td>
                  <td>{r.made_by === "jadwal" ? t("madeBySchedule") : r.made_by === "halaman" ? t("madeByPage") : r.made_by === "cli" ? t("madeByCli") : r.made_by}</td>
                  <td>
                    {r.status === "done" ? <a href={`/laporan/${r.id}/unduh`}>{t("download")}</a> : null}
                    {r.status !== "making" && (r.stale || r.status === "failed") && may(ctx, "report") ? (
                      <PostButton ctx={ctx} action={`/laporan/${r.id}/ulang`} label={t("makeAgain")} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
