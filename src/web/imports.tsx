import { stringify } from "csv-stringify/sync";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { batchRejects, findBatch, listBatches } from "../db/repos/imports.ts";
import { findOffice, listOffices } from "../db/repos/offices.ts";
import { listProfiles } from "../ingest/profile.ts";
import { ImportJobs } from "../imports/jobs.ts";
import { ImportError, type ImportFile, runImport } from "../imports/run-import.ts";
import { neutralizeFormula } from "../text/formula.ts";
import { type Translate, translator } from "../../views/i18n.ts";
import { BatchPage, ImportsPage, RemoveSamplePage } from "../../views/pages/imports.tsx";
import { removeSampleData, sampleData } from "../db/repos/sample-data.ts";
import { type AppDeps, type AppEnv, pageContext } from "./context.tsx";
import { notFound } from "./errors.tsx";
import { MAX_UPLOAD_BYTES, readBounded, receiveMultipart, requestBody, saveJsonRows, tooLarge, UploadRefused } from "./uploads.ts";

const SHOWN_REJECTS = 200;

const jsonImport = z.object({
  office: z.string().min(1),
  profile: z.string().min(1).optional(),
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(200_000),
});

// A cell that a spreadsheet would run as a formula is written as text (OWASP CSV injection).
const safeCell = (v: unknown) => (typeof v === "string" ? neutralizeFormula(v) : v);

/** A refused post as JSON; past the limit the connection is closed, so the client stops sending. */
function refusal(c: Context<AppEnv>, got: { error: string; status: 400 | 413 }) {
  return c.json({ error: got.error }, got.status, got.status === 413 ? { connection: "close" } : {});
}

export function importRoutes(deps: AppDeps) {
  const { db, clock, logger } = deps;
  const jobs = new ImportJobs();

  /** A background import's failure as its job tells it: what was wrong with the import, or, for the server's own failure, only that (it is logged). */
  function describeError(err: unknown): { error: string; batchId: number | null; details?: ImportError["details"] } {
    if (err instanceof ImportError) return { error: err.message, batchId: err.details.batchId ?? null, details: err.details };
    logger.error({ err }, "background import failed");
    return { error: "the server ran into an error; it has been logged", batchId: null };
  }

  /**
   * The files and fields of a post, the files streamed to disk (uploads.ts); a refusal is worded
   * in the page's language (English for the API), with its status.
   */
  async function received(
    c: Context<AppEnv>,
    t: Translate,
  ): Promise<{ office: string; profile: string | undefined; files: ImportFile[]; cleanup: () => Promise<void> } | { error: string; status: 400 | 413 }> {
    const contentType = c.req.header("content-type") ?? "";
    // A declared length past the limit is refused before a byte is read.
    if (Number(c.req.header("content-length")) > MAX_UPLOAD_BYTES) return { error: tooLarge(MAX_UPLOAD_BYTES).message, status: 413 };
    const body = requestBody(c.env, c.req.raw);
    try {
      if (contentType.includes("application/json")) {
        const text = body ? (await readBounded(body, MAX_UPLOAD_BYTES)).toString("utf8") : "";
        let data: unknown = null;
        try {
          data = JSON.parse(text);
        } catch {
          // Answered by the schema below as a missing body.
        }
        const parsed = jsonImport.safeParse(data);
        if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "), status: 400 };
        return { office: parsed.data.office, profile: parsed.data.profile, ...(await saveJsonRows(parsed.data.rows)) };
      }
      if (!/^\s*(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(contentType)) {
        return { error: `expected a multipart/form-data body (office, profile, file) or application/json, not "${contentType || "no content type"}"`, status: 400 };
      }
      if (!body) return { error: "malformed multipart body: the body is empty", status: 400 };
      const upload = await receiveMultipart(contentType, body, MAX_UPLOAD_BYTES);
      const office = upload.fields.get("office") ?? "";
      const profileField = upload.fields.get("profile") ?? "";
      // A file input left empty sends a nameless, empty part: no file. A named empty file is an
      // import that fails (and is recorded) like any other file that cannot be read.
      const files = upload.files.filter((f) => (f.field === "file" || f.field === "files") && (f.chosen || f.bytes > 0));
      const refuse = async (error: string) => {
        await upload.cleanup();
        return { error, status: 400 as const };
      };
      if (!office) return refuse(`office: ${t("errOfficeRequired")}`);
      if (files.length === 0) return refuse(`file: ${t("errNoFileUploaded")}`);
      return { office, profile: profileField === "" ? undefined : profileField, files: files.map((f) => ({ name: f.name || "upload", path: f.path })), cleanup: upload.cleanup };
    } catch (err) {
      if (err instanceof UploadRefused) return { error: err.message, status: err.status };
      throw err;
    }
  }

  async function importsPage(c: Context<AppEnv>, error?: string) {
    const [offices, profiles, batches, samples] = await Promise.all([listOffices(db, c.get("access")), listProfiles(), listBatches(db, c.get("access")), sampleData(db)]);
    return c.render(
      <ImportsPage
        ctx={pageContext(c)}
        offices={offices}
        profiles={profiles.map((p) => ({ name: p.name, label: p.label }))}
        batches={batches}
        samples={samples}
        {...(c.req.query("contoh") === "dihapus" ? { notice: pageContext(c).t("sampleRemoved") } : {})}
        selectedOffice={c.req.query("kantor") ?? null}
        {...(error ? { error } : {})}
      />,
    );
  }

  return (
    new Hono<AppEnv>()
      .post("/api/v1/imports", async (c) => {
        const got = await received(c, translator("en"));
        if ("error" in got) return refusal(c, got);
        const run = (onProgress?: Parameters<typeof runImport>[3]) =>
          runImport(db, clock, { office: got.office, profile: got.profile, files: got.files, access: c.get("access") }, onProgress).finally(got.cleanup);
        if (c.req.query("async") === "1") {
          const id = jobs.start(run, describeError, c.get("user")?.id ?? null);
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
        const job = jobs.get(c.req.param("id"), c.get("user")?.id ?? null);
        return job ? c.json(job) : c.json({ error: "no such job" }, 404);
      })
      .get("/api/v1/imports", async (c) => c.json(await listBatches(db, c.get("access"))))
      .get("/api/v1/imports/:id", async (c) => {
        const id = z.coerce.number().int().positive().safeParse(c.req.param("id"));
        const batch = id.success ? await findBatch(db, id.data, c.get("access")) : undefined;
        return batch ? c.json(batch) : c.json({ error: "no such import" }, 404);
      })

      .get("/impor", (c) => importsPage(c))
      // Removing the sample data: a page that says what goes, then a confirmed post.
      .get("/impor/hapus-contoh", async (c) => c.render(<RemoveSamplePage ctx={pageContext(c)} samples={await sampleData(db)} />))
      .post("/impor/hapus-contoh", async (c) => {
        const form = await c.req.parseBody();
        if (form.confirm !== "ya") return c.redirect("/impor/hapus-contoh", 303);
        const removed = await removeSampleData(db);
        logger.info(removed, "sample data removed");
        return c.redirect("/impor?contoh=dihapus", 303);
      })
      // Without JavaScript the form posts here and waits for the import to end.
      .post("/impor", async (c) => {
        const got = await received(c, pageContext(c).t);
        if ("error" in got) {
          if (got.status === 413) return refusal(c, got);
          c.status(400);
          return importsPage(c, got.error);
        }
        try {
          const summary = await runImport(db, clock, { office: got.office, profile: got.profile, files: got.files, access: c.get("access") }).finally(got.cleanup);
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
        const batch = id.success ? await findBatch(db, id.data, c.get("access")) : undefined;
        if (!batch) return notFound(c);
        const rejects = await batchRejects(db, batch.id, SHOWN_REJECTS);
        return c.render(<BatchPage ctx={pageContext(c)} batch={batch} rejects={rejects} shownRejects={rejects.length} />);
      })
      .get("/impor/:id/ditolak.csv", async (c) => {
        const id = z.coerce.number().int().positive().safeParse(c.req.param("id"));
        const batch = id.success ? await findBatch(db, id.data, c.get("access")) : undefined;
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
        const office = await findOffice(db, c.req.param("office"), c.get("access"));
        return office ? c.redirect(`/impor?kantor=${office.slug}`) : notFound(c);
      })
  );
}
