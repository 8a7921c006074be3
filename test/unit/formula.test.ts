import { describe, expect, it } from "vitest";
import { looksLikeFormula, neutralizeFormula } from "../../src/text/formula.ts";

describe("looksLikeFormula", () => {
  it.each([
    "+cmd|' /C calc'!A0",
    "=cmd|' /C calc'!A0",
    "-cmd|' /C calc'!A0",
    "@cmd|' /C calc'!A0",
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "@SUM(A1:A2)",
    "+SUM(A1)",
    "+A1",
    "-2+3",
    "+62-812",
    "\tBudi",
    "\rBudi",
    "\t-12",
    " =1+1",
    "\n=1+1",
    "- Rina",
    "-Budi Santoso",
    "@budi",
    "=",
    "+",
    "+62 812-3456-7890=A1",
  ])("%j is formula-like", (s) => {
    expect(looksLikeFormula(s)).toBe(true);
    expect(neutralizeFormula(s)).toBe(`'${s}`);
  });

  it.each([
    "-12",
    "+3.5",
    "-1.234,56",
    "-1,234.56",
    "+62 812-3456-7890",
    "+6281234567890",
    "+62 (761) 123456",
    "+62.812.3456.7890",
    "-",
    "--",
    "Budi",
    "Rina -",
    "Verifikasi (ulang)",
    "503/KMP/2026/0001",
    "",
  ])("%j is not", (s) => {
    expect(looksLikeFormula(s)).toBe(false);
    expect(neutralizeFormula(s)).toBe(s);
  });

  it("answers at once on long digit runs that only look like a phone", () => {
    const started = performance.now();
    expect(looksLikeFormula(`+${"1".repeat(50_000)}x`)).toBe(true);
    expect(looksLikeFormula(`+${"1 ".repeat(20_000)}x`)).toBe(true);
    // Backtracking over 50,000 digits would take minutes; a loaded machine answers in milliseconds.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
