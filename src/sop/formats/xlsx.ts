import { SopDocumentError } from "./errors.ts";

// The first worksheet of an .xlsx file as tab-separated lines. A merged cell's text stays in its
// first column and the columns it spans are empty, as in the extracted documents.

type Cell = import("exceljs").Cell;

function cellText(cell: Cell): string {
  if (cell.isMerged && cell.master.address !== cell.address) return "";
  const value = cell.value;
  // Dates come back as Date (exceljs keeps them in UTC); the SOP parser reads ISO dates.
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : cell.text;
  return text.replace(/[\t\r\n]+/g, " ");
}

export async function xlsxToText(bytes: Uint8Array, fileName: string): Promise<string> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (err) {
    throw new SopDocumentError(`${fileName} is not a readable .xlsx file (${err instanceof Error ? err.message : String(err)})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SopDocumentError(`${fileName} has no worksheet`);
  const lines: string[] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
    lines.push(cells.join("\t"));
  }
  return lines.join("\n");
}
