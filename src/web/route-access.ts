import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { type Action, can } from "../auth/permissions.ts";
import type { AppEnv } from "./context.tsx";
import { forbidden } from "./errors.tsx";

// The action every route needs, by its method and pattern as registered: one table for the whole
// app. A route missing here is the admin's alone, so a new route is closed until it is listed
// (test/integration/office-access.test.ts probes every route of the app's route table with each role).

const OPEN = "open";
export const ROUTE_ACTIONS: Readonly<Record<string, Action | typeof OPEN>> = {
  "GET /static/:file": OPEN,
  "GET /healthz": OPEN,
  "GET /masuk": OPEN,
  "POST /masuk": OPEN,
  "POST /keluar": OPEN,
  // One's own account: whatever the role.
  "GET /akun": "read",
  "POST /akun": "read",
  "GET /akun/token": "read",
  "POST /akun/token": "read",
  "POST /akun/token/:id/cabut": "read",
  "GET /akun/sandi": OPEN,
  "POST /akun/sandi": OPEN,

  "GET /": "read",
  "POST /kantor/:office/target": "office_settings",
  // Sample data spans every office: the admin's to load and remove.
  "POST /contoh": "administer",
  "GET /jenis-izin": "read",
  "GET /jenis-izin/:file{unduh\\.(?:csv|xlsx)}": "read",
  "GET /jenis-izin/:sop": "read",
  "GET /permohonan": "read",
  "GET /permohonan/:file{unduh\\.(?:csv|xlsx)}": "read",
  "GET /permohonan/:id": "read",
  "GET /langkah": "read",
  "GET /langkah/:file{unduh\\.(?:csv|xlsx)}": "read",
  "GET /petugas": "read",
  "GET /petugas/:file{unduh\\.(?:csv|xlsx)}": "read",

  "GET /sop": "read",
  "GET /sop/:slug": "read",
  "GET /sop/:slug/bandingkan": "read",
  "GET /sop/:slug/alias": "map_steps",
  "POST /sop/:slug/alias": "map_steps",
  "GET /kantor/:office/kalender": "read",

  "GET /impor": "read",
  "POST /impor": "import",
  "GET /impor/:id": "read",
  "GET /impor/:id/ditolak.csv": "read",
  "GET /kantor/:office/impor": "read",
  "GET /impor/hapus-contoh": "administer",
  "POST /impor/hapus-contoh": "administer",
  "POST /api/v1/imports": "import",
  "GET /api/v1/imports/jobs/:id": "read",
  "GET /api/v1/imports": "read",
  "GET /api/v1/imports/:id": "read",

  "GET /laporan": "read",
  "POST /laporan": "report",
  "POST /laporan/:id/ulang": "report",
  "GET /laporan/:id/unduh": "read",

  "GET /peringatan": "read",
  "GET /peringatan/:id": "read",
  "POST /peringatan/:id/tandai": "act_on_alerts",
  "POST /peringatan/:id/tugaskan": "act_on_alerts",
  "POST /peringatan/:id/komentar": "act_on_alerts",
  "POST /peringatan/:id/pengiriman/:delivery/kirim-ulang": "act_on_alerts",
  "GET /peringatan/pengaturan/:office": "office_settings",
  "POST /peringatan/pengaturan/:office/ambang": "office_settings",
  "POST /peringatan/pengaturan/:office/saluran": "office_settings",
  "POST /peringatan/pengaturan/:office/saluran/:id": "office_settings",
  "POST /peringatan/pengaturan/:office/saluran/:id/uji": "office_settings",

  "GET /api/v1/alerts": "read",
  "GET /api/v1/compliance": "read",
  "GET /api/v1/permits": "read",
  "GET /api/v1/permits/:id": "read",
};

/** The route a request reaches: the first registered for its method and path (middleware aside). */
export function routeKey(method: string, matched: ReadonlyArray<{ method: string; path: string }>): string | undefined {
  const m = method === "HEAD" ? "GET" : method;
  const route = matched.find((r) => r.method === m);
  return route ? `${m} ${route.path}` : undefined;
}

/** The action a route needs: its entry in ROUTE_ACTIONS, else the admin's. */
export const actionOf = (key: string): Action | typeof OPEN => ROUTE_ACTIONS[key] ?? "administer";

/** Refuses a signed-in user whose role lacks the route's action (after authMiddleware). */
export function routeAccess(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = routeKey(c.req.method, matchedRoutes(c));
    // No route: the not-found answer, the same for everyone signed in.
    if (key === undefined) return next();
    const action = actionOf(key);
    const user = c.get("user");
    if (action === OPEN || (user && can(user.role, action))) return next();
    if (c.req.path.startsWith("/api/")) return c.json({ error: "your role may not do this" }, 403);
    return forbidden(c);
  };
}
