import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { systemClock } from "../clock/index.ts";
import type { DB } from "../db/schema.ts";
import { ImportError, type ImportProgress, type ImportSummary, runImport } from "../imports/run-import.ts";

export const IMPORT_USAGE = "mutubaku import --office SLUG [--profile NAME] FILE... [--json]";

function progressLine(p: ImportProgress): string {
  if (p.phase === "evaluating") {
    return p.toEvaluate === undefined ? "menilai SLA…" : `menilai SLA: ${(p.evaluated ?? 0).toLocaleString("id-ID")} dari ${p.toEvaluate.toLocaleString("id-ID")} permohonan`;
  }
  return p.phase === "storing" ? "menyimpan…" : `${p.file} (${p.fileIndex + 1}/${p.files}): ${p.rows.toLocaleString("id-ID")} baris dibaca`;
}

function formatSummary(s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString("id-ID");
  const lines = [
    `Impor #${s.batchId} (${s.office}, profil ${s.profile}): ${s.files.join(", ")}`,
    `  baris dibaca   ${n(s.rowsRead)}`,
    `  ditambahkan    ${n(s.inserted)}`,
    `  diperbarui     ${n(s.updated)}`,
    `  tidak berubah  ${n(s.unchanged)}`,
    `  duplikat       ${n(s.duplicates)}`,
    `  digantikan     ${n(s.superseded)} (baris yang diganti baris lebih baru untuk langkah yang sama)`,
    `  lebih lama     ${n(s.older)} (langkah sudah lebih maju di data tersimpan; tidak diterapkan)`,
    `  ditolak        ${n(s.rejected)}`,
    `  permohonan     ${n(s.permits)}`,
    `  dinilai ulang  ${n(s.evaluated)} permohonan`,
  ];
  if (s.unmappedStepNames.length > 0) lines.push(`  langkah tanpa padanan SOP: ${s.unmappedStepNames.join("; ")}`);
  if (s.unknownPermitTypes.length > 0) lines.push(`  jenis izin tanpa SOP: ${s.unknownPermitTypes.join("; ")}`);
  return lines.join("\n");
}

/** Parsed arguments, or a usage error message. */
export function parseImportArgs(args: string[]): { office: string; profile: string | undefined; files: string[]; json: boolean } | string {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { office: { type: "string" }, profile: { type: "string" }, json: { type: "boolean", default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (!values.office) return "--office is required";
    if (positionals.length === 0) return "give at least one FILE";
    return { office: values.office, profile: values.profile, files: positionals, json: values.json };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export async function importCommand(db: Kysely<DB>, a: { office: string; profile: string | undefined; files: string[]; json: boolean }): Promise<number> {
  // On a terminal one line redrawn; in a log (cron, CI) a line every few seconds, so a long import
  // shows it is alive.
  const tty = process.stderr.isTTY === true;
  let last = 0;
  const onProgress = (p: ImportProgress) => {
    const now = Date.now();
    if (now - last < (tty ? 200 : 3000) && p.phase === "reading") return;
    last = now;
    process.stderr.write(tty ? `\r\x1b[2K${progressLine(p)}` : `${progressLine(p)}\n`);
  };
  try {
    const summary = await runImport(db, systemClock, { office: a.office, profile: a.profile, files: a.files.map((f) => ({ name: basename(f), path: resolve(f) })) }, onProgress);
    if (tty) process.stderr.write("\r\x1b[2K");
    console.log(a.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    return 0;
  } catch (err) {
    if (tty) process.stderr.write("\r\x1b[2K");
    if (!(err instanceof ImportError)) throw err;
    if (a.json) console.log(JSON.stringify({ error: err.message, ...err.details }, null, 2));
    console.error(`mutubaku import: ${err.message}${err.details.batchId ? ` (impor #${err.details.batchId} dicatat sebagai gagal; tidak ada data yang tersimpan)` : ""}`);
    return 1;
  }
}
