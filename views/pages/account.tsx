import { CsrfField } from "../components/form.tsx";
import type { OfficeListItem } from "../../src/db/repos/offices.ts";
import type { Role } from "../../src/db/schema.ts";
import { ROLE_KEYS } from "../components/messages.ts";
import { LANGS } from "../i18n.ts";
import { Layout, type PageContext } from "../layout.tsx";
import { officesText } from "./users.tsx";

// Akun saya: who one is signed in as, one's role and offices (set by an admin), the language of
// one's pages, and the ways to one's password and API tokens.

const LANG_NAMES = { id: "Bahasa Indonesia", en: "English" } as const;

export interface AccountPageProps {
  ctx: PageContext;
  user: { name: string; email: string; role: Role; lang: "id" | "en" | null; all_offices: boolean };
  offices: readonly OfficeListItem[];
  /** The offices the user is given (all_offices aside). */
  officeIds: readonly number[];
  saved?: boolean;
}

export function AccountPage({ ctx, user, offices, officeIds, saved }: AccountPageProps) {
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={t("accountTitle")}>
      <h1>{t("accountTitle")}</h1>
      {saved ? (
        <p class="ok" role="status">
          {t("accountLangSaved")}
        </p>
      ) : null}
      <dl class="facts" data-testid="account">
        <dt>{t("name")}</dt>
        <dd>{user.name}</dd>
        <dt>{t("email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("userRole")}</dt>
        <dd>{t(ROLE_KEYS[user.role])}</dd>
        <dt>{t("userOffices")}</dt>
        <dd>{officesText(ctx, offices, { all_offices: user.all_offices, office_ids: officeIds })}</dd>
      </dl>
      <p class="muted">{t("accountIntro")}</p>
      <form method="post" action="/akun" class="card narrow" data-testid="account-lang">
        <CsrfField ctx={ctx} />
        <label class="field">
          <span>{t("accountLang")}</span>
          <select name="lang">
            {LANGS.map((l) => (
              <option value={l} selected={l === (user.lang ?? lang)}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("save")}</button>
      </form>
      <ul class="plain">
        <li>
          <a href="/akun/sandi">{t("changePasswordTitle")}</a>
        </li>
        <li>
          <a href="/akun/token">{t("tokensTitle")}</a>
        </li>
      </ul>
    </Layout>
  );
}
