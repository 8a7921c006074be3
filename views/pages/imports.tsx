import type { BatchListItem } from "../../src/db/repos/imports.ts";
import type { SampleData } from "../../src/db/repos/sample-data.ts";
import type { OfficeListItem } from "../../src/db/repos/offices.ts";
import { formatDateTime, formatNumber } from "../format.ts";
import { Layout, may, type PageContext } from "../layout.tsx";
import { CsrfField } from "../components/form.tsx";

export interface ProfileOption {
  name: string;
  label: string;
}

const dateTime = (d: Date | null, timeZone: string, ctx: PageContext) => (d ? formatDateTime(d, timeZone, ctx.lang) : "—");

/** An evaluating batch that no process holds was interrupted: the next catch-up (within a minute) finishes it. */
function StatusChip({ batch, ctx }: { batch: Pick<BatchListItem, "status" | "evaluation_held">; ctx: PageContext }) {
  const { status } = batch;
  const interrupted = status === "evaluating" && !batch.evaluation_held;
  const key = interrupted
    ? "batchInterrupted"
    : status === "evaluating"
      ? "batchEvaluating"
      : status === "succeeded"
        ? "batchSucceeded"
        : status === "failed"
          ? "batchFailed"
          : "batchRunning";
  return (
    <span class={`chip batch-${interrupted ? "interrupted" : status}`} title={interrupted ? ctx.t("batchInterruptedHint") : undefined}>
      {ctx.t(key)}
    </span>
  );
}

/**
 * How the rows read add up: every row is one of the counts. A wide export makes several step
 * occurrences of one row and an event log one of two, so there the counts are of occurrences.
 */
function RowAccounting({ b, ctx }: { b: BatchListItem; ctx: PageContext }) {
  if (b.status === "failed") return null;
  const n = (x: number) => formatNumber(x, ctx.lang);
  const { t } = ctx;
  const parts: Array<[number, string]> = [
    [b.inserted, t("inserted")], [b.updated, t("updatedCount")], [b.unchanged, t("unchanged")], [b.duplicates, t("duplicates")],
    [b.superseded, t("superseded")], [b.older, t("olderShort")], [b.rejected, t("rejected")],
  ];
  const sum = parts.reduce((s, [x]) => s + x, 0);
  const equation = parts.map(([x, label]) => `${n(x)} ${label.toLowerCase()}`).join(" + ");
  if (sum === b.rows_read) {
    return (
      <p class="muted" data-testid="row-accounting">
        {n(b.rows_read)} {t("rowsUnit")} = {equation}
      </p>
    );
  }
  return (
    <p class="muted" data-testid="row-accounting">
      {b.occurrences > 0 ? t("rowsBecameOccurrences", { rows: n(b.rows_read), occurrences: n(b.occurrences) }) : null} {equation} = {n(sum)}
    </p>
  );
}

export interface ImportsPageProps {
  ctx: PageContext;
  samples: SampleData;
  notice?: string;
  offices: OfficeListItem[];
  profiles: ProfileOption[];
  batches: BatchListItem[];
  selectedOffice: string | null;
  error?: string;
}

export function ImportsPage(p: ImportsPageProps) {
  const { ctx } = p;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t("importsTitle")}>
      <h1>{t("importsTitle")}</h1>
      <p class="muted">{t("importsIntro")}</p>
      {p.notice ? (
        <p class="ok" role="status">
          {p.notice}
        </p>
      ) : null}
      {p.samples.batches > 0 ? (
        <section class="card" data-testid="sample-data">
          <h2>{t("sampleDataTitle")}</h2>
          <p>{t("sampleDataText", { batches: formatNumber(p.samples.batches, lang), permits: formatNumber(p.samples.permits, lang) })}</p>
          {may(ctx, "administer") ? (
            <p>
              <a class="button secondary" href="/impor/hapus-contoh">
                {t("removeSampleData")}
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
      {p.error && (
        <p class="warning" role="alert">
          {p.error}
        </p>
      )}
      {may(ctx, "import") ? (
      <form method="post" action="/impor" enctype="multipart/form-data" class="card" id="import-form">
        <CsrfField ctx={ctx} />
        <div class="grid">
          <label class="field">
            <span>{t("office")}</span>
            <select name="office" required>
              {p.offices.map((o) => (
                <option value={o.slug} selected={o.slug === p.selectedOffice}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t("profile")}</span>
            <select name="profile">
              <option value="">{t("profileOfOffice")}</option>
              {p.profiles.map((pr) => (
                <option value={pr.name}>{pr.label}</option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t("exportFiles")}</span>
            <input type="file" name="file" multiple required accept=".csv,.tsv,.txt,.xlsx,.json,.xes,.gz" />
          </label>
        </div>
        <p>
          <button type="submit">{t("startImport")}</button>
        </p>
        <p class="muted" id="import-progress" aria-live="polite" />
      </form>
      ) : null}
      <h2>{t("importHistory")}</h2>
      {p.batches.length === 0 ? (
        <p class="muted">{t("noImports")}</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="import-history">
            <thead>
              <tr>
                <th class="num">#</th>
                <th>{t("office")}</th>
                <th>{t("files")}</th>
                <th>{t("status")}</th>
                <th class="num">{t("rowsRead")}</th>
                <th class="num">{t("inserted")}</th>
                <th class="num">{t("updatedCount")}</th>
                <th class="num">{t("unchanged")}</th>
                <th class="num">{t("duplicatesAndSuperseded")}</th>
                <th class="num">{t("olderShort")}</th>
                <th class="num">{t("rejected")}</th>
                <th>{t("finishedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {p.batches.map((b) => (
                <tr>
                  <td class="num">
                    <a href={`/impor/${b.id}`}>{b.id}</a>
                  </td>
                  <td>{b.office_name}</td>
                  <td>{b.files.join(", ")}</td>
                  <td>
                    <StatusChip batch={b} ctx={ctx} />
                  </td>
                  <td class="num">{formatNumber(b.rows_read, lang)}</td>
                  <td class="num">{formatNumber(b.inserted, lang)}</td>
                  <td class="num">{formatNumber(b.updated, lang)}</td>
                  <td class="num">{formatNumber(b.unchanged, lang)}</td>
                  <td class="num">{formatNumber(b.duplicates + b.superseded, lang)}</td>
                  <td class="num">{formatNumber(b.older, lang)}</td>
                  <td class="num">{b.rejected > 0 ? <a href={`/impor/${b.id}#ditolak`}>{formatNumber(b.rejected, lang)}</a> : "0"}</td>
                  <td>{dateTime(b.finished_at, b.timezone, ctx)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <script src="/static/import.js" defer />
    </Layout>
  );
}

export interface BatchPageProps {
  ctx: PageContext;
  batch: BatchListItem;
  rejects: { file_name: string; row_number: number | null; field: string | null; reason: string; raw: string | null }[];
  shownRejects: number;
}

export function BatchPage({ ctx, batch: b, rejects, shownRejects }: BatchPageProps) {
  const { t, lang } = ctx;
  const n = (x: number) => formatNumber(x, lang);
  return (
    <Layout ctx={ctx} title={`${t("importBatch")} #${b.id}`}>
      <p class="muted">
        <a href="/impor">{t("importsTitle")}</a>
      </p>
      <h1>
        {t("importBatch")} #{b.id} <StatusChip batch={b} ctx={ctx} />
      </h1>
      <section class="card">
        <dl class="facts" data-testid="batch-summary">
          <dt>{t("office")}</dt>
          <dd>{b.office_name}</dd>
          <dt>{t("profile")}</dt>
          <dd>{b.profile}</dd>
          <dt>{t("files")}</dt>
          <dd>{b.files.join(", ")}</dd>
          <dt>{t("finishedAt")}</dt>
          <dd>{dateTime(b.finished_at, b.timezone, ctx)}</dd>
          <dt>{t("rowsRead")}</dt>
          <dd>{n(b.rows_read)}</dd>
          <dt>{t("inserted")}</dt>
          <dd>{n(b.inserted)}</dd>
          <dt>{t("updatedCount")}</dt>
          <dd>{n(b.updated)}</dd>
          <dt>{t("unchanged")}</dt>
          <dd>{n(b.unchanged)}</dd>
          <dt>{t("duplicates")}</dt>
          <dd>{n(b.duplicates)}</dd>
          <dt>{t("superseded")}</dt>
          <dd>{n(b.superseded)}</dd>
          <dt>{t("olderThanStored")}</dt>
          <dd>{n(b.older)}</dd>
          <dt>{t("rejected")}</dt>
          <dd>{n(b.rejected)}</dd>
        </dl>
        <RowAccounting b={b} ctx={ctx} />
        {b.error && (
          <p class="warning" role="alert">
            {t("batchFailedText")}: {b.error}
          </p>
        )}
      </section>
      {b.unmapped_step_names.length > 0 && (
        <section class="card">
          <h2>{t("unmappedInBatch", { n: b.unmapped_step_names.length })}</h2>
          <p class="muted">{t("unmappedInBatchHint")}</p>
          <ul>
            {b.unmapped_step_names.map((name) => (
              <li>{name}</li>
            ))}
          </ul>
        </section>
      )}
      {b.unknown_permit_types.length > 0 && (
        <section class="card">
          <h2>{t("unknownPermitTypes", { n: b.unknown_permit_types.length })}</h2>
          <ul>
            {b.unknown_permit_types.map((name) => (
              <li>{name || "—"}</li>
            ))}
          </ul>
        </section>
      )}
      <h2 id="ditolak">{t("rejectedRows", { n: b.rejected })}</h2>
      {b.rejected > 0 && (
        <p>
          <a class="button secondary" href={`/impor/${b.id}/ditolak.csv`}>
            {t("downloadRejects")}
          </a>
          {shownRejects < b.rejected && <span class="muted"> {t("firstRejects", { n: shownRejects })}</span>}
        </p>
      )}
      {rejects.length > 0 && (
        <div class="table-wrap">
          <table data-testid="rejects">
            <thead>
              <tr>
                <th>{t("files")}</th>
                <th class="num">{t("row")}</th>
                <th>{t("field")}</th>
                <th>{t("reason")}</th>
              </tr>
            </thead>
            <tbody>
              {rejects.map((r) => (
                <tr>
                  <td>{r.file_name}</td>
                  <td class="num">{r.row_number ?? "—"}</td>
                  <td>{r.field ?? "—"}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The confirmation before the sample data goes: what is removed, what is kept. */
export function RemoveSamplePage({ ctx, samples }: { ctx: PageContext; samples: SampleData }) {
  const { t, lang } = ctx;
  const n = (x: number) => formatNumber(x, lang);
  return (
    <Layout ctx={ctx} title={t("removeSampleData")}>
      <p class="muted">
        <a href="/impor">{t("importsTitle")}</a>
      </p>
      <h1>{t("removeSampleData")}</h1>
      {samples.batches === 0 ? (
        <p>{t("noSampleData")}</p>
      ) : (
        <form method="post" action="/impor/hapus-contoh" class="card">
          <CsrfField ctx={ctx} />
          <p>{t("removeSampleConfirm", { batches: n(samples.batches), permits: n(samples.permits), steps: n(samples.steps) })}</p>
          {samples.shared > 0 ? <p class="warning">{t("removeSampleShared", { shared: n(samples.shared) })}</p> : null}
          <input type="hidden" name="confirm" value="ya" />
          <p>
            <button type="submit">{t("removeSampleData")}</button> <a href="/impor">{t("cancel")}</a>
          </p>
        </form>
      )}
    </Layout>
  );
}
