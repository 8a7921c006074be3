import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { recordAudit } from "../db/repos/audit-log.ts";
import type { AuditDetail } from "../db/schema.ts";
import type { MessageKey } from "../../views/i18n.ts";
import { addressOf } from "./auth.tsx";
import type { AppDeps, AppEnv } from "./context.tsx";
import { routeKey } from "./route-access.ts";

// The audit log (issue 14), written in one place: every request that changes something (every
// method but GET), the few GETs that take data away (downloads), and a program's use of an API
// token. A row names who, from where, the route and its parameters, and the answer's status; never
// a body (a sign-in's holds a password): of a form only the fields named safe below are kept.

/** Every action the log names, with its words on the Audit page; a route not listed is named by its key. */
export const AUDIT_ACTIONS = {
  sign_in: "auditSignIn",
  "sign_in.failed": "auditSignInFailed",
  "sign_in.locked": "auditSignInLocked",
  sign_out: "auditSignOut",
  "password.change": "auditPasswordChange",
  "token.create": "auditTokenCreate",
  "token.revoke": "auditTokenRevoke",
  "token.use": "auditTokenUse",
  import: "auditImport",
  "sample.load": "auditSampleLoad",
  "sample.remove": "auditSampleRemove",
  "sop.preview": "auditSopPreview",
  "sop.save": "auditSopSave",
  "step_names.change": "auditStepNames",
  "calendar.preview": "auditCalendarPreview",
  "calendar.change": "auditCalendarChange",
  "office_target.change": "auditOfficeTarget",
  "alert_settings.change": "auditAlertSettings",
  "alert_channel.change": "auditAlertChannel",
  "alert_channel.test": "auditAlertChannelTest",
  "alert.acknowledge": "auditAlertAcknowledge",
  "alert.assign": "auditAlertAssign",
  "alert.comment": "auditAlertComment",
  "alert.resend": "auditAlertResend",
  "report.make": "auditReportMake",
  "report.download": "auditReportDownload",
  "list.download": "auditListDownload",
  "rejects.download": "auditRejectsDownload",
  "user.change": "auditUserChange",
  "lock.lift": "auditLockLift",
  "account.change": "auditAccountChange",
} as const satisfies Record<string, MessageKey>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const isAuditAction = (a: string): a is AuditAction => Object.hasOwn(AUDIT_ACTIONS, a);

interface Audited {
  action: AuditAction;
  /** The form fields worth keeping: what was chosen, never what was typed to prove who. */
  fields?: RegExp;
}

const LIST_DOWNLOAD: Audited = { action: "list.download" };
/** The user pages (src/web/users.tsx). */
const USER_CHANGE: Audited = { action: "user.change", fields: /^(email|name|role|all_offices|offices?)$/ };
const CHANNEL: Audited = { action: "alert_channel.change", fields: /^(kind|name|enabled|lang|action)$/ };

/** The routes by their key (src/web/route-access.ts); a GET is logged only when listed here. */
export const AUDITED_ROUTES: Readonly<Record<string, Audited>> = {
  "POST /masuk": { action: "sign_in", fields: /^email$/ },
  "POST /keluar": { action: "sign_out" },
  "POST /akun/sandi": { action: "password.change" },
  "POST /akun/token": { action: "token.create", fields: /^(name|scope|days)$/ },
  "POST /akun/token/:id/cabut": { action: "token.revoke" },
  "POST /akun": { action: "account.change", fields: /^lang$/ },
  "POST /admin/kunci/buka": { action: "lock.lift" },
  "POST /admin/pengguna/baru": USER_CHANGE,
  "POST /admin/pengguna/:id": USER_CHANGE,
  "POST /admin/pengguna/:id/nonaktifkan": USER_CHANGE,
  "POST /admin/pengguna/:id/aktifkan": USER_CHANGE,
  "POST /admin/pengguna/:id/sandi-awal": USER_CHANGE,
  "POST /admin/pengguna/:id/buka-kunci": { action: "lock.lift" },
  "POST /impor": { action: "import" },
  "POST /api/v1/imports": { action: "import" },
  "POST /contoh": { action: "sample.load" },
  "POST /impor/hapus-contoh": { action: "sample.remove", fields: /^confirm$/ },
  "POST /kantor/:office/sop/baca": { action: "sop.preview" },
  "POST /sop/:slug/baca": { action: "sop.preview" },
  "POST /kantor/:office/sop/simpan": { action: "sop.save" },
  "POST /sop/:slug/simpan": { action: "sop.save" },
  "POST /sop/:slug/alias": { action: "step_names.change", fields: /^(position|name|step_\d+)$/ },
  "POST /kantor/:office/kalender/impor": { action: "calendar.preview", fields: /^(file|kind|year)$/ },
  "POST /kantor/:office/kalender/ubah": { action: "calendar.change", fields: /^(valid_from|note)$/ },
  "POST /kantor/:office/kalender/impor/simpan": { action: "calendar.change", fields: /^(valid_from|note)$/ },
  "POST /kantor/:office/target": { action: "office_target.change", fields: /^target$/ },
  "POST /peringatan/pengaturan/:office/ambang": { action: "alert_settings.change", fields: /^(permit_type|position|step|warn|warn2)$/ },
  "POST /peringatan/pengaturan/:office/saluran": CHANNEL,
  "POST /peringatan/pengaturan/:office/saluran/:id": CHANNEL,
  "POST /peringatan/pengaturan/:office/saluran/:id/uji": { action: "alert_channel.test" },
  "POST /peringatan/:id/tandai": { action: "alert.acknowledge", fields: /^by$/ },
  "POST /peringatan/:id/tugaskan": { action: "alert.assign", fields: /^(to|by)$/ },
  "POST /peringatan/:id/komentar": { action: "alert.comment", fields: /^by$/ },
  "POST /peringatan/:id/pengiriman/:delivery/kirim-ulang": { action: "alert.resend", fields: /^by$/ },
  "POST /laporan": { action: "report.make", fields: /^(office|month|from|to|lang)$/ },
  "POST /laporan/:id/ulang": { action: "report.make" },
  "GET /laporan/:id/unduh": { action: "report.download" },
  "GET /impor/:id/ditolak.csv": { action: "rejects.download" },
  "GET /jenis-izin/:file{unduh\\.(?:csv|xlsx)}": LIST_DOWNLOAD,
  "GET /permohonan/:file{unduh\\.(?:csv|xlsx)}": LIST_DOWNLOAD,
  "GET /langkah/:file{unduh\\.(?:csv|xlsx)}": LIST_DOWNLOAD,
  "GET /petugas/:file{unduh\\.(?:csv|xlsx)}": LIST_DOWNLOAD,
};


/** Never kept, whatever a table above says: a field or query parameter named like a secret. */
const SECRET = /pass|sandi|secret|rahasia|token|csrf|key|kunci|url|header/i;

const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s);

/** A sign-in's outcome by its answer: 303 signed in, 429 refused unchecked by the throttle, else a wrong e-mail or password. */
const signInOutcome = (status: number): AuditAction => (status === 303 ? "sign_in" : status === 429 ? "sign_in.locked" : "sign_in.failed");

/** After authMiddleware (which names the user) and before routeAccess, so a refusal by role is logged too. */
export function auditMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const at = deps.clock.now();
    await next();
    // A token's use: at most once a minute per token, when tokenUser moves its last use on (a
    // program polling every few seconds would otherwise fill the log); what it changed is logged below.
    const token = c.get("apiToken");
    if (token?.noted) await write(deps, c, { at, action: "token.use", target: c.req.path, detail: { token: token.token } });
    if (c.req.method === "HEAD") return;
    const key = routeKey(c.req.method, matchedRoutes(c));
    if (key === undefined) return;
    const audited = AUDITED_ROUTES[key];
    if (c.req.method === "GET" && !audited) return;
    const detail: AuditDetail = { route: key };
    const params = paramsOf(key, c.req.path);
    const query = kept(new URL(c.req.url).searchParams);
    const fields = audited?.fields ? await formFields(c, audited.fields) : {};
    const location = c.res.headers.get("location");
    if (Object.keys(params).length > 0) detail.params = params;
    if (Object.keys(query).length > 0) detail.query = query;
    if (Object.keys(fields).length > 0) detail.fields = fields;
    if (location) detail.location = clip(location);
    if (token) detail.token = token.token;
    const action = audited?.action === "sign_in" ? signInOutcome(c.res.status) : (audited?.action ?? key);
    // A failed sign-in has no user: the e-mail typed says whom it was for.
    await write(deps, c, { at, action, target: c.req.path, detail, email: fields["email"] });
  };
}

async function write(deps: AppDeps, c: Context<AppEnv>, e: { at: Date; action: string; target: string; detail: AuditDetail; email?: string | undefined }) {
  const user = c.get("user");
  try {
    await recordAudit(deps.db, { at: e.at, userId: user?.id ?? null, userEmail: user?.email ?? e.email ?? null, address: addressOf(c), action: e.action, target: clip(e.target), detail: e.detail, status: c.res.status });
  } catch (err) {
    // Written before the answer leaves, so a row is never lost to a crash after it. By now the
    // change is made, though: failing the request for want of its row would only hide that it
    // was made. The log says the row is missing.
    deps.logger.error({ err, action: e.action, path: c.req.path }, "audit row not written");
  }
}

/** The route's parameters, by its pattern's segments (the app's routes have no wildcards). */
function paramsOf(key: string, path: string): Record<string, string> {
  const pattern = key.slice(key.indexOf(" ") + 1).split("/");
  const parts = path.split("/");
  const out: Record<string, string> = {};
  pattern.forEach((segment, i) => {
    const part = parts[i];
    if (segment.startsWith(":") && part !== undefined) out[segment.slice(1).split("{")[0]!] = clip(decoded(part));
  });
  return out;
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The form fields a route names safe, from the body its handler parsed: the log never reads a body itself. */
async function formFields(c: Context<AppEnv>, names: RegExp): Promise<Record<string, string>> {
  // Hono keeps the parsed form (a promise, whatever its type says); an upload refused before its
  // handler read it stays unread.
  const parsed = c.req.bodyCache.formData;
  if (!parsed) return {};
  try {
    const form = await parsed;
    const out: Record<string, string> = {};
    form.forEach((value, name) => {
      if (!names.test(name) || SECRET.test(name)) return;
      const text = clip(typeof value === "string" ? value : value.name);
      out[name] = out[name] === undefined ? text : `${out[name]}, ${text}`;
    });
    return out;
  } catch {
    // A body that would not parse: its handler answered for it.
    return {};
  }
}

function kept(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) if (!SECRET.test(name)) out[name] = out[name] === undefined ? clip(value) : `${out[name]}, ${clip(value)}`;
  return out;
}
