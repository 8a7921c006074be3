import type { SopStepWithAliases } from "../../src/db/repos/sops.ts";
import type { FormErrors, FormValues } from "../../src/web/form.ts";
import { CsrfField, Field } from "../components/form.tsx";
import { formatNumber } from "../format.ts";
import { Layout, type PageContext } from "../layout.tsx";

export interface UnmappedName {
  name: string;
  records: number;
  /** The most alike steps, best first. */
  suggestions: { position: number; description: string; score: number }[];
}

export interface SopAliasesProps {
  ctx: PageContext;
  sop: { slug: string; permit_type: string };
  version: number;
  steps: SopStepWithAliases[];
  values: FormValues;
  errors: FormErrors;
  unmapped: UnmappedName[];
  saved: boolean;
}

export function SopAliasesPage(p: SopAliasesProps) {
  const { ctx, sop } = p;
  const { t, lang } = ctx;
  const base = `/sop/${sop.slug}/alias?versi=${p.version}`;
  return (
    <Layout ctx={ctx} title={`${t("aliasesTitle")} · ${sop.permit_type}`}>
      <p class="muted">
        <a href="/sop">{t("catalogueTitle")}</a> › <a href={`/sop/${sop.slug}?versi=${p.version}`}>{sop.permit_type}</a>
      </p>
      <h1>{t("aliasesTitle")}</h1>
      <p class="muted">{t("aliasesIntro", { n: p.version })}</p>
      {p.saved && <p class="ok">{t("saved")}</p>}
      <section class="card" aria-labelledby="h-unmapped">
        <h2 id="h-unmapped">{t("unmappedNames", { n: p.unmapped.length })}</h2>
        {p.unmapped.length === 0 ? (
          <p class="muted">{t("noUnmapped")}</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="unmapped">
              <thead>
                <tr>
                  <th>{t("nameInImport")}</th>
                  <th class="num">{t("records")}</th>
                  <th>{t("suggestion")}</th>
                </tr>
              </thead>
              <tbody>
                {p.unmapped.map((u) => (
                  <tr>
                    <td>{u.name}</td>
                    <td class="num">{formatNumber(u.records, lang)}</td>
                    <td>
                      {u.suggestions.map((s) => (
                        <form method="post" action={`${base}&petakan=1`} class="inline">
                          <CsrfField ctx={ctx} />
                          <input type="hidden" name="name" value={u.name} />
                          <input type="hidden" name="position" value={String(s.position)} />
                          <button type="submit" class="secondary">
                            {t("mapTo", { n: s.position })}
                          </button>{" "}
                          <span class="muted">
                            {s.description.length > 70 ? `${s.description.slice(0, 70)}…` : s.description} ({formatNumber(Math.round(s.score * 100), lang)} %)
                          </span>
                        </form>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <form method="post" action={base} class="card">
        <CsrfField ctx={ctx} />
        <h2>{t("aliasesPerStep")}</h2>
        <p class="muted">{t("aliasesHint")}</p>
        {p.steps.map((s) => (
          <Field label={`${s.position}. ${s.description.length > 90 ? `${s.description.slice(0, 90)}…` : s.description}`} name={`step_${s.position}`} values={p.values} errors={p.errors} />
        ))}
        <p>
          <button type="submit">{t("save")}</button>
        </p>
      </form>
    </Layout>
  );
}
