import type { SopStepWithAliases } from "../../src/db/repos/sops.ts";
import { Head, sopStepColumns } from "../components/table-head.tsx";
import type { SopVersionRow } from "../../src/db/schema.ts";
import { formatStandard } from "../../src/sop/waktu.ts";
import type { StepSum, TotalComparison } from "../../src/sop/totals.ts";
import { OwnerChip } from "../components/owner-chip.tsx";
import { formatIsoDate, formatNumber } from "../format.ts";
import { Layout, may, type PageContext } from "../layout.tsx";

export interface SopPageProps {
  ctx: PageContext;
  sop: { slug: string; permit_type: string; office_slug: string; office_name: string };
  version: SopVersionRow;
  versions: SopVersionRow[];
  steps: SopStepWithAliases[];
  sum: StepSum;
  /** Present when the SOP states a total. */
  comparison: TotalComparison | null;
  dayLengthHours: number;
  /** Working minutes as people read them ("1 hari 1 jam 20 menit"), by the office calendar. */
  formatMinutes: (minutes: number) => string;
}

/** The Waktu as read, and the document's text where it says something the reading does not. */
function StepWaktu({ step, lang, t }: { step: SopStepWithAliases; lang: PageContext["lang"]; t: PageContext["t"] }) {
  if (step.waktu === null) return <span class="muted">{t("noStandard")}</span>;
  if (step.standard_value === null || step.standard_unit === null) {
    return (
      <>
        {step.waktu} <span class="chip owner-unknown">{t("noStandard")}</span>
      </>
    );
  }
  const read = formatStandard({ value: step.standard_value, unit: step.standard_unit }, lang);
  const sameWords = (a: string) => a.toLowerCase().replace(/\s+/g, "");
  // One form everywhere ("10 menit"); the document's own words only where they say more than case.
  return (
    <>
      {read}
      {sameWords(read) !== sameWords(step.waktu) && (
        <div class="muted">
          {t("writtenAs")} “{step.waktu}”
        </div>
      )}
    </>
  );
}

export function SopPage(p: SopPageProps) {
  const { ctx, sop, version: v, versions, steps, sum, comparison } = p;
  const { t, lang } = ctx;
  const date = (d: string | null) => (d ? formatIsoDate(d, lang) : t("notSet"));
  const sumText = [
    sum.days > 0 ? formatStandard({ value: sum.days, unit: "day" }, lang) : null,
    sum.minutes > 0 ? p.formatMinutes(sum.minutes) : null,
  ]
    .filter(Boolean)
    .join(" + ");
  const differs = comparison !== null && Math.abs(comparison.differenceMinutes) >= 1;
  return (
    <Layout ctx={ctx} title={sop.permit_type}>
      <p class="muted">
        <a href="/sop">{t("catalogueTitle")}</a> › <a href={`/sop#kantor-${sop.office_slug}`}>{sop.office_name}</a>
      </p>
      <h1>{sop.permit_type}</h1>
      <p class="actions">
        {may(ctx, "administer") ? (
          <>
            <a class="button" href={`/sop/${sop.slug}/versi-baru`}>
              {t("newVersionFromDocument")}
            </a>
            <a class="button secondary" href={`/sop/${sop.slug}/ubah`}>
              {t("editSop")}
            </a>
          </>
        ) : null}
        {versions.length > 1 && (
          <a class="button secondary" href={`/sop/${sop.slug}/bandingkan`}>
            {t("compareVersions")}
          </a>
        )}
        {may(ctx, "map_steps") ? (
          <a class="button secondary" href={`/sop/${sop.slug}/alias?versi=${v.version}`}>
            {t("stepNames")}
          </a>
        ) : null}
      </p>
      <section class="card">
        <dl class="facts">
          <dt>{t("sopName")}</dt>
          <dd>{v.name}</dd>
          <dt>{t("sopNumber")}</dt>
          <dd>{v.number ?? t("notSet")}</dd>
          {v.affairs && (
            <>
              <dt>{t("affairs")}</dt>
              <dd>{v.affairs}</dd>
            </>
          )}
          <dt>{t("madeOn")}</dt>
          <dd>{date(v.made_on)}</dd>
          <dt>{t("revisedOn")}</dt>
          <dd>{date(v.revised_on)}</dd>
          <dt>{t("effectiveFrom")}</dt>
          <dd>{date(v.effective_from)}</dd>
          <dt>{t("approvedBy")}</dt>
          <dd>{v.approved_by ?? t("notSet")}</dd>
          <dt>{t("sourceDocument")}</dt>
          <dd>{v.source_document ?? t("notSet")}</dd>
          <dt>{t("versions")}</dt>
          <dd>
            {versions.map((x, i) => (
              <>
                {i > 0 && ", "}
                {x.id === v.id ? (
                  <strong>
                    {t("version")} {x.version}
                  </strong>
                ) : (
                  <a href={`/sop/${sop.slug}?versi=${x.version}`}>
                    {t("version")} {x.version}
                  </a>
                )}
              </>
            ))}
          </dd>
        </dl>
        {v.legal_basis.length > 0 && (
          <details>
            <summary>{t("legalBasis")}</summary>
            <ol>
              {v.legal_basis.map((l) => (
                <li>{l}</li>
              ))}
            </ol>
          </details>
        )}
      </section>

      <section class="card" aria-labelledby="h-totals">
        <h2 id="h-totals">{t("totalsTitle")}</h2>
        <dl class="facts">
          <dt>{t("statedTotal")}</dt>
          <dd data-testid="stated-total">{v.stated_total_waktu ?? t("notStated")}</dd>
          <dt>{t("sumOfSteps")}</dt>
          <dd data-testid="sum-of-steps">{sumText || "0"}</dd>
          {comparison && (
            <>
              <dt>{t("difference")}</dt>
              <dd>
                {comparison.differenceMinutes >= 0 ? "+" : "−"}
                {p.formatMinutes(Math.abs(comparison.differenceMinutes))}{" "}
                <span class="muted">({t("dayEquivalent", { hours: formatNumber(p.dayLengthHours, lang) })})</span>
              </dd>
            </>
          )}
        </dl>
        {comparison === null ? (
          <p class="muted">{t("noStatedTotal")}</p>
        ) : differs ? (
          <p class="warning" role="alert" data-testid="totals-warning">
            {t("totalsDiffer")}
          </p>
        ) : (
          <p class="ok">{t("totalsAgree")}</p>
        )}
      </section>

      <h2>{t("steps")}</h2>
      <div class="table-wrap">
        <table class="steps stack">
          <Head columns={sopStepColumns(t)} />
          <tbody>
            {steps.map((s) => (
              <tr>
                <td class="num">{s.position}</td>
                <td>
                  {s.description}
                  {s.aliases.length > 0 && (
                    <div class="aliases">
                      {t("aliases")}: {s.aliases.join(", ")}
                    </div>
                  )}
                </td>
                <td data-label={t("actor")}>{s.actor ?? t("notSet")}</td>
                <td data-label={t("owner")}>
                  <OwnerChip owner={s.owner} t={t} />
                </td>
                <td data-label={t("waktu")}>
                  <StepWaktu step={s} lang={lang} t={t} />
                </td>
                <td data-label={t("kelengkapan")} class="minor">
                  {s.kelengkapan ?? t("notSet")}
                </td>
                <td data-label={t("output")} class="minor">
                  {s.output ?? t("notSet")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
