import { type DocLine, filledCells, stepNumber } from "./cells.ts";
import { parseDocumentDate } from "./dates.ts";
import { cellSegments, cleanCell, listItems, titleCase } from "./text.ts";
import { type SopWarning, sopWarning } from "./warnings.ts";

// The identity block above the step table. Two layouts occur: label/value cells ("Nomor SOP",
// "Tanggal Efektif", "Disahkan oleh", "Nama SOP", "DASAR HUKUM" with numbered items below), and a
// cover of single lines ("URUSAN KESEHATAN", "IZIN TUKANG GIGI", "Prosedur Izin Praktik Tukang Gigi").

export interface Identity {
  name: string | null;
  permitType: string | null;
  affairs: string | null;
  number: string | null;
  madeOn: string | null;
  revisedOn: string | null;
  effectiveFrom: string | null;
  approvedBy: string | null;
  legalBasis: string[];
}

const LABELS = {
  number: /^(?:nomor|no\.?)\s*sop$/i,
  madeOn: /^(?:tanggal|tgl\.?)\s+pembuatan$/i,
  revisedOn: /^(?:tanggal|tgl\.?)\s+revisi$/i,
  effectiveFrom: /^(?:tanggal|tgl\.?)\s+(?:efektif|berlaku)$/i,
  approvedBy: /^disahkan\s+oleh$/i,
  name: /^nama\s+sop$/i,
} as const;

const DATE_LABELS = { madeOn: "Tanggal Pembuatan", revisedOn: "Tanggal Revisi", effectiveFrom: "Tanggal Efektif" } as const;

const LEGAL_BASIS = /^dasar\s+hukum\s*:?$/i;
// A section heading of the identity block ("KETERKAITAN :", "PERINGATAN !!!"): capitals, no digits.
const SECTION = /^[A-Z][A-Z\s/&!:.,-]{3,}$/;
const AFFAIRS = /^urusan\s+\S/i;
const PROCEDURE = /^prosedur\s+\S/i;
const PERMIT = /^(?:surat\s+)?(?:izin|ijin|perizinan|rekomendasi|sertifikat|persetujuan|tanda\s+daftar|pendaftaran|surat\s+keterangan)(?!\p{L})/iu;

interface Labelled {
  text: string;
  raw: string;
}

// The value of a label: after a colon in the label's cell, or the next non-empty cell of its line.
function labelled(lines: DocLine[], label: RegExp): Labelled | null {
  for (const line of lines) {
    for (const [i, cell] of line.cells.entries()) {
      const colon = /^([^:]+?)\s*:\s*(.+)$/.exec(cell);
      if (colon && label.test(colon[1] ?? "")) return { text: colon[2] ?? "", raw: colon[2] ?? "" };
      if (!label.test(cell.replace(/\s*:$/, ""))) continue;
      const next = line.cells.findIndex((c, j) => j > i && c !== "");
      return next < 0 ? null : { text: line.cells[next]!, raw: line.raw[next] ?? "" };
    }
  }
  return null;
}

// "KEPALA DINAS ... KABUPATEN KAMPAR  HAMBALI, SE, MBA, MH Pembina Utama Muda NIP.1968..." ->
// "Kepala Dinas ... Kabupaten Kampar — HAMBALI, SE, MBA, MH, Pembina Utama Muda, NIP 1968...".
const POSITION = /^(?:plt\.?\s+|plh\.?\s+)?(?:kepala|sekretaris|bupati|wali\s*kota|gubernur)\b/i;
const NIP = /\bNIP\.?\s*:?\s*(\d[\d\s]{16,}\d)/i;
const RANK = /[\s,]*((?:Pembina|Penata|Pengatur|Juru)(?:\s+(?:Utama|Muda|Madya|Tingkat\s+I+|Tk\.?\s*I+))*)\s*$/;

function signatory(raw: string): string {
  const segments = cellSegments(raw, { wideSpaces: true });
  const position = segments[0] !== undefined && POSITION.test(segments[0]) && segments.length > 1 ? titleCase(segments.shift()!) : null;
  let person = segments.join(" ");
  const nip = NIP.exec(person);
  person = person.replace(NIP, "").trim();
  const rank = RANK.exec(person);
  if (rank) person = person.slice(0, rank.index);
  const parts = [person.replace(/[\s,]+$/, ""), rank?.[1], nip ? `NIP ${nip[1]!.replace(/\s+/g, "")}` : undefined].filter(
    (p): p is string => p !== undefined && p !== "",
  );
  return position ? `${position} — ${parts.join(", ")}` : parts.join(", ");
}

// The numbered items under "DASAR HUKUM", in its column, down to the next section heading.
function legalBasis(lines: DocLine[]): string[] {
  const start = lines.findIndex((l) => l.cells.some((c) => LEGAL_BASIS.test(c)));
  if (start < 0) return [];
  const column = lines[start]!.cells.findIndex((c) => LEGAL_BASIS.test(c));
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const cell = line.cells[column] ?? "";
    if (SECTION.test(cell)) break;
    if (stepNumber(cell) !== null) {
      const item = cleanCell(line.raw[column + 1] ?? "").replace(/[\s;,]+$/, "");
      if (item !== "") items.push(item);
    } else if (cell !== "") {
      items.push(...listItems(line.raw[column] ?? ""));
    }
  }
  return items;
}

function date(lines: DocLine[], field: keyof typeof DATE_LABELS, warnings: SopWarning[]): string | null {
  const value = labelled(lines, LABELS[field]);
  if (!value) return null;
  const iso = parseDocumentDate(value.text);
  if (iso === null) {
    const label = DATE_LABELS[field];
    warnings.push(sopWarning(field, { code: "dateInvalid", params: { label, text: value.text } }, `${label} "${value.text}" is not a date`));
  }
  return iso;
}

// The most complete permit name among the SOP name and the cover's title lines (written in
// capitals): "Prosedur Organisasi Sosial" names no permit, "IZIN OPERASIONAL ORGANISASI SOSIAL" does.
function permitTypeOf(name: string | null, coverLines: string[]): string | null {
  const fromName = name?.replace(/^prosedur\s+/i, "") ?? null;
  const candidates = [fromName, ...coverLines.filter((c) => c === c.toUpperCase())].filter(
    (c): c is string => c !== null && PERMIT.test(c),
  );
  const words = (s: string): number => s.split(" ").length;
  const best = candidates.reduce<string | null>((a, b) => (a === null || words(b) > words(a) ? b : a), null);
  const chosen = best ?? fromName;
  return chosen === null ? null : titleCase(chosen);
}

export function readIdentity(lines: DocLine[], warnings: SopWarning[]): Identity {
  const coverLines = lines.flatMap((l) => {
    const filled = filledCells(l);
    return filled.length === 1 ? [filled[0]!.text] : [];
  });
  const affairsLine = coverLines.find((c) => AFFAIRS.test(c));
  const name = labelled(lines, LABELS.name)?.text ?? coverLines.find((c) => PROCEDURE.test(c)) ?? null;
  const permitType = permitTypeOf(name, coverLines);
  const approvedBy = labelled(lines, LABELS.approvedBy);

  const identity: Identity = {
    name: name ?? permitType,
    permitType,
    affairs: affairsLine === undefined ? null : titleCase(affairsLine),
    number: labelled(lines, LABELS.number)?.text ?? null,
    madeOn: date(lines, "madeOn", warnings),
    revisedOn: date(lines, "revisedOn", warnings),
    effectiveFrom: date(lines, "effectiveFrom", warnings),
    approvedBy: approvedBy ? signatory(approvedBy.raw) || null : null,
    legalBasis: legalBasis(lines),
  };
  if (identity.name === null) {
    warnings.push(sopWarning("name", { code: "noName", params: {} }, 'no SOP name found ("Nama SOP", or a "Prosedur ..." line)'));
  }
  if (identity.permitType === null) {
    warnings.push(sopWarning("permitType", { code: "noPermitType", params: {} }, "no permit type found: set it by hand"));
  }
  if (labelled(lines, LABELS.effectiveFrom) === null) {
    warnings.push(
      sopWarning("effectiveFrom", { code: "noEffectiveFrom", params: {} }, "no Tanggal Efektif: this version will count as in force from the beginning"),
    );
  }
  return identity;
}
