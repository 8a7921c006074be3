import type { Child } from "hono/jsx";
import { Head } from "../components/table-head.tsx";
import type { ThresholdSetting } from "../../src/alerts/thresholds.ts";
import { thresholdsFor } from "../../src/alerts/thresholds.ts";
import type { OfficeListItem } from "../../src/db/repos/offices.ts";
import type { Thresholds } from "../../src/sla/index.ts";
import { formatPercent } from "../format.ts";
import { Layout, type PageContext } from "../layout.tsx";
import { CsrfField } from "../components/form.tsx";

// Pengaturan peringatan of one office: its warning thresholds (the office's, a permit type's, a
// step's), each saved by a plain form post.

export interface SettingsStep {
  permitType: string;
  position: number;
  label: string;
}

export interface AlertSettingsProps {
  ctx: PageContext;
  office: OfficeListItem;
  settings: ThresholdSetting[];
  permitTypes: string[];
  steps: SettingsStep[];
  error?: string;
  /** Further sections (the delivery channels). */
  children?: Child;
}

const pct = (share: number | null | undefined) => (share === null || share === undefined ? "" : String(Math.round(share * 1000) / 10));

function inUse(t: Thresholds, lang: PageContext["lang"]): string {
  return t.warn2 === null ? formatPercent(t.warn, lang) : `${formatPercent(t.warn, lang)} · ${formatPercent(t.warn2, lang)}`;
}

function Row({ ctx, office, label, permitType, position, own, effective }: {
  ctx: PageContext; office: string; label: string; permitType: string | null; position: number | null; own: ThresholdSetting | undefined; effective: Thresholds;
}) {
  const { t, lang } = ctx;
  return (
    <tr>
      <td data-label={t("thresholdScope")}>{label}</td>
      <td data-label={t("thresholdInUse")}>{inUse(effective, lang)}</td>
      <td>
        <form method="post" action={`/peringatan/pengaturan/${office}/ambang`} class="inline-form">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="permit_type" value={permitType ?? ""} />
          <input type="hidden" name="position" value={position === null ? "" : String(position)} />
          <label>
            <span class="visually-hidden">{t("thresholdWarn")}</span>
            <input name="warn" inputmode="decimal" size={4} value={pct(own?.warn)} aria-label={`${t("thresholdWarn")}: ${label}`} />
          </label>
          <label>
            <span class="visually-hidden">{t("thresholdWarn2")}</span>
            <input name="warn2" inputmode="decimal" size={4} value={pct(own?.warn2)} aria-label={`${t("thresholdWarn2")}: ${label}`} />
          </label>
          <button type="submit">{t("thresholdSave")}</button>
        </form>
      </td>
    </tr>
  );
}

export function AlertSettingsPage(p: AlertSettingsProps) {
  const { ctx, office, settings } = p;
  const { t } = ctx;
  const own = (permitType: string | null, position: number | null) =>
    settings.find((s) => (s.permitType ?? null)?.toLowerCase() === permitType?.toLowerCase() && s.position === position);
  const stepSettings = settings.filter((s) => s.position !== null);
  return (
    <Layout ctx={ctx} title={t("alertSettingsFor", { office: office.name })}>
      <p>
        <a href="/peringatan">‹ {t("alertsTitle")}</a>
      </p>
      <h1>{t("alertSettingsFor", { office: office.name })}</h1>
      {p.error ? (
        <p class="warning" role="alert">
          {p.error}
        </p>
      ) : null}
      <h2>{t("thresholdsTitle")}</h2>
      <p class="muted">{t("thresholdsIntro")}</p>
      <table class="stack" data-testid="thresholds">
        <Head columns={[t("thresholdScope"), t("thresholdInUse"), `${t("thresholdWarn")} · ${t("thresholdWarn2")}`]} />
        <tbody>
          <Row ctx={ctx} office={office.slug} label={t("thresholdOffice")} permitType={null} position={null} own={own(null, null)} effective={thresholdsFor(settings, null)(null)} />
          {p.permitTypes.map((type) => (
            <Row ctx={ctx} office={office.slug} label={type} permitType={type} position={null} own={own(type, null)} effective={thresholdsFor(settings, type)(null)} />
          ))}
          {stepSettings.map((s) => (
            <Row
              ctx={ctx}
              office={office.slug}
              label={p.steps.find((x) => x.permitType.toLowerCase() === s.permitType?.toLowerCase() && x.position === s.position)?.label ?? `${s.permitType} · ${s.position}`}
              permitType={s.permitType}
              position={s.position}
              own={s}
              effective={thresholdsFor(settings, s.permitType)(s.position)}
            />
          ))}
        </tbody>
      </table>
      <form method="post" action={`/peringatan/pengaturan/${office.slug}/ambang`} class="card" data-testid="step-threshold">
        <CsrfField ctx={ctx} />
        <h3>{t("thresholdAddStep")}</h3>
        <div class="grid">
          <label class="field">
            <span>{t("thresholdStep")}</span>
            <select name="step">
              {p.steps.map((s) => (
                <option value={`${s.position}|${s.permitType}`}>{s.label}</option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t("thresholdWarn")}</span>
            <input name="warn" inputmode="decimal" required />
          </label>
          <label class="field">
            <span>{t("thresholdWarn2")}</span>
            <input name="warn2" inputmode="decimal" />
          </label>
        </div>
        <button type="submit">{t("thresholdSave")}</button>
      </form>
      {p.children}
    </Layout>
  );
}
