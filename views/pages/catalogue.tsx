import type { OfficeListItem } from "../../src/db/repos/offices.ts";
import type { SopListItem } from "../../src/db/repos/sops.ts";
import { SOURCE_SYSTEM_LABELS } from "../../src/offices/schema.ts";
import { formatIsoDate } from "../format.ts";
import { Layout, may, type PageContext } from "../layout.tsx";

export function CataloguePage({ ctx, offices, sops }: { ctx: PageContext; offices: OfficeListItem[]; sops: SopListItem[] }) {
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t("catalogueTitle")}>
      <h1>{t("catalogueTitle")}</h1>
      <p class="muted">{t("catalogueIntro")}</p>
      {offices.length === 0 && <p class="warning">{t("noOffices")}</p>}
      {offices.map((office) => {
        const own = sops.filter((s) => s.office_id === office.id);
        return (
          <section class="card" id={`kantor-${office.slug}`} aria-labelledby={`h-${office.slug}`}>
            <h2 id={`h-${office.slug}`}>{office.name}</h2>
            <dl class="facts">
              <dt>{t("sourceSystem")}</dt>
              <dd>{SOURCE_SYSTEM_LABELS[office.source_system]}</dd>
              <dt>{t("calendar")}</dt>
              <dd>
                <a href={`/kantor/${office.slug}/kalender`}>{office.calendar_name}</a>
              </dd>
            </dl>
            {may(ctx, "administer") ? (
              <p class="actions">
                <a class="button secondary" href={`/kantor/${office.slug}/sop/baru`}>
                  {t("addSop")}
                </a>
              </p>
            ) : null}
            {own.length === 0 ? (
              <p class="muted">{t("noSops")}</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t("permitType")}</th>
                      <th>{t("sopNumber")}</th>
                      <th class="num">{t("version")}</th>
                      <th>{t("effectiveFrom")}</th>
                      <th class="num">{t("steps")}</th>
                      <th>{t("statedTotal")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {own.map((s) => (
                      <tr>
                        <td>
                          <a href={`/sop/${s.slug}`}>{s.permit_type}</a>
                          <div class="muted">{s.name}</div>
                        </td>
                        <td>{s.number ?? t("notSet")}</td>
                        <td class="num">{s.version}</td>
                        <td>{s.effective_from ? formatIsoDate(s.effective_from, lang) : t("notSet")}</td>
                        <td class="num">{s.step_count}</td>
                        <td>{s.stated_total_waktu ?? t("notStated")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </Layout>
  );
}
