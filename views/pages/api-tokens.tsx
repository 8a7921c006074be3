import type { OfficeListItem } from "../../src/db/repos/offices.ts";
import type { TokenListItem } from "../../src/db/repos/api-tokens.ts";
import { CsrfField, PostButton } from "../components/form.tsx";
import { Head } from "../components/table-head.tsx";
import { formatDateTime } from "../format.ts";
import { Layout, type PageContext } from "../layout.tsx";

// Token API: one's tokens for programs (sync scripts, the SiCantik pull), made and revoked here;
// a new token's secret is shown once.

// Tokens belong to a person, not an office: shown in Indonesia's western zone, where the seeded
// offices are (the user pages show their instants so too).
export const ACCOUNT_ZONE = "Asia/Jakarta";

export function ApiTokensPage({ ctx, tokens, offices, created, error }: { ctx: PageContext; tokens: TokenListItem[]; offices: OfficeListItem[]; created?: string; error?: string }) {
  const { t, lang } = ctx;
  const at = (d: Date | null) => (d ? formatDateTime(d, ACCOUNT_ZONE, lang) : "—");
  return (
    <Layout ctx={ctx} title={t("tokensTitle")}>
      <h1>{t("tokensTitle")}</h1>
      <p class="muted">{t("tokensIntro")}</p>
      {error ? (
        <p class="warning" role="alert">
          {error}
        </p>
      ) : null}
      {created ? (
        <div class="card" role="status" data-testid="new-token">
          <p>{t("tokenShownOnce")}</p>
          <p>
            <code>{created}</code>
          </p>
        </div>
      ) : null}
      <form method="post" action="/akun/token" class="card narrow">
        <CsrfField ctx={ctx} />
        <label class="field">
          <span>{t("tokenName")}</span>
          <input name="name" required maxlength={100} />
        </label>
        <label class="field">
          <span>{t("tokenScope")}</span>
          <select name="scope">
            <option value="read">{t("tokenRead")}</option>
            <option value="import">{t("tokenImport")}</option>
          </select>
        </label>
        <label class="field">
          <span>{t("tokenDays")}</span>
          <input name="days" inputmode="numeric" size={5} />
        </label>
        {offices.length > 1 ? (
          <fieldset data-testid="token-offices">
            <legend>{t("tokenOffices")}</legend>
            <p class="muted small">{t("tokenOfficesHint")}</p>
            {offices.map((o) => (
              <label class="check">
                <input type="checkbox" name="office" value={o.slug} /> {o.name}
              </label>
            ))}
          </fieldset>
        ) : null}
        <button type="submit">{t("tokenCreate")}</button>
      </form>
      {tokens.length === 0 ? null : (
        <table class="stack" data-testid="tokens">
          <Head columns={[t("tokenName"), t("tokenScope"), t("tokenOffices"), t("tokenCreated"), t("tokenExpires"), t("tokenLastUsed"), ""]} />
          <tbody>
            {tokens.map((k) => (
              <tr>
                <td data-label={t("tokenName")}>{k.name}</td>
                <td data-label={t("tokenScope")}>{t(k.scope === "read" ? "tokenRead" : "tokenImport")}</td>
                <td data-label={t("tokenOffices")}>{k.office_names ? k.office_names.join(", ") : t("tokenAllOffices")}</td>
                <td data-label={t("tokenCreated")}>{at(k.created_at)}</td>
                <td data-label={t("tokenExpires")}>{at(k.expires_at)}</td>
                <td data-label={t("tokenLastUsed")}>{at(k.last_used_at)}</td>
                <td>
                  {k.revoked_at ? (
                    t("tokenRevoked")
                  ) : (
                    <PostButton ctx={ctx} action={`/akun/token/${k.id}/cabut`} label={t("tokenRevoke")} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
