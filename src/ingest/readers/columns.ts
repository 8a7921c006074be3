// Column names as readers hand them on: trimmed, lower-cased, never empty, never repeated, so a
// profile can name them without caring how a spreadsheet capitalised its header.

export function columnNames(header: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return header.map((cell, i) => {
    const base = (cell === null || cell === undefined ? "" : String(cell)).replace(/^\uFEFF/, "").trim().toLowerCase() || `column_${i + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  });
}
