// How alike two short texts are (step names, step descriptions), 0..1: the Dice coefficient of
// their character bigrams after folding case, punctuation and spacing. It is robust to word order
// and small typos ("Verifikasi_Berkas" ~ "verifikasi berkas", "menuruskan" ~ "meneruskan"); a
// dozen lines, so no library for it.

function normalize(s: string): string {
  return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, " ").trim();
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const word of normalize(s).split(" ")) {
    const w = ` ${word} `;
    for (let i = 0; i < w.length - 1; i++) {
      const g = w.slice(i, i + 2);
      out.set(g, (out.get(g) ?? 0) + 1);
    }
  }
  return out;
}

export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of x.values()) total += n;
  for (const [g, n] of y) {
    total += n;
    shared += Math.min(n, x.get(g) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}

/**
 * The key two step names are matched by: case, punctuation and spacing folded. The database
 * computes the same key in SQL (NAME_KEY_SQL), so keep the two in step.
 */
export function nameKey(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}
