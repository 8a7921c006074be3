import { describe, expect, it } from "vitest";
import { dueAt, parseCalendar, workingSecondsBetween } from "../../src/calendar/index.ts";
import { loadProfile } from "../../src/ingest/profile.ts";
import { generateSample, sampleRows, writeSampleExport } from "../../src/sample/generate.ts";
import { simulatePermits } from "../../src/sample/simulate.ts";
import { readSeeds } from "../../src/seed/read-seeds.ts";
import { ingest, scratch } from "./ingest-helpers.ts";

const file = scratch();
const NOW = new Date("2026-05-29T11:00:00+07:00");
const seeds = await readSeeds();
const calendar = parseCalendar(seeds.calendars.get("riau-wib"));
const office = (slug: string) => seeds.offices.find((o) => o.slug === slug)!;

async function options(slug: string, seed = 1, months = 2) {
  const o = office(slug);
  return { office: o, months, seed, now: NOW, sops: seeds.sops, calendar, profile: await loadProfile(o.sourceSystem) };
}

describe("sample exports", () => {
  it("are the same for the same seed, and differ for another", async () => {
    const first = sampleRows(await options("kampar", 7));
    const again = sampleRows(await options("kampar", 7));
    const other = sampleRows(await options("kampar", 8));
    const rows = [...first.rows];
    expect(rows.length).toBeGreaterThan(500);
    expect([...again.rows]).toEqual(rows);
    expect([...other.rows]).not.toEqual(rows);
    expect(first.columns).toEqual([
      "id", "permohonan_izin_id", "no_permohonan", "jenis_izin", "jenis_izin_id", "jenis_proses_id", "nama_proses", "status",
      "start_date", "end_date", "diproses_oleh", "tgl_signed_report", "tgl_pengajuan", "tgl_selesai",
    ]);
  });

  it.each([
    ["kampar", "sicantik", ".csv"],
    ["rokan-hilir", "silastri", ".csv"],
    ["pekanbaru", "simple", ".xlsx"],
  ])("of %s are read back through the %s profile without a reject", async (slug, profile, ext) => {
    const result = await generateSample({ ...(await options(slug)), outDir: await file(slug) });
    expect(result.files).toEqual([expect.stringMatching(new RegExp(`${slug}-${profile}\\${ext}$`))]);
    const { steps, rejects, summary } = await ingest(result.files[0]!, profile, { now: NOW });
    expect(rejects).toEqual([]);
    expect(summary).toMatchObject({ rows: result.rows, permits: result.permits, duplicates: 0 });
    const statuses = new Set(steps.map((s) => s.status));
    expect(statuses).toContain("finished");
    expect(statuses).toContain("in_progress");
    if (profile !== "simple") expect(steps.some((s) => s.occurrence === 2)).toBe(true);
  });

  it("writes an office's export from the seeds, as the CLI does", async () => {
    const result = await writeSampleExport({ officeSlug: "kampar", months: 1, seed: 3, outDir: await file("cli"), now: NOW });
    expect(result.permits).toBeGreaterThan(100);
    expect(result.rows).toBeGreaterThan(result.permits * 5);
    await expect(writeSampleExport({ officeSlug: "nowhere", months: 1, seed: 1, outDir: await file("x"), now: NOW })).rejects.toThrow(/unknown office "nowhere"/);
  });
});

describe("simulated permits", () => {
  const sops = seeds.sops.filter((s) => s.office === "rokan-hilir");
  const permits = [...simulatePermits({ sops, calendar, months: 6, seed: 11, now: NOW })];

  it("arrive in working hours, some still open at now", () => {
    for (const p of permits) expect(workingSecondsBetween(calendar, new Date(p.submittedAt), new Date(p.submittedAt + 60_000))).toBeGreaterThan(0);
    const open = permits.filter((p) => p.finishedAt === null).length;
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(permits.length / 5);
  });

  it("keep most steps within their standard, with a tail of late ones, the Tim Teknis steps late most often", () => {
    const late: Record<string, [number, number]> = { office: [0, 0], sector_agency: [0, 0] };
    for (const p of permits) {
      for (const s of p.steps) {
        const step = p.sop.steps[s.index]!;
        if (s.status !== "finished" || !step.standard || !(s.owner === "office" || s.owner === "sector_agency")) continue;
        const due = dueAt(calendar, new Date(s.start!), step.standard).getTime();
        late[s.owner]![0] += s.end! > due ? 1 : 0;
        late[s.owner]![1]++;
      }
    }
    const share = (k: string) => late[k]![0] / late[k]![1];
    expect(share("office")).toBeGreaterThan(0.03);
    expect(share("office")).toBeLessThan(0.15);
    expect(share("sector_agency")).toBeGreaterThan(2 * share("office"));
  });

  it("return some files to the applicant: the check is done a second time", () => {
    const returned = permits.filter((p) => p.steps.some((s) => s.occurrence === 2));
    expect(returned.length).toBeGreaterThan(permits.length * 0.03);
    const steps = returned[0]!.steps.map((s) => `${s.name}#${s.occurrence}`);
    expect(steps.slice(0, 4)).toEqual(["Pengajuan Permohonan#1", "Pemeriksaan Kelengkapan Berkas#1", "Pengajuan Permohonan#2", "Pemeriksaan Kelengkapan Berkas#2"]);
  });
});
