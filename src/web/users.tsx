import { EVERY_OFFICE } from "../db/repos/access.ts";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { hashPassword, initialPassword, passwordProblem } from "../auth/password.ts";
import { ROLES } from "../auth/permissions.ts";
import { ADDRESS_PREFIX, accountKey, FAILURE_LOOKBACK_MS, lockedKeys } from "../auth/throttle.ts";
import { listOffices, type OfficeListItem } from "../db/repos/offices.ts";
import { endSessionsOf } from "../db/repos/sessions.ts";
import { clearFailures, failuresSince } from "../db/repos/sign-in-failures.ts";
import { createUser, findUser, findUserByEmail, listUsers, officeIdsOf, setDisabled, setLang, setPassword, updateUser, type UserRow } from "../db/repos/users.ts";
import type { Translate } from "../../views/i18n.ts";
import { PASSWORD_PROBLEM_KEYS } from "../../views/components/messages.ts";
import { AccountPage } from "../../views/pages/account.tsx";
import { type UserFormState, UserFormPage, UsersPage } from "../../views/pages/users.tsx";
import { type AppDeps, type AppEnv, pageContext, rememberLang } from "./context.tsx";
import { notFound } from "./errors.tsx";
import { type FormErrors, type FormValues, formValues } from "./form.ts";

// Pengguna, for admins (these routes are in no row of route-access.ts, so they are the admin's):
// the users, a new one, changing one, disabling and enabling, a new initial password, lifting a
// sign-in lock. And /akun, one's own account, for everyone: the language of one's pages.

/** A database id as a path or form gives it: digits only, within an integer column. */
const dbId = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);

const userFields = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  all_offices: z.literal("1").optional(),
  office: z.array(dbId).max(1000),
});
const newUserFields = userFields.extend({
  email: z.string().trim().min(1).max(320).pipe(z.email()),
  password_choice: z.enum(["generate", "typed"]).default("generate"),
  password: z.string().max(1000).default(""),
});
const unlockForm = z.object({ key: z.string().startsWith(ADDRESS_PREFIX).max(400) });
const accountForm = z.object({ lang: z.enum(["id", "en"]) });
/** What a redirect back to a user's page says was done. */
const doneQuery = z.enum(["disimpan", "nonaktif", "aktif", "kunci"]);

/** A field's refusal by zod, in the reader's words. */
function issueText(issue: z.core.$ZodIssue, t: Translate): string {
  if (issue.code === "too_small") return t("chErrRequired");
  if (issue.code === "too_big") return t("chErrMaxChars", { n: Number(issue.maximum) });
  if (issue.code === "invalid_format") return t("chErrEmail");
  return t("chErrOption");
}

function fieldErrors(error: z.ZodError, t: Translate): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) (errors[String(issue.path[0] ?? "form")] ??= []).push(issueText(issue, t));
  return errors;
}

/** A form body with its repeated fields (the office checkboxes) as lists. */
async function userBody(c: Context<AppEnv>): Promise<{ values: FormValues; office: unknown[] }> {
  const body = await c.req.parseBody({ all: true });
  return { values: formValues(body), office: [body["office"] ?? []].flat() };
}

/** The user form as posted, shown again when refused; a stored user's e-mail is not the form's. */
function postedForm({ values, office }: { values: FormValues; office: unknown[] }, user?: UserRow): UserFormState {
  return {
    name: values["name"] ?? "",
    email: user?.email ?? values["email"] ?? "",
    role: ROLES.find((r) => r === values["role"]) ?? user?.role ?? "viewer",
    allOffices: values["all_offices"] === "1",
    officeIds: office.flatMap((v) => {
      const id = dbId.safeParse(v);
      return id.success ? [id.data] : [];
    }),
    passwordChoice: values["password_choice"] === "typed" ? "typed" : "generate",
  };
}

/** The offices chosen must exist, and a user is given at least one (or all). */
function officeProblem(chosen: UserFormState, offices: readonly OfficeListItem[], t: Translate): string | undefined {
  const unknown = chosen.officeIds.filter((id) => !offices.some((o) => o.id === id));
  if (unknown.length > 0) return unknown.map((id) => t("unknownOffice", { office: id })).join("; ");
  if (!chosen.allOffices && chosen.officeIds.length === 0) return t("userNoOffice");
  return undefined;
}

export function userRoutes(deps: AppDeps) {
  const { db, clock } = deps;

  /** The sign-in locks in force now, by key, to when. */
  async function locks(): Promise<Map<string, Date>> {
    const now = clock.now();
    return lockedKeys(await failuresSince(db, new Date(now.getTime() - FAILURE_LOOKBACK_MS)), now);
  }

  const stored = async (user: UserRow): Promise<UserFormState> => ({
    name: user.name,
    email: user.email,
    role: user.role,
    allOffices: user.all_offices,
    officeIds: await officeIdsOf(db, user.id),
    passwordChoice: "generate",
  });

  /** A user's page: as stored, or the posted form refused, with what was just done. */
  async function userPage(c: Context<AppEnv>, user: UserRow, o: { form?: UserFormState; errors?: FormErrors; error?: string; notice?: string; initialPassword?: string } = {}) {
    const [offices, locked, form] = await Promise.all([listOffices(db, EVERY_OFFICE), locks(), o.form ?? stored(user)]);
    return c.render(
      <UserFormPage
        ctx={pageContext(c)}
        offices={offices}
        form={form}
        errors={o.errors ?? {}}
        user={user}
        lockedUntil={locked.get(accountKey(user.email))}
        error={o.error}
        notice={o.notice}
        initialPassword={o.initialPassword}
      />,
    );
  }

  /** The user of the path's id, or undefined (the caller answers 404). */
  async function pathUser(c: Context<AppEnv>): Promise<UserRow | undefined> {
    const id = dbId.safeParse(c.req.param("id"));
    return id.success ? findUser(db, id.data) : undefined;
  }

  /** Gives a user a new initial password, shown on their page this once; their sessions end. */
  async function newInitialPassword(user: UserRow, plain: string) {
    await setPassword(db, user.id, await hashPassword(plain), clock.now(), { initial: true });
    await endSessionsOf(db, user.id);
  }

  return new Hono<AppEnv>()
    .get("/admin/pengguna", async (c) => {
      const ctx = pageContext(c);
      const [users, offices, locked] = await Promise.all([listUsers(db), listOffices(db, EVERY_OFFICE), locks()]);
      const lockedUntil = new Map<number, Date>();
      for (const u of users) {
        const until = locked.get(accountKey(u.email));
        if (until) lockedUntil.set(u.id, until);
      }
      const lockedAddresses = [...locked]
        .filter(([key]) => key.startsWith(ADDRESS_PREFIX))
        .map(([key, until]) => ({ key, address: key.slice(ADDRESS_PREFIX.length), until }));
      const notice = c.req.query("selesai") === "kunci" ? ctx.t("userUnlocked") : undefined;
      return c.render(<UsersPage ctx={ctx} users={users} offices={offices} lockedUntil={lockedUntil} lockedAddresses={lockedAddresses} notice={notice} />);
    })
    .get("/admin/pengguna/baru", async (c) =>
      c.render(
        <UserFormPage ctx={pageContext(c)} offices={await listOffices(db, EVERY_OFFICE)} form={{ name: "", email: "", role: "viewer", allOffices: false, officeIds: [], passwordChoice: "generate" }} errors={{}} />,
      ),
    )
    .post("/admin/pengguna/baru", async (c) => {
      const ctx = pageContext(c);
      const { t } = ctx;
      const body = await userBody(c);
      const offices = await listOffices(db, EVERY_OFFICE);
      const parsed = newUserFields.safeParse({ ...body.values, office: body.office });
      const posted = postedForm(body);
      const errors = parsed.success ? {} : fieldErrors(parsed.error, t);
      const officeError = officeProblem(posted, offices, t);
      if (officeError) errors["office"] = [officeError];
      const f = parsed.success ? parsed.data : undefined;
      if (f) {
        const taken = await findUserByEmail(db, f.email);
        if (taken) errors["email"] = [t("userEmailTaken", { name: taken.name })];
        if (f.password_choice === "typed") {
          const problem = passwordProblem(f.password, { email: f.email, name: f.name });
          if (problem) errors["password"] = [t(PASSWORD_PROBLEM_KEYS[problem])];
        }
      }
      if (!f || Object.keys(errors).length > 0) {
        c.status(400);
        return c.render(<UserFormPage ctx={ctx} offices={offices} form={posted} errors={errors} />);
      }
      const plain = f.password_choice === "typed" ? f.password : initialPassword();
      const user = { email: f.email, name: f.name, passwordHash: await hashPassword(plain), role: f.role, allOffices: f.all_offices === "1", officeIds: f.office, mustChangePassword: true };
      let id: number;
      try {
        id = await createUser(db, user, clock.now());
      } catch (err) {
        // Made at the same moment by another request: the unique index refused this one.
        const taken = await findUserByEmail(db, f.email);
        if (!taken) throw err;
        c.status(400);
        return c.render(<UserFormPage ctx={ctx} offices={offices} form={posted} errors={{ email: [t("userEmailTaken", { name: taken.name })] }} />);
      }
      const made = (await findUser(db, id))!;
      // Shown this once, typed or made: only its hash is kept.
      return userPage(c, made, { notice: t("userCreated", { name: made.name }), initialPassword: plain });
    })
    .get("/admin/pengguna/:id", async (c) => {
      const user = await pathUser(c);
      if (!user) return notFound(c);
      const t = pageContext(c).t;
      const done = doneQuery.safeParse(c.req.query("selesai"));
      const notice = done.success ? { disimpan: t("saved"), nonaktif: t("userDisabledDone", { name: user.name }), aktif: t("userEnabledDone", { name: user.name }), kunci: t("userUnlocked") }[done.data] : undefined;
      return userPage(c, user, notice ? { notice } : {});
    })
    .post("/admin/pengguna/:id", async (c) => {
      const user = await pathUser(c);
      if (!user) return notFound(c);
      const { t } = pageContext(c);
      const body = await userBody(c);
      const parsed = userFields.safeParse({ ...body.values, office: body.office });
      const posted = postedForm(body, user);
      const errors = parsed.success ? {} : fieldErrors(parsed.error, t);
      const officeError = officeProblem(posted, await listOffices(db, EVERY_OFFICE), t);
      if (officeError) errors["office"] = [officeError];
      if (!parsed.success || officeError) {
        c.status(400);
        return userPage(c, user, { form: posted, errors });
      }
      const f = parsed.data;
      if (!(await updateUser(db, user.id, { name: f.name, role: f.role, allOffices: f.all_offices === "1", officeIds: f.office }))) {
        c.status(409);
        return userPage(c, user, { form: posted, error: t("userLastAdmin", { name: user.name }) });
      }
      return c.redirect(`/admin/pengguna/${user.id}?selesai=disimpan`, 303);
    })
    .post("/admin/pengguna/:id/nonaktifkan", async (c) => {
      const user = await pathUser(c);
      if (!user) return notFound(c);
      if (!(await setDisabled(db, user.id, user.disabled_at ?? clock.now()))) {
        c.status(409);
        return userPage(c, user, { error: pageContext(c).t("userLastAdmin", { name: user.name }) });
      }
      // Refused from now on by sessionUser anyway; ended here so that none lingers in the table.
      await endSessionsOf(db, user.id);
      return c.redirect(`/admin/pengguna/${user.id}?selesai=nonaktif`, 303);
    })
    .post("/admin/pengguna/:id/aktifkan", async (c) => {
      const user = await pathUser(c);
      if (!user) return notFound(c);
      await setDisabled(db, user.id, null);
      return c.redirect(`/admin/pengguna/${user.id}?selesai=aktif`, 303);
    })
    .post("/admin/pengguna/:id/sandi-awal", async (c) => {
      const user = await pathUser(c);
      if (!user) return notFound(c);
      const plain = initialPassword();
      await newInitialPassword(user, plain);
      return userPage(c, (await findUser(db, user.id))!, { initialPassword: plain });
    })
    .post("/admin/pengguna/:id/buka-kunci", async (c) => {
      const user = await pathUser(c);
      if (!user) return notFound(c);
      await clearFailures(db, accountKey(user.email));
      return c.redirect(`/admin/pengguna/${user.id}?selesai=kunci`, 303);
    })
    .post("/admin/kunci/buka", async (c) => {
      const form = unlockForm.safeParse(formValues(await c.req.parseBody()));
      if (!form.success) return c.text("key: an address lock's key (address:…)", 400);
      await clearFailures(db, form.data.key);
      return c.redirect("/admin/pengguna?selesai=kunci", 303);
    })
    .get("/akun", async (c) => {
      const user = c.get("user")!;
      // What the user may see, as the session read it: an admin's is every office.
      const access = c.get("access");
      const offices = await listOffices(db, access);
      const shown = { ...user, all_offices: access.offices === "all" };
      return c.render(<AccountPage ctx={pageContext(c)} user={shown} offices={offices} officeIds={offices.map((o) => o.id)} saved={c.req.query("disimpan") === "1"} />);
    })
    .post("/akun", async (c) => {
      const form = accountForm.safeParse(formValues(await c.req.parseBody()));
      if (!form.success) return c.text("lang: id or en", 400);
      await setLang(db, c.get("user")!.id, form.data.lang);
      rememberLang(c, form.data.lang);
      return c.redirect("/akun?disimpan=1", 303);
    });
}
