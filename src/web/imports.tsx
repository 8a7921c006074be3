import { stringify } from "csv-stringify/sync";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { batchRejects, findBatch, listBatches } from "../db/repos/imports.ts";
import { findOffice, listOffices } from "../db/repos/offices.ts";
import { listProfiles } from "../ingest/profile.ts";
import { ImportJobs } from "../imports/jobs.ts";
import { ImportError, type ImportFile, runImport } from "../imports/run-import.ts";
import { neutralizeFormula } from "../text/formula.ts";
import { type Translate, translator } from "../../views/i18n.ts";
import { BatchPage, ImportsPage } from "../../views/pages/imports.tsx";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";
import { saveJsonRows, saveUploads } from "./uploads.ts";

const SHOWN_REJECTS = 200;
// Uploads are held in memory while they are parsed; bigger exports go through `mutubaku import`.
const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;
const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: (c) => c.json({ error: `upload larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: use mutubaku import for big exports` }, 413),
});

const jsonImport = z.object({
  office: z.string().min(1),
  profile: z.string().min(1).optional(),
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(200_000),
});

// A cell that a spreadsheet would run as a formula is written as text (OWASP CSV injection).
const safeCell = (v: unknown) => (typeof v === "string" ? neutralizeFormula(v) : v);

function describeError(err: unknown): { error: string; batchId: number | null; details?: ImportError["details"] } {
  if (err instanceof ImportError) return { error: err.message, batchId: err.details.batchId ?? null, details: err.details };
  return { error: err instanceof Error ? err.message : String(err), batchId: null };
}

export function importRoutes(deps: AppDeps) {
  const { db, clock, logger } = deps;
  const jobs = new ImportJobs();

  /** The files and fields of a post; a refusal is worded in the page's language (English for the API). */
  async function received(c: Context<AppEnv>, t: Translate): Promise<{ office: string; profile: string | undefined; files: ImportFile[]; cleanup: () => Promise<void> } | { error: string }> {
    if ((c.req.header("content-type") ?? "").includes("application/json")) {
      const parsed = jsonImport.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") };
      return { office: parsed.data.office, profile: parsed.data.profile, ...(await saveJsonRows(parsed.data.rows)) };
    }
    const body = await c.req.parseBody({ all: true });
    const files = [body.file ?? body.files].flat().filter((f): f is File => f instanceof File && f.size > 0);
    const office = typeof body.office === "string" ? body.office : "";
    if (!office) return { error: `office: ${t("errOfficeRequired")}` };
    if (files.length === 0) return { error: `file: ${t("errNoFileUploaded")}` };
    const profile = typeof body.profile === "string" && body.profile !== "" ? body.profile : undefined;
    return { office, profile, ...(await saveUploads(files)) };
  }

  async function importsPage(c: Context<AppEnv>, error?: string) {
    const [offices, profiles, batches] = await Promise.all([listOffices(db), listProfiles(), listBatches(db)]);
    return c.render(
      <ImportsPage
        ctx={pageContext(c)}
        offices={offices}
        profiles={profiles.map((p) => ({ name: p.name, label: p.label }))}
        batches={batches}
        selectedOffice={c.req.query("kantor") ?? null}
        {...(error ? { error } : {})}
      />,
    );
  }

  return (
    new Hono<AppEnv>()
      .post("/api/v1/imports", uploadLimit, async (c) => {
        const got = await received(c, translator("en"));
        if ("error" in got) return c.json({ error: got.error }, 400);
        const run = (onProgress?: Parameters<typeof runImport>[3]) =>
          runImport(db, clock, { office: got.office, profile: got.profile, files: got.files }, onProgress).finally(got.cleanup);
        if (c.req.query("async") === "1") {
          const id = jobs.start(run, describeError);
          return c.json({ job: id, status: `/api/v1/imports/jobs/${id}` }, 202);
        }
        try {
          return c.json(await run(), 201);
        } catch (err) {
          if (!(err instanceof ImportError)) throw err;
          return c.json({ error: err.message, ...err.details }, err.details.file ? 422 : 400);
        }
      })
      .get("/api/v1/imports/jobs/:id", (c) => {
        const job = jobs.get(c.req.param("id"));
        return job ? c.json(job) : c.json({ error: "no such job" }, 404);
      })
      .get("/api/v1/imports", async (c) => c.json(await listBatches(db)))
      .get("/api/v1/imports/:id", async (c) => {
        const id = z.coerce.number().int().positive().safeParse(c.req.param("id"));
        const batch = id.success ? await findBatch(db, id.data) : undefined;
        return batch ? c.json(batch) : c.json({ error: "no such import" }, 404);
      })

      .get("/impor", (c) => importsPage(c))
      // Without JavaScript the form posts here and waits for the import to end.
      .post("/impor", uploadLimit, async (c) => {
        const got = await received(c, pageContext(c).t);
        if ("error" in got) {
          c.status(400);
          return importsPage(c, got.error);
        }
        try {
          const summary = await runImport(db, clock, { office: got.office, profile: got.profile, files: got.files }).finally(got.cleanup);
          return c.redirect(`/impor/${summary.batchId}`, 303);
        } catch (err) {
          if (!(err instanceof ImportError)) throw err;
          logger.info({ err: err.message }, "import refused");
          if (err.details.batchId) return c.redirect(`/impor/${err.details.batchId}`, 303);
          c.status(422);
          return importsPage(c, err.message);
        }
      })
      .get("/impor/:id", async (c) => {
        const id = z.coerce.number().int().positive().safeParse(c.req.param("id"));
        const batch = id.success ? await findBatch(db, id.data) : undefined;
        if (!batch) return notFound(c);
        const rejects = await batchRejects(db, batch.id, SHOWN_REJECTS);
        return c.render(<BatchPage ctx={pageContext(c)} batch={batch} rejects={rejects} shownRejects={rejects.length} />);
      })
      .get("/impor/:id/ditolak.csv", async (c) => {
        const id = z.coerce.number().int().positive().safeParse(c.req.param("id"));
        const batch = id.success ? await findBatch(db, id.data) : undefined;
        if (!batch) return notFound(c);
        const rows = await batchRejects(db, batch.id);
        const csv = stringify(
          rows.map((r) => [r.file_name, r.row_number, r.field, r.reason, r.raw].map(safeCell)),
          { header: true, columns: ["file", "row", "field", "reason", "raw"], bom: true },
        );
        return c.body(csv, 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="impor-${batch.id}-ditolak.csv"`,
        });
      })
      .get("/kantor/:office/impor", async (c) => {
        const office = await findOffice(db, c.req.param("office"));
        return office ? c.redirect(`/impor?kantor=${office.slug}`) : notFound(c);
      })
  );
}
