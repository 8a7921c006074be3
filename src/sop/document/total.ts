import { parseWaktu, type WaktuResult } from "../waktu.ts";
import type { DocLine } from "./cells.ts";

// The total completion time stated by the document: a line starting "TOTAL HARI", "Jumlah Waktu",
// "JANGKA WAKTU: 12 Hari", "Waktu Penyelesaian ...", with the time after a colon in the same cell or
// in a later cell of the line.

const TOTAL_LABEL =
  /^(?:total(?:\s+(?:hari|waktu|jam))?|jumlah(?:\s+waktu)?|jangka\s+waktu(?:\s+penyelesaian)?(?:\s+layanan)?|waktu\s+penyelesaian(?:\s+layanan)?)\s*(?::\s*(.*))?$/i;

export interface StatedTotalCell {
  lineNumber: number;
  waktu: WaktuResult;
}

function firstCell(line: DocLine): string {
  return line.cells.find((c) => c !== "") ?? "";
}

/** The first stated total of the document, read with parseWaktu; null when there is none. */
export function readStatedTotal(lines: DocLine[]): StatedTotalCell | null {
  for (const line of lines) {
    const label = firstCell(line);
    const m = TOTAL_LABEL.exec(label);
    if (!m) continue;
    const afterColon = m[1]?.trim() ?? "";
    const rest = line.cells.slice(line.cells.indexOf(label) + 1).find((c) => c !== "") ?? "";
    return { lineNumber: line.lineNumber, waktu: parseWaktu(afterColon !== "" ? afterColon : rest) };
  }
  return null;
}
