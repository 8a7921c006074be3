import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { TEST_NOW } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

const fixture = (name: string) => ({ name, path: fileURLToPath(new URL(`../fixtures/imports/${name}`, import.meta.url)) });

interface Listed {
  total: number;
  permits: { id: number; permitNumber: string; status: string; submittedAt: string; shareUsed: number }[];
}

describe.each(BACKENDS)("the permits API on %s", (kind) => {
  const t = useTestDatabase(kind);
  beforeAll(async () => {
    await runImport(t.database.db, fixedClock(TEST_NOW), { office: "kampar", files: [fixture("kampar-2026-03a.csv"), fixture("kampar-2026-03b.csv"), fixture("kampar-2026-03c.csv")] });
  });
  const get = async (path: string) => {
    const res = await t.app.request(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("lists permits with their SLA status, open ones first, instants in the office's offset", async () => {
    const { status, body } = await get("/api/v1/permits?office=kampar");
    expect(status).toBe(200);
    const list = body as unknown as Listed;
    expect(list.total).toBe(3);
    expect(list.permits.map((p) => [p.permitNumber, p.status])).toEqual([
      ["503/KMP/2026/0001", "open_late"],
      ["503/KMP/2026/0004", "open_late"],
      ["503/KMP/2026/0009", "on_time"],
    ]);
    expect(list.permits[0]?.submittedAt).toBe("2026-03-02T08:00:00+07:00");
    expect(list.permits[0]!.shareUsed).toBeGreaterThanOrEqual(list.permits[1]!.shareUsed);
    const filtered = (await get("/api/v1/permits?office=kampar&q=0004")).body as unknown as Listed;
    expect(filtered.permits.map((p) => p.permitNumber)).toEqual(["503/KMP/2026/0004"]);
    expect(((await get("/api/v1/permits?status=on_time")).body as unknown as Listed).total).toBe(1);
  });

  it("gives one permit with every step occurrence, its verdict and the row it came from", async () => {
    const list = (await get("/api/v1/permits?q=0001")).body as unknown as Listed;
    const { status, body } = await get(`/api/v1/permits/${list.permits[0]!.id}`);
    expect(status).toBe(200);
    const steps = body.steps as { stepName: string; status: string; startedAt: string; endedAt: string | null; source: { file: string; row: number } }[];
    expect(steps.map((s) => [s.stepName, s.status])).toEqual([
      ["Pendaftaran", "on_time"],
      ["Verifikasi Berkas", "late"],
      ["Verifikasi Kasi", "late"],
      ["Penandatanganan Izin", "open_late"],
    ]);
    expect(steps[2]).toMatchObject({ startedAt: "2026-03-02T08:30:00+07:00", endedAt: "2026-03-02T10:00:00+07:00", source: { file: "kampar-2026-03b.csv", row: 2 } });
    expect(body).toMatchObject({ sop: { slug: "kampar-izin-kerja-teknisi-gigi", version: 1 }, calendarVersion: 1, status: "open_late" });
  });

  it("gives compliance with the counts behind it, by month, step, owner and officer", async () => {
    type Row = { key: string; finished: number; onTime: number; openLate: number; onTimeShare: number | null; medianWorkingSeconds: number | null };
    const byMonth = (await get("/api/v1/compliance?office=kampar&by=month")).body.rows as Row[];
    expect(byMonth).toEqual([expect.objectContaining({ key: "2026-03", finished: 1, onTime: 1, openLate: 2, onTimeShare: 1, medianWorkingSeconds: 600 })]);
    const bySteps = (await get("/api/v1/compliance?by=step")).body.rows as (Row & { label: string; standardSeconds: number })[];
    const registration = bySteps.find((r) => r.key === "kampar-izin-kerja-teknisi-gigi#2");
    // Against 15 Menit: Pendaftaran of 0001 and 0009 (10 min) and of 0004 (exactly 15 min) on time,
    // Verifikasi Berkas of 0001 (20 min) late.
    expect(registration).toMatchObject({ finished: 4, onTime: 3, standardSeconds: 900 });
    const byOwner = (await get("/api/v1/compliance?by=owner")).body.rows as Row[];
    expect(byOwner.map((r) => r.key)).toEqual(["office"]);
    const byOfficer = (await get("/api/v1/compliance?by=officer")).body.rows as Row[];
    expect(byOfficer.map((r) => r.key)).toContain("Siti");
    expect(((await get("/api/v1/compliance?from=2026-04-01")).body.rows as Row[]).length).toBe(0);
  });

  it("places permits in a period by submission or by finishing, and sorts the list as asked", async () => {
    type Row = { key: string; finished: number; openLate: number };
    // 0009 finished in March: by finishing, only it counts; the two open ones belong to no month.
    const byFinish = (await get("/api/v1/compliance?office=kampar&by=month&basis=finished")).body.rows as Row[];
    expect(byFinish).toEqual([expect.objectContaining({ key: "2026-03", finished: 1, openLate: 0 })]);
    const finishedInMarch = (await get("/api/v1/permits?basis=finished&from=2026-03-01&to=2026-03-31")).body as unknown as Listed;
    expect(finishedInMarch.permits.map((p) => p.permitNumber)).toEqual(["503/KMP/2026/0009"]);
    // By finishing and without dates: every finished permit, and only those, counted and listed.
    const finished = (await get("/api/v1/permits?basis=finished&page_size=500")).body as unknown as Listed;
    expect(finished.total).toBe(finished.permits.length);
    expect(finished.permits.map((p) => p.status)).toEqual(["on_time"]);
    const submittedInMarch = (await get("/api/v1/permits?from=2026-03-01&to=2026-03-31")).body as unknown as Listed;
    expect(submittedInMarch.total).toBe(3);
    expect(((await get("/api/v1/permits?from=2026-04-01")).body as unknown as Listed).total).toBe(0);
    const byNumber = (await get("/api/v1/permits?sort=number")).body as unknown as Listed;
    expect(byNumber.permits.map((p) => p.permitNumber)).toEqual(["503/KMP/2026/0001", "503/KMP/2026/0004", "503/KMP/2026/0009"]);
    const oldest = (await get("/api/v1/permits?sort=oldest&page_size=1&page=2")).body as unknown as Listed;
    expect(oldest).toMatchObject({ total: 3, permits: [expect.objectContaining({ permitNumber: expect.any(String) })] });
    const newest = (await get("/api/v1/permits?sort=newest")).body as unknown as Listed;
    expect(newest.permits.map((p) => p.submittedAt)).toEqual([...newest.permits.map((p) => p.submittedAt)].sort().reverse());
  });

  it.each([
    ["/api/v1/compliance?basis=closed", "basis"],
    ["/api/v1/permits?sort=random", "sort"],
    ["/api/v1/permits?to=yesterday", "to"],
    ["/api/v1/compliance?by=week", "by"],
    ["/api/v1/compliance?from=2026-02-30", "from"],
    ["/api/v1/compliance?from=2026-03-10&to=2026-03-01", "from"],
    ["/api/v1/permits?status=bogus", "status"],
    ["/api/v1/permits?page=0", "page"],
    ["/api/v1/permits?page_size=5000", "page_size"],
    ["/api/v1/permits?office=dumai", "office"],
    ["/api/v1/permits?colour=red", "colour"],
  ])("answers %s with a 400 naming the parameter", async (path, parameter) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(JSON.stringify(body.issues)).toContain(parameter);
  });

  it("answers 404 for an unknown permit and 400 for a malformed id", async () => {
    expect((await get("/api/v1/permits/999999")).status).toBe(404);
    expect((await get("/api/v1/permits/abc")).status).toBe(400);
    expect((await get("/api/v1/nothing-here")).status).toBe(404);
  });
});
