import { IngestError } from "../errors.ts";
import { columnNames } from "./columns.ts";
import type { FieldValue, ReaderContext, SourceRow } from "./types.ts";
import { readDateStyles, readSharedStrings, readWorkbookInfo } from "./xlsx-parts.ts";
import { readSheetRows } from "./xlsx-sheet.ts";
import { openXlsxArchive } from "./zip-guard.ts";

// Rows of one sheet of an XLSX workbook. The archive is opened by its central directory
// (zip-guard.ts), so its parts are read in the order the reader needs, whatever their order in the
// file: the workbook and its relationships (which part is the sheet), the styles (which cells
// are dates) and the shared strings first, then the sheet itself, streamed through a SAX parser
// (xlsx-sheet.ts) and handed on in batches. Nothing is written to disk; memory holds the shared
// strings and one batch of rows, whatever the sheet's size.

function isEmpty(v: FieldValue): boolean {
  return v === null || (typeof v === "string" && v.trim() === "");
}

const BATCH = 1000;

/** Rows of one sheet (the first, or `ctx.sheet` by name, case-insensitively), in batches. */
export async function* readXlsx(ctx: ReaderContext & { sheet?: string }): AsyncGenerator<SourceRow[]> {
  const archive = await openXlsxArchive(ctx.path, ctx.name, ctx.limits);
  let header: string[] | null = null;
  let rows = 0;
  try {
    const workbook = await readWorkbookInfo(archive, ctx);
    const wanted = ctx.sheet?.toLowerCase();
    const sheet = wanted === undefined ? workbook.sheets[0] : workbook.sheets.find((s) => s.name.toLowerCase() === wanted);
    if (sheet === undefined) {
      const names = workbook.sheets.map((s) => s.name).join(", ");
      const message = ctx.sheet !== undefined ? `has no sheet named "${ctx.sheet}" (sheets: ${names || "none"})` : "has no worksheet";
      throw new IngestError({ code: "no_sheet", file: ctx.name, message });
    }
    const dateStyles = await readDateStyles(archive, workbook.styles, ctx);
    const sharedStrings = await readSharedStrings(archive, workbook.sharedStrings, ctx);
    if (sheet.part === null) {
      throw new IngestError({ code: "corrupt", file: ctx.name, message: `not a readable XLSX workbook: the workbook does not say which part holds sheet "${sheet.name}"` });
    }
    if (!archive.parts.has(sheet.part)) {
      throw new IngestError({ code: "corrupt", file: ctx.name, message: `not a readable XLSX workbook: sheet "${sheet.name}" (${sheet.part}) is missing from the archive` });
    }

    let batch: SourceRow[] = [];
    for await (const sheetRows of readSheetRows(archive, sheet.part, ctx, { sharedStrings, dateStyles, date1904: workbook.date1904 })) {
      for (const { number, cells } of sheetRows) {
        if (cells.every(isEmpty)) continue;
        if (header === null) {
          header = columnNames(cells);
          continue;
        }
        const fields: Record<string, FieldValue> = {};
        for (let i = 0; i < header.length; i++) fields[header[i]!] = cells[i] ?? null;
        rows++;
        const extra = cells.slice(header.length);
        batch.push(extra.every(isEmpty) ? { row: number, fields } : { row: number, fields, problem: `has values beyond the ${header.length} columns of the header` });
      }
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new IngestError({ code: "corrupt", file: ctx.name, message: `not a readable XLSX workbook (${err instanceof Error ? err.message : String(err)})` }, { cause: err });
  } finally {
    archive.close();
  }
  if (header === null) throw new IngestError({ code: "empty", file: ctx.name, message: "the sheet is empty" });
  if (rows === 0) throw new IngestError({ code: "no_rows", file: ctx.name, message: "the sheet has a header but no data rows" });
}
