import { EVERY_OFFICE } from "../db/repos/access.ts";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { listOffices } from "../db/repos/offices.ts";
import { ImportError, runImport } from "../imports/run-import.ts";
import { writeSampleExport } from "../sample/generate.ts";
import { processTempFolder } from "../temp/process-folder.ts";
import type { AppDeps } from "./context.tsx";

// A newcomer's first start: an empty database is offered sample data, written by the sample
// generator in each office's own profile and stored through the real import path.

export type SampleState =
  | { state: "idle" }
  | { state: "running"; office: string; officeIndex: number; offices: number; rows: number }
  | { state: "done"; permits: number }
  /** The import's own refusal; null when the server failed (logged). */
  | { state: "failed"; error: string | null };

export const SAMPLE_MONTHS = 12;

export class SampleLoader {
  private current: SampleState = { state: "idle" };

  get status(): SampleState {
    return this.current;
  }

  /** Starts loading unless it already runs; the page shows the progress. */
  start(deps: AppDeps): void {
    if (this.current.state === "running") return;
    // Running from this moment, so the page the post redirects to shows the progress.
    this.current = { state: "running", office: "", officeIndex: 1, offices: 1, rows: 0 };
    const work = this.load(deps).then(
      (permits) => {
        this.current = { state: "done", permits };
        deps.logger.info({ permits }, "sample data loaded");
      },
      (err: unknown) => {
        // Said on Beranda: what failed, not the server's own message (it may name paths or SQL); the log has it.
        this.current = { state: "failed", error: err instanceof ImportError ? err.message : null };
        deps.logger.error({ err }, "loading sample data failed");
      },
    );
    deps.background?.(work);
  }

  private async load(deps: AppDeps): Promise<number> {
    const offices = await listOffices(deps.db, EVERY_OFFICE);
    const dir = await processTempFolder("sample");
    let permits = 0;
    try {
      for (const [i, office] of offices.entries()) {
        this.current = { state: "running", office: office.name, officeIndex: i + 1, offices: offices.length, rows: 0 };
        const sample = await writeSampleExport({ officeSlug: office.slug, months: SAMPLE_MONTHS, seed: i + 1, outDir: join(dir, office.slug), now: deps.clock.now() });
        const summary = await runImport(deps.db, deps.clock, { office: office.slug, sample: true, files: sample.files.map((f) => ({ name: f.slice(f.lastIndexOf("/") + 1), path: f })) }, (p) => {
          this.current = { state: "running", office: office.name, officeIndex: i + 1, offices: offices.length, rows: p.rows };
        });
        permits += summary.permits;
      }
      return permits;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
