import { type DocLine, isBlank, stepNumber } from "./cells.ts";

// Finds the step table and what each of its columns holds. The header starts with a "No" cell and
// may take several lines: group labels ("Pelaksana", "Mutu Baku") above the actor names and the
// Kelengkapan / Waktu / Output labels, or words split across lines ("Uraian" / "Kegiatan",
// "Wak" / "tu"). Each column's label is its cells on all header lines joined.

export type ColumnRole = "number" | "description" | "actor" | "kelengkapan" | "waktu" | "output" | "other";

export interface StepTable {
  /** Index (into the lines) of the header's first line and of the line after the header. */
  headerStart: number;
  bodyStart: number;
  descriptionColumn: number;
  kelengkapanColumn: number | null;
  waktuColumn: number | null;
  outputColumn: number | null;
  /** Actor columns by index, named as in the header. */
  actors: Map<number, string>;
}

const MAX_HEADER_LINES = 4;
const NUMBER_LABEL = /^(?:no\.?|nomor)(?:\s*urut)?$/i;
const GROUP_LABEL = /\b(?:pelaksana|mutu\s*baku)\b/gi;

// Tried in order on the label as written and with the spaces removed ("Wak tu" -> "waktu").
const ROLE_PATTERNS: Array<[Exclude<ColumnRole, "actor">, RegExp]> = [
  ["number", NUMBER_LABEL],
  ["waktu", /waktu|durasi|\blama\b/i],
  ["description", /uraian|kegiatan|aktivitas|prosedur|tahapan|langkah|proses/i],
  ["kelengkapan", /kelengkapan|persyaratan|syarat/i],
  ["output", /output|keluaran|hasil/i],
  ["other", /keterangan|^ket\.?$|catatan/i],
];

function roleOf(label: string): ColumnRole {
  if (label === "") return "other";
  const compact = label.replace(/\s+/g, "");
  for (const [role, re] of ROLE_PATTERNS) if (re.test(label) || re.test(compact)) return role;
  return "actor";
}

function columnLabels(header: DocLine[]): string[] {
  const width = Math.max(...header.map((l) => l.cells.length));
  return Array.from({ length: width }, (_, col) =>
    header
      .map((l) => l.cells[col] ?? "")
      .filter((c) => c !== "")
      .join(" ")
      .replace(GROUP_LABEL, "")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

// The header lines from `start` up to the first step row, or null when this is no step table.
function headerAt(lines: DocLine[], start: number): { header: DocLine[]; bodyStart: number } | null {
  const header: DocLine[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    if (header.length > 0 && stepNumber(line.cells[0] ?? "") !== null) return { header, bodyStart: i };
    if (header.length === MAX_HEADER_LINES) return null;
    header.push(line);
  }
  return null;
}

export function findStepTable(lines: DocLine[]): StepTable | null {
  for (let start = 0; start < lines.length; start++) {
    if (!NUMBER_LABEL.test(lines[start]!.cells[0] ?? "")) continue;
    const found = headerAt(lines, start);
    if (!found) continue;
    const labels = columnLabels(found.header);
    const roles = labels.map(roleOf);
    const descriptionColumn = roles.indexOf("description");
    if (descriptionColumn < 0) continue;
    const column = (role: ColumnRole): number | null => {
      const i = roles.indexOf(role);
      return i < 0 ? null : i;
    };
    const actors = new Map<number, string>();
    roles.forEach((role, i) => {
      if (role === "actor") actors.set(i, labels[i]!);
    });
    return {
      headerStart: start,
      bodyStart: found.bodyStart,
      descriptionColumn,
      kelengkapanColumn: column("kelengkapan"),
      waktuColumn: column("waktu"),
      outputColumn: column("output"),
      actors,
    };
  }
  return null;
}
