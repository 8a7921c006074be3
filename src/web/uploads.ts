import { rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { ImportFile } from "../imports/run-import.ts";
import { processTempFolder } from "../temp/process-folder.ts";

/** Uploaded files saved to a directory of their own, as the readers read from disk. */
export async function saveUploads(files: readonly File[]): Promise<{ files: ImportFile[]; cleanup: () => Promise<void> }> {
  const dir = await processTempFolder("upload");
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const saved: ImportFile[] = [];
  try {
    for (const [i, f] of files.entries()) {
      // The index keeps two uploads of one name apart; the name keeps its extension for the readers.
      const path = join(dir, `${i}-${basename(f.name).replace(/[^\w.-]+/g, "_")}`);
      await writeFile(path, f.stream());
      saved.push({ name: basename(f.name), path });
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { files: saved, cleanup };
}

/** JSON rows posted to the API, saved as a JSON export file. */
export async function saveJsonRows(rows: unknown[]): Promise<{ files: ImportFile[]; cleanup: () => Promise<void> }> {
  const dir = await processTempFolder("upload");
  const path = join(dir, "rows.json");
  await writeFile(path, JSON.stringify(rows));
  return { files: [{ name: "api-rows.json", path }], cleanup: () => rm(dir, { recursive: true, force: true }) };
}
