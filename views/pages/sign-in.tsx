import type { FormErrors } from "../../src/web/form.ts";
import { CsrfField, Field } from "../components/form.tsx";
import { Layout, type PageContext } from "../layout.tsx";

// Masuk: e-mail and password; and the page to change one's password (required at the first
// sign-in of an account made with an initial password).

export function SignInPage({ ctx, next, error, email }: { ctx: PageContext; next: string; error?: string; email?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("signInTitle")}>
      <h1>{t("signInTitle")}</h1>
      {error ? (
        <p class="warning" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      ) : null}
      <form method="post" action="/masuk" class="card narrow" data-testid="sign-in">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="next" value={next} />
        <label class="field">
          <span>{t("email")}</span>
          <input type="email" name="email" autocomplete="username" required value={email ?? ""} />
        </label>
        <label class="field">
          <span>{t("password")}</span>
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <button type="submit">{t("signIn")}</button>
      </form>
    </Layout>
  );
}

export function ChangePasswordPage({ ctx, required, errors, done }: { ctx: PageContext; required: boolean; errors: FormErrors; done?: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("changePasswordTitle")}>
      <h1>{t("changePasswordTitle")}</h1>
      {required ? <p class="notice-bar">{t("changePasswordRequired")}</p> : null}
      {done ? (
        <p class="ok" role="status">
          {t("passwordChanged")}
        </p>
      ) : null}
      <form method="post" action="/akun/sandi" class="card narrow" data-testid="change-password">
        <CsrfField ctx={ctx} />
        <Field label={t("currentPassword")} name="current" type="password" values={{}} errors={errors} autocomplete="current-password" />
        <Field label={t("newPassword")} name="password" type="password" values={{}} errors={errors} hint={t("passwordHint")} autocomplete="new-password" />
        <Field label={t("repeatPassword")} name="repeat" type="password" values={{}} errors={errors} autocomplete="new-password" />
        <button type="submit">{t("changePassword")}</button>
      </form>
    </Layout>
  );
}
