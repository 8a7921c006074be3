import { CHANNEL_LEVELS } from "../../src/alerts/channel-config.ts";
import { Head } from "../components/table-head.tsx";
import { DEFAULT_TEMPLATES, MESSAGE_LEVELS, type MessageLevel, PLACEHOLDERS } from "../../src/alerts/templates.ts";
import type { ChannelRow } from "../../src/db/repos/alert-deliveries.ts";
import { type ChannelKind, fieldLabel, levelName, type StoredSecrets } from "../../src/web/channel-form.ts";
import type { FormErrors, FormValues } from "../../src/web/form.ts";
import { CsrfField, Field, FieldMessages, PostButton } from "../components/form.tsx";
import type { MessageKey, Translate } from "../i18n.ts";
import type { PageContext } from "../layout.tsx";

// Saluran pengiriman on an office's alert settings: its channels with what they send to whom, an
// edit form for each and a new one per kind, all plain form posts. A form's "Pratinjau" posts the
// draft and comes back with its messages rendered on a sample permit, nothing saved.

export interface ChannelListItem {
  row: ChannelRow;
  /** Its edit form's values, secrets left out. */
  values: FormValues;
  stored: StoredSecrets;
}

export interface ChannelDraft {
  /** The channel being edited, or the kind of a new one. */
  target: number | ChannelKind;
  values: FormValues;
  errors: FormErrors;
  previews?: { level: MessageLevel; text: string }[];
}

export interface ChannelsSectionProps {
  ctx: PageContext;
  office: string;
  channels: ChannelListItem[];
  draft?: ChannelDraft | undefined;
  /** What the last action did ("saved", "test queued"), worded. */
  notice?: string | undefined;
}

const PLACEHOLDER_WORDS: Record<(typeof PLACEHOLDERS)[number], MessageKey> = {
  nomor: "phNomor",
  jenis: "phJenis",
  tahap: "phTahap",
  petugas: "phPetugas",
  standar: "phStandar",
  terpakai: "phTerpakai",
  batas: "phBatas",
  tautan: "phTautan",
};

/** A field's hint, naming the values kept out of it ("Authorization: tersimpan"). */
const keptHint = (hint: string, kept: readonly string[], t: Translate) => (kept.length > 0 ? `${hint} (${kept.map((h) => `${h}: ${t("channelStored")}`).join(", ")})` : hint);

const EMPTY_SECRETS: StoredSecrets = { secret: false, pass: false, headers: [], fields: [] };

/** Who hears of each level, in the levels' order: the webhook's recipient value, or the e-mail addresses. */
function recipientsOf(row: ChannelRow): [string, string][] {
  const r = row.config["recipients"];
  if (r === null || typeof r !== "object") return [];
  const byLevel = r as Record<string, unknown>;
  return CHANNEL_LEVELS.flatMap((level) => {
    const v = byLevel[level];
    return v === undefined ? [] : [[level, Array.isArray(v) ? v.join(", ") : String(v)] as [string, string]];
  });
}

function SecretField({ ctx, name, label, hint, stored, errors }: { ctx: PageContext; name: "secret" | "pass"; label: string; hint?: string; stored: boolean; errors: FormErrors }) {
  const { t } = ctx;
  return (
    <div>
      <Field label={label} name={name} type="password" values={{}} errors={errors} hint={stored ? t("channelStoredHint") : hint} placeholder={stored ? t("channelStored") : undefined} />
      {stored ? (
        <label class="small">
          <input type="checkbox" name={`clear_${name}`} value="on" /> {t("channelClearStored")}
        </label>
      ) : null}
    </div>
  );
}

function ChannelForm({ ctx, action, kind, values, errors, stored, previews, testid }: {
  ctx: PageContext;
  action: string;
  kind: ChannelKind;
  values: FormValues;
  errors: FormErrors;
  stored: StoredSecrets;
  previews: ChannelDraft["previews"];
  testid: string;
}) {
  const { t } = ctx;
  const failed = Object.entries(errors);
  const lang_ = values["lang"] === "en" ? "en" : "id";
  return (
    <form method="post" action={action} data-testid={testid}>
      <CsrfField ctx={ctx} />
      <input type="hidden" name="kind" value={kind} />
      {failed.length > 0 ? (
        <div class="warning" role="alert" data-testid="channel-errors">
          <p>{t("channelNotSaved")}</p>
          <ul>
            {failed.flatMap(([field, messages]) => messages.map((m) => <li>{`${fieldLabel(field, t)}: ${m}`}</li>))}
          </ul>
        </div>
      ) : null}
      <div class="grid">
        <Field label={t("channelName")} name="name" values={values} errors={errors} required />
        <label class="field">
          <span>{t("channelLang")}</span>
          <select name="lang">
            <option value="id" selected={lang_ === "id"}>
              Bahasa Indonesia
            </option>
            <option value="en" selected={lang_ === "en"}>
              English
            </option>
          </select>
        </label>
      </div>
      <label>
        <input type="checkbox" name="enabled" value="on" checked={values["enabled"] === "on"} /> {t("channelEnabled")}
      </label>
      <fieldset class={errors["levels"] ? "levels invalid" : "levels"}>
        <legend>{t("channelLevels")}</legend>
        {CHANNEL_LEVELS.map((l) => (
          <label class="inline-check">
            <input type="checkbox" name={`level_${l}`} value="on" checked={values[`level_${l}`] === "on"} /> {levelName(l, t)}{" "}
          </label>
        ))}
        <FieldMessages errors={errors} field="levels" />
      </fieldset>
      {kind === "webhook" ? (
        <>
          <div class="grid">
            <Field label={t("chUrl")} name="url" type="url" values={values} errors={errors} required placeholder="https://" />
            <label class="field">
              <span>{t("chFormat")}</span>
              <select name="format">
                <option value="json" selected={values["format"] !== "form"}>
                  {t("chFormatJson")}
                </option>
                <option value="form" selected={values["format"] === "form"}>
                  {t("chFormatForm")}
                </option>
              </select>
            </label>
            <Field label={t("chMessageField")} name="message_field" values={values} errors={errors} placeholder="message" />
          </div>
          <div class="grid">
            <Field
              label={t("chHeaders")}
              name="headers"
              multiline={3}
              values={values}
              errors={errors}
              hint={keptHint(t("chHeadersHint"), stored.headers, t)}
            />
            <Field
              label={t("chFields")}
              name="fields"
              multiline={3}
              values={values}
              errors={errors}
              hint={keptHint(t("chFieldsHint"), stored.fields, t)}
            />
          </div>
          <div class="grid">
            <Field label={t("chRecipientField")} name="recipient_field" values={values} errors={errors} hint={t("chRecipientFieldHint")} />
            {CHANNEL_LEVELS.map((l) => (
              <Field label={fieldLabel(`recipient_${l}`, t)} name={`recipient_${l}`} values={values} errors={errors} />
            ))}
          </div>
          <div class="grid">
            <SecretField ctx={ctx} name="secret" label={t("chSecret")} hint={t("chSecretHint")} stored={stored.secret} errors={errors} />
            <Field label={t("chSignatureHeader")} name="signature_header" values={values} errors={errors} placeholder="X-MutuBaku-Signature" />
          </div>
        </>
      ) : (
        <>
          <div class="grid">
            <Field label={t("chHost")} name="host" values={values} errors={errors} required />
            <Field label={t("chPort")} name="port" values={values} errors={errors} placeholder="587" />
            <label class="field">
              <span>{t("chSecure")}</span>
              <input type="checkbox" name="secure" value="on" checked={values["secure"] === "on"} />
            </label>
          </div>
          <div class="grid">
            <Field label={t("chUser")} name="user" values={values} errors={errors} />
            <SecretField ctx={ctx} name="pass" label={t("chPass")} stored={stored.pass} errors={errors} />
            <Field label={t("chFrom")} name="from" type="email" values={values} errors={errors} required />
          </div>
          <p class="muted small">{t("chRecipientsHint")}</p>
          <div class="grid">
            {CHANNEL_LEVELS.map((l) => (
              <Field label={fieldLabel(`recipients_${l}`, t)} name={`recipients_${l}`} values={values} errors={errors} />
            ))}
          </div>
        </>
      )}
      <p class="muted small">
        {t("chTemplatesHint")}{" "}
        {PLACEHOLDERS.map((p, i) => (
          <>
            {i > 0 ? " · " : ""}
            <code>{`{${p}}`}</code> {t(PLACEHOLDER_WORDS[p])}
          </>
        ))}
      </p>
      <div class="grid">
        {MESSAGE_LEVELS.map((l) => (
          <Field label={fieldLabel(`template_${l}`, t)} name={`template_${l}`} multiline={3} values={values} errors={errors} placeholder={DEFAULT_TEMPLATES[lang_][l]} />
        ))}
      </div>
      {previews ? (
        <section class="card notice" data-testid="channel-preview">
          <h4>{t("channelPreviewTitle")}</h4>
          <dl class="facts">
            {previews.map((p) => (
              <>
                <dt>{levelName(p.level, t)}</dt>
                <dd>{p.text}</dd>
              </>
            ))}
          </dl>
        </section>
      ) : null}
      <p class="actions">
        {/* Save first: Enter in a field saves. */}
        <button type="submit">{t("channelSave")}</button>{" "}
        <button type="submit" name="action" value="preview" class="secondary">
          {t("channelPreview")}
        </button>
      </p>
    </form>
  );
}

export function ChannelsSection({ ctx, office, channels, draft, notice }: ChannelsSectionProps) {
  const { t } = ctx;
  const base = `/peringatan/pengaturan/${office}/saluran`;
  const formOf = (target: number | ChannelKind, fallback: FormValues) =>
    draft && draft.target === target ? { values: draft.values, errors: draft.errors, previews: draft.previews, open: true } : { values: fallback, errors: {}, previews: undefined, open: false };
  const fresh: FormValues = { enabled: "on", lang: "id", ...Object.fromEntries(CHANNEL_LEVELS.map((l) => [`level_${l}`, "on"])) };
  return (
    <section id="saluran" data-testid="channels">
      <h2>{t("channelsTitle")}</h2>
      <p class="muted">{t("channelsIntro")}</p>
      {notice ? (
        <p class="ok" role="status" data-testid="channel-notice">
          {notice}
        </p>
      ) : null}
      {channels.length === 0 ? (
        <p class="muted">{t("channelNone")}</p>
      ) : (
        <table class="stack" data-testid="channel-list">
          <Head columns={[t("channelName"), t("channelKind"), t("channelEnabled"), t("channelLevels"), t("channelRecipients"), t("channelSecrets"), ""]} />
          <tbody>
            {channels.map(({ row, stored }) => (
              <tr>
                <td data-label={t("channelName")}>
                  <a href={`#saluran-${row.id}`}>{row.name}</a>
                </td>
                <td data-label={t("channelKind")}>
                  {row.kind === "webhook" ? t("channelKindWebhook") : t("channelKindEmail")}
                  {row.kind === "webhook" && typeof row.config["url"] === "string" ? <span class="muted small"> {row.config["url"]}</span> : null}
                </td>
                <td data-label={t("channelEnabled")}>{row.enabled ? t("channelOn") : t("channelOff")}</td>
                <td data-label={t("channelLevels")}>{row.levels.map((l) => levelName(l, t)).join(", ")}</td>
                <td data-label={t("channelRecipients")}>
                  {recipientsOf(row).map(([level, who]) => (
                    <div>
                      {levelName(level, t)}: {who}
                    </div>
                  ))}
                </td>
                <td data-label={t("channelSecrets")}>
                  {[stored.secret ? `${t("chSecret")}: ${t("channelStored")}` : "", stored.pass ? `${t("chPass")}: ${t("channelStored")}` : "", ...[...stored.headers, ...stored.fields].map((h) => `${h}: ${t("channelStored")}`)]
                    .filter((s) => s !== "")
                    .join("; ") || "—"}
                </td>
                <td>
                  <PostButton ctx={ctx} action={`${base}/${row.id}/uji`} label={t("channelSendTest")} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {channels.map(({ row, values, stored }) => {
        const f = formOf(row.id, values);
        return (
          <details class="card" id={`saluran-${row.id}`} open={f.open}>
            <summary>
              {t("channelEdit")}: {row.name}
            </summary>
            <ChannelForm ctx={ctx} action={`${base}/${row.id}`} kind={row.kind} values={f.values} errors={f.errors} stored={stored} previews={f.previews} testid={`channel-form-${row.id}`} />
          </details>
        );
      })}
      {(["webhook", "email"] as const).map((kind) => {
        const f = formOf(kind, { ...fresh, kind });
        return (
          <details class="card" id={`saluran-baru-${kind}`} open={f.open}>
            <summary>{kind === "webhook" ? t("channelNewWebhook") : t("channelNewEmail")}</summary>
            <ChannelForm ctx={ctx} action={base} kind={kind} values={f.values} errors={f.errors} stored={EMPTY_SECRETS} previews={f.previews} testid={`channel-new-${kind}`} />
          </details>
        );
      })}
    </section>
  );
}
