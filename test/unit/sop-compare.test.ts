import { describe, expect, it } from "vitest";
import { type ComparableStep, pairSteps } from "../../src/sop/compare.ts";
import { textSimilarity } from "../../src/sop/similarity.ts";

const step = (description: string, waktu: string | null = "10 Menit", actor = "Back Office"): ComparableStep => ({
  description,
  actor,
  owner: "office",
  waktu,
  standard: waktu ? { value: Number.parseInt(waktu, 10), unit: "minute" } : null,
  kelengkapan: null,
  output: null,
});

describe("text similarity", () => {
  it("sees the same name through case, punctuation and small typos", () => {
    expect(textSimilarity("Verifikasi_Berkas", "verifikasi berkas")).toBe(1);
    expect(textSimilarity("Back Office menuruskan permohonan", "Back Office meneruskan permohonan")).toBeGreaterThan(0.8);
    expect(textSimilarity("Penandatanganan TTE", "Cetak Izin")).toBeLessThan(0.3);
  });
});

describe("pairing the steps of two SOP versions", () => {
  const v1 = [step("Pemohon mengajukan permohonan"), step("Back Office memeriksa kelengkapan berkas"), step("Kepala Dinas menandatangani izin")];

  it("keeps later steps paired when a step is inserted, and names what changed", () => {
    const v2 = [
      step("Pemohon mengajukan permohonan"),
      step("Front Office menerima berkas di loket", "5 Menit", "Front Office"),
      step("Back Office memeriksa kelengkapan berkas", "20 Menit"),
      step("Kepala Dinas menandatangani izin"),
    ];
    const pairs = pairSteps(v1, v2);
    expect(pairs.map((p) => p.kind)).toEqual(["same", "added", "changed", "same"]);
    const changed = pairs[2];
    expect(changed?.kind === "changed" && changed.changed).toEqual(["waktu", "standard"]);
    expect(changed?.kind === "changed" && [changed.beforePosition, changed.afterPosition]).toEqual([2, 3]);
  });

  it("shows a dropped step as removed", () => {
    const pairs = pairSteps(v1, [v1[0]!, v1[2]!]);
    expect(pairs.map((p) => p.kind)).toEqual(["same", "removed", "same"]);
  });

  it("pairs nothing between unrelated versions", () => {
    const pairs = pairSteps([step("Cetak izin")], [step("Survei kepuasan masyarakat")]);
    expect(pairs.map((p) => p.kind).sort()).toEqual(["added", "removed"]);
  });
});
