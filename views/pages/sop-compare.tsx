import type { StepField, StepPair } from "../../src/sop/compare.ts";
import type { SopStep } from "../../src/sop/schema.ts";
import { formatStandard } from "../../src/sop/waktu.ts";
import { OwnerChip } from "../components/owner-chip.tsx";
import { formatIsoDate } from "../format.ts";
import { Layout, type PageContext } from "../layout.tsx";

export interface VersionOption {
  version: number;
  effectiveFrom: string | null;
}

export interface SopCompareProps {
  ctx: PageContext;
  sop: { slug: string; permit_type: string };
  versions: VersionOption[];
  a: number;
  b: number;
  identity: { label: string; before: string; after: string }[];
  pairs: StepPair<SopStep>[];
}

function StepCells({ step, changed, ctx }: { step: SopStep; changed: StepField[]; ctx: PageContext }) {
  const c = (f: StepField) => (changed.includes(f) ? "changed" : undefined);
  return (
    <>
      <td class={c("description")}>{step.description}</td>
      <td class={c("actor") ?? c("owner")}>
        {step.actor ?? ctx.t("notSet")} <OwnerChip owner={step.owner} t={ctx.t} />
      </td>
      <td class={c("waktu") ?? c("standard")}>
        {step.waktu ?? ctx.t("noStandard")}
        {step.standard && <div class="muted">= {formatStandard(step.standard, ctx.lang)}</div>}
      </td>
    </>
  );
}

export function SopComparePage(p: SopCompareProps) {
  const { ctx, sop } = p;
  const { t, lang } = ctx;
  const empty = <td colspan={3} class="muted">—</td>;
  const label = (v: VersionOption) => `${t("version")} ${v.version}${v.effectiveFrom ? ` (${formatIsoDate(v.effectiveFrom, lang)})` : ""}`;
  return (
    <Layout ctx={ctx} title={`${t("compareVersions")} · ${sop.permit_type}`}>
      <p class="muted">
        <a href="/sop">{t("catalogueTitle")}</a> › <a href={`/sop/${sop.slug}`}>{sop.permit_type}</a>
      </p>
      <h1>{t("compareVersions")}</h1>
      <form method="get" class="actions">
        <label class="field">
          <span>{t("before")}</span>
          <select name="a">
            {p.versions.map((v) => (
              <option value={String(v.version)} selected={v.version === p.a}>
                {label(v)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t("after")}</span>
          <select name="b">
            {p.versions.map((v) => (
              <option value={String(v.version)} selected={v.version === p.b}>
                {label(v)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("compare")}</button>
      </form>
      {p.identity.length > 0 && (
        <section class="card">
          <h2>{t("sopIdentity")}</h2>
          <ul class="changes">
            {p.identity.map((d) => (
              <li>
                {d.label}: {d.before || "—"} → <strong>{d.after || "—"}</strong>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div class="table-wrap">
        <table data-testid="step-comparison">
          <thead>
            <tr>
              <th class="num">{t("version")} {p.a}</th>
              <th>{t("description")}</th>
              <th>{t("actor")}</th>
              <th>{t("waktu")}</th>
              <th class="num">{t("version")} {p.b}</th>
              <th>{t("description")}</th>
              <th>{t("actor")}</th>
              <th>{t("waktu")}</th>
            </tr>
          </thead>
          <tbody>
            {p.pairs.map((pair) =>
              pair.kind === "added" ? (
                <tr class="step-added">
                  <td />
                  {empty}
                  <td class="num">{pair.afterPosition}</td>
                  <StepCells step={pair.after} changed={[]} ctx={ctx} />
                </tr>
              ) : pair.kind === "removed" ? (
                <tr class="step-removed">
                  <td class="num">{pair.beforePosition}</td>
                  <StepCells step={pair.before} changed={[]} ctx={ctx} />
                  <td />
                  {empty}
                </tr>
              ) : (
                <tr class={`step-${pair.kind}`}>
                  <td class="num">{pair.beforePosition}</td>
                  <StepCells step={pair.before} changed={pair.changed} ctx={ctx} />
                  <td class="num">{pair.afterPosition}</td>
                  <StepCells step={pair.after} changed={pair.changed} ctx={ctx} />
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      <p class="muted">{t("compareLegend")}</p>
    </Layout>
  );
}
