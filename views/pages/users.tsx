import { ROLES } from "../../src/auth/permissions.ts";
import type { OfficeListItem } from "../../src/db/repos/offices.ts";
import type { UserListItem, UserRow } from "../../src/db/repos/users.ts";
import type { Role } from "../../src/db/schema.ts";
import type { FormErrors } from "../../src/web/form.ts";
import { CsrfField, Field, FieldMessages, PostButton } from "../components/form.tsx";
import { ROLE_KEYS } from "../components/messages.ts";
import { Head } from "../components/table-head.tsx";
import { formatDateTime } from "../format.ts";
import { Layout, type PageContext } from "../layout.tsx";
import { ACCOUNT_ZONE } from "./api-tokens.tsx";

// Pengguna (admins only): every user with their role, offices and state, the sign-in locks in
// force with a button to lift them; a form to add a user and one to change a user, disable them,
// or give them a new initial password (shown once).

/** The offices a user is given, in words: "all offices" or their names. */
export function officesText(ctx: PageContext, offices: readonly OfficeListItem[], u: { all_offices: boolean; office_ids: readonly number[] }): string {
  if (u.all_offices) return ctx.t("allOffices");
  const names = offices.filter((o) => u.office_ids.includes(o.id)).map((o) => o.name);
  return names.length > 0 ? names.join(", ") : "—";
}

function Notices({ notice, error }: { notice?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {error ? (
        <p class="warning" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p class="ok" role="status">
          {notice}
        </p>
      ) : null}
    </>
  );
}

export interface UsersPageProps {
  ctx: PageContext;
  users: readonly UserListItem[];
  offices: readonly OfficeListItem[];
  /** Users whose account is locked now, to when. */
  lockedUntil: ReadonlyMap<number, Date>;
  /** Addresses locked now: the throttle's key, the address, to when. */
  lockedAddresses: ReadonlyArray<{ key: string; address: string; until: Date }>;
  notice?: string | undefined;
}

export function UsersPage(p: UsersPageProps) {
  const { ctx } = p;
  const { t, lang } = ctx;
  const at = (d: Date) => formatDateTime(d, ACCOUNT_ZONE, lang);
  const columns = [t("name"), t("email"), t("userRole"), t("userOffices"), t("userStatus"), t("userLastSeen"), ""];
  return (
    <Layout ctx={ctx} title={t("usersTitle")}>
      <h1>{t("usersTitle")}</h1>
      <p class="muted">{t("usersIntro")}</p>
      <Notices notice={p.notice} />
      <p>
        <a class="button" href="/admin/pengguna/baru">
          {t("userNew")}
        </a>
      </p>
      <table class="stack" data-testid="users">
        <Head columns={columns} />
        <tbody>
          {p.users.map((u) => {
            const locked = p.lockedUntil.get(u.id);
            const state = [u.disabled_at ? t("userDisabledSince", { at: at(u.disabled_at) }) : t("userActive")];
            if (u.must_change_password) state.push(t("userMustChange"));
            if (locked) state.push(t("userLockedUntil", { at: at(locked) }));
            return (
              <tr>
                <td data-label={columns[0]}>
                  <a href={`/admin/pengguna/${u.id}`}>{u.name}</a>
                </td>
                <td data-label={columns[1]}>{u.email}</td>
                <td data-label={columns[2]}>{t(ROLE_KEYS[u.role])}</td>
                <td data-label={columns[3]}>{officesText(ctx, p.offices, u)}</td>
                <td data-label={columns[4]}>{state.join("; ")}</td>
                <td data-label={columns[5]}>{u.last_seen_at ? at(u.last_seen_at) : "—"}</td>
                <td>{locked ? <PostButton ctx={ctx} action={`/admin/pengguna/${u.id}/buka-kunci`} label={t("userUnlock")} /> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="muted small">{t("userLastSeenHint")}</p>
      {p.lockedAddresses.length === 0 ? null : (
        <section data-testid="locked-addresses">
          <h2>{t("lockedAddresses")}</h2>
          <p class="muted">{t("lockedAddressesIntro")}</p>
          <table class="stack">
            <Head columns={[t("lockAddress"), t("lockUntil"), ""]} />
            <tbody>
              {p.lockedAddresses.map((a) => (
                <tr>
                  <td data-label={t("lockAddress")}>{a.address}</td>
                  <td data-label={t("lockUntil")}>{at(a.until)}</td>
                  <td>
                    <PostButton ctx={ctx} action="/admin/kunci/buka" label={t("userUnlock")}>
                      <input type="hidden" name="key" value={a.key} />
                    </PostButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Layout>
  );
}

/** What the user form shows: as posted, or as stored. */
export interface UserFormState {
  name: string;
  email: string;
  role: Role;
  allOffices: boolean;
  officeIds: readonly number[];
  /** New users only: a generated initial password, or one the admin types. */
  passwordChoice: "generate" | "typed";
}

export interface UserFormPageProps {
  ctx: PageContext;
  offices: readonly OfficeListItem[];
  form: UserFormState;
  errors: FormErrors;
  /** The user being changed; none for a new one. */
  user?: UserRow | undefined;
  lockedUntil?: Date | undefined;
  /** An initial password just made, shown this once. */
  initialPassword?: string | undefined;
  notice?: string | undefined;
  error?: string | undefined;
}

export function UserFormPage(p: UserFormPageProps) {
  const { ctx, form, errors, user } = p;
  const { t, lang } = ctx;
  const title = user ? t("userEditTitle", { name: user.name }) : t("userNewTitle");
  const values = { name: form.name, email: form.email };
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumb">
        <a href="/admin/pengguna">{t("usersTitle")}</a>
      </p>
      <h1>{title}</h1>
      <Notices notice={p.notice} error={p.error} />
      {p.initialPassword && user ? (
        <div class="card" role="status" data-testid="initial-password">
          <p>{t("userInitialPassword", { name: user.name })}</p>
          <p>
            <code>{p.initialPassword}</code>
          </p>
        </div>
      ) : null}
      <form method="post" action={user ? `/admin/pengguna/${user.id}` : "/admin/pengguna/baru"} class="card narrow" data-testid="user-form">
        <CsrfField ctx={ctx} />
        <Field label={t("name")} name="name" values={values} errors={errors} required autocomplete="off" />
        {user ? (
          <p>
            {t("email")}: {user.email}
          </p>
        ) : (
          <Field label={t("email")} name="email" type="email" values={values} errors={errors} required autocomplete="off" />
        )}
        <label class="field">
          <span>{t("userRole")}</span>
          <select name="role">
            {ROLES.map((r) => (
              <option value={r} selected={r === form.role}>
                {t(ROLE_KEYS[r])}
              </option>
            ))}
          </select>
          <small class="muted">{t("rolesHint")}</small>
        </label>
        <fieldset data-testid="user-offices">
          <legend>{t("userOffices")}</legend>
          <label class="check">
            <input type="checkbox" name="all_offices" value="1" checked={form.allOffices} /> {t("userAllOffices")}
          </label>
          {p.offices.map((o) => (
            <label class="check">
              <input type="checkbox" name="office" value={String(o.id)} checked={form.officeIds.includes(o.id)} /> {o.name}
            </label>
          ))}
          <FieldMessages errors={errors} field="office" />
        </fieldset>
        {user ? null : (
          <fieldset>
            <legend>{t("userPassword")}</legend>
            <label class="check">
              <input type="radio" name="password_choice" value="generate" checked={form.passwordChoice === "generate"} /> {t("userPasswordGenerate")}
            </label>
            <label class="check">
              <input type="radio" name="password_choice" value="typed" checked={form.passwordChoice === "typed"} /> {t("userPasswordTyped")}
            </label>
            <Field label={t("userPassword")} name="password" type="password" values={{}} errors={errors} autocomplete="new-password" hint={`${t("passwordHint")} ${t("userPasswordHint")}`} />
          </fieldset>
        )}
        <button type="submit">{user ? t("userSave") : t("userCreate")}</button>
      </form>
      {user ? (
        <div class="card" data-testid="user-actions">
          <p>
            {user.disabled_at ? t("userDisabledSince", { at: formatDateTime(user.disabled_at, ACCOUNT_ZONE, lang) }) : t("userActive")}
            {user.must_change_password ? `; ${t("userMustChange")}` : ""}
            {p.lockedUntil ? `; ${t("userLockedUntil", { at: formatDateTime(p.lockedUntil, ACCOUNT_ZONE, lang) })}` : ""}
          </p>
          <div class="actions">
            {user.disabled_at ? (
              <PostButton ctx={ctx} action={`/admin/pengguna/${user.id}/aktifkan`} label={t("userEnable")} />
            ) : (
              <PostButton ctx={ctx} action={`/admin/pengguna/${user.id}/nonaktifkan`} label={t("userDisable")} />
            )}
            <PostButton ctx={ctx} action={`/admin/pengguna/${user.id}/sandi-awal`} label={t("userResetPassword")} />
            {p.lockedUntil ? <PostButton ctx={ctx} action={`/admin/pengguna/${user.id}/buka-kunci`} label={t("userUnlock")} /> : null}
          </div>
          <p class="muted small">{t("userResetHint")}</p>
        </div>
      ) : null}
    </Layout>
  );
}
