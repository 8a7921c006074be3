import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { officeSchema } from "../../src/offices/schema.ts";
import { sopSchema, type Sop } from "../../src/sop/schema.ts";
import { parseWaktu } from "../../src/sop/waktu.ts";
import { SOP_DOCUMENTS } from "../support/sop-documents.ts";

// Checks the hand-transcribed SOP seeds against their source documents. The extraction below is
// deliberately small and independent of the seeds (a later issue brings the real document parser).

const SEEDS = new URL("../../seeds/", import.meta.url);
const SOP_SEEDS = new URL("sop/", SEEDS);
const DOCUMENTS = SOP_DOCUMENTS;

const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, "utf8"));

const seedFiles = readdirSync(SOP_SEEDS).filter((f) => f.endsWith(".json")).sort();
const sops: Array<[string, Sop]> = seedFiles.map((f) => [f, sopSchema.parse(readJson(new URL(f, SOP_SEEDS)))]);
const documentFiles = readdirSync(DOCUMENTS).filter((f) => f.endsWith(".txt")).sort();

// A number and a unit word, the whole cell: "30 Menit", "1 Jam", "4 Hari", "2 hari kerja".
const WAKTU_CELL = /^\d+\s*(?:menit|jam|hari kerja|hari|hk)$/i;
// A flowchart symbol left in an actor column: "[]" (process) or "{ } (Decision)".
const MARK_CELL = /^(?:\[\]|\{ *\}.*)$/;

interface DocRow {
  no: number;
  cells: string[];
}

// The step table starts at the header line "No<TAB>..." (or "No.<TAB>"); its second header line
// names the actor columns. Step rows start with the step number and a tab; "TOTAL HARI" is the total.
function readStepTable(doc: string): { actorColumns: string[]; rows: DocRow[]; total: string | null } {
  const lines = doc.split(/\r?\n/);
  const header = lines.findIndex((l) => /^No\.?\t/.test(l));
  if (header < 0) throw new Error("no step table header");
  const actorColumns = (lines[header + 1] ?? "").split("\t").map((c) => c.trim());
  const rows: DocRow[] = [];
  let total: string | null = null;
  for (const line of lines.slice(header + 2)) {
    const cells = line.split("\t").map((c) => c.trim());
    const first = cells[0] ?? "";
    if (/^\d+$/.test(first)) rows.push({ no: Number(first), cells });
    else if (/^TOTAL/i.test(first)) total = cells.find((c) => WAKTU_CELL.test(c)) ?? null;
  }
  return { actorColumns, rows, total };
}

function waktuCell(row: DocRow): string | null {
  const found = row.cells.slice(2).filter((c) => WAKTU_CELL.test(c));
  expect(found.length, `row ${row.no}: Waktu cells ${JSON.stringify(found)}`).toBeLessThanOrEqual(1);
  return found[0] ?? null;
}

// Words only: drops HTML tags, list dashes and punctuation, so the seed's cleaned text can be
// compared with the raw cell.
const words = (s: string): string =>
  s
    .replace(/<[^>]*>/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

const MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];
const indonesianDate = (iso: string): string => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[(m ?? 0) - 1]} ${y}`;
};

describe("SOP seeds", () => {
  it("has one seed per source document", () => {
    expect(sops.map(([, sop]) => sop.sourceDocument).sort()).toEqual(documentFiles);
  });

  it("names each file by its slug, and slugs are unique", () => {
    for (const [file, sop] of sops) expect(file).toBe(`${sop.slug}.json`);
    const slugs = sops.map(([, sop]) => sop.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it("places every SOP in an office of seeds/offices.json", () => {
    const offices = officeSchema.array().parse(readJson(new URL("offices.json", SEEDS)));
    const officeSlugs = offices.map((o) => o.slug);
    expect(new Set(officeSlugs).size).toBe(officeSlugs.length);
    for (const [, sop] of sops) expect(officeSlugs).toContain(sop.office);
  });

  describe.each(sops)("%s", (_file, sop) => {
    const doc = readFileSync(new URL(sop.sourceDocument ?? "", DOCUMENTS), "utf8");
    const table = readStepTable(doc);

    it("has the document's steps, in order", () => {
      expect(table.rows.map((r) => r.no)).toEqual(table.rows.map((_, i) => i + 1));
      expect(sop.steps).toHaveLength(table.rows.length);
    });

    it("keeps each step's text, Kelengkapan and Output as written", () => {
      sop.steps.forEach((step, i) => {
        const row = table.rows[i]!;
        expect(words(step.description), `step ${i + 1}`).toBe(words(row.cells[1] ?? ""));
        for (const cell of [step.kelengkapan, step.output]) {
          if (cell !== null) expect(row.cells.slice(2), `step ${i + 1}`).toContain(cell);
        }
      });
    });

    it("keeps each step's Waktu as written, and reads it with parseWaktu", () => {
      sop.steps.forEach((step, i) => {
        const cell = waktuCell(table.rows[i]!);
        expect(step.waktu, `step ${i + 1}`).toBe(cell);
        const parsed = parseWaktu(cell);
        expect(parsed.warning, `step ${i + 1}`).toBeNull();
        expect(step.standard, `step ${i + 1}`).toEqual(parsed.standard);
      });
    });

    it("takes the actor from the flowchart mark where the document still has one", () => {
      sop.steps.forEach((step, i) => {
        const mark = table.rows[i]!.cells.findIndex((c, j) => j >= 2 && MARK_CELL.test(c));
        if (mark >= 0) expect(step.actor, `step ${i + 1}`).toBe(table.actorColumns[mark]);
      });
    });

    it("has the document's stated total", () => {
      expect(sop.statedTotal?.waktu ?? null).toBe(table.total);
      if (sop.statedTotal) expect(sop.statedTotal.standard).toEqual(parseWaktu(table.total).standard);
    });

    it("has the document's number, dates and signatory", () => {
      if (sop.number !== null) expect(doc).toContain(sop.number);
      for (const date of [sop.madeOn, sop.revisedOn, sop.effectiveFrom]) {
        if (date !== null) expect(doc).toContain(indonesianDate(date));
      }
      const nip = sop.approvedBy?.match(/NIP (\d+)/)?.[1];
      if (sop.approvedBy !== null) expect(doc).toContain(nip);
      for (const law of sop.legalBasis) expect(words(doc)).toContain(words(law));
    });
  });
});
