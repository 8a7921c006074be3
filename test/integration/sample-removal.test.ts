import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { TEST_NOW, visibleText } from "../support/app.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// "Hapus data contoh": an office that tried the demo removes the sample data, and everything only
// it made, from the import page; what the office imported itself stays, and the figures follow.

const fixture = (name: string) => ({ name, path: fileURLToPath(new URL(`../fixtures/imports/${name}`, import.meta.url)) });

describe.each(BACKENDS)("removing the sample data on %s", (kind) => {
  const t = useTestDatabase(kind);
  const clock = fixedClock(TEST_NOW);
  const post = (path: string, form: Record<string, string>) =>
    t.app.request(path, { method: "POST", body: new URLSearchParams(form), headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" } });
  const numbers = async () => (await t.database.db.selectFrom("permit").select("permit_number").orderBy("permit_number").execute()).map((p) => p.permit_number);
  const finished = async () =>
    ((await (await t.app.request("/api/v1/compliance?office=kampar&by=month")).json()) as { rows: { finished: number; open: number; openLate: number }[] }).rows.reduce((n, r) => n + r.finished + r.open + r.openLate, 0);

  it("asks first, then removes the sample batches and what only they made, keeping the office's own", async () => {
    // Sample: permit 0001 (03a) and 0009 (03c); the office's own export 03b has 0001 again, and 0004.
    await runImport(t.database.db, clock, { office: "kampar", files: [fixture("kampar-2026-03a.csv"), fixture("kampar-2026-03c.csv")], sample: true });
    await runImport(t.database.db, clock, { office: "kampar", files: [fixture("kampar-2026-03b.csv")] });
    const all = await numbers();
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(visibleText(await (await t.app.request("/impor")).text())).toContain("Data contoh dari 1 impor");

    const ask = visibleText(await (await t.app.request("/impor/hapus-contoh")).text());
    expect(ask).toMatch(/Yang dihapus: 1 impor contoh, \d+ permohonan dan \d+ langkah/);
    expect(ask).toContain("1 permohonan juga ada di impor kantor sendiri");
    // Without the confirmation nothing goes.
    expect((await post("/impor/hapus-contoh", {})).status).toBe(303);
    expect(await numbers()).toEqual(all);

    const res = await post("/impor/hapus-contoh", { confirm: "ya" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/impor?contoh=dihapus");
    expect(all).toContain("503/KMP/2026/0009");
    expect(await numbers()).toEqual(["503/KMP/2026/0001", "503/KMP/2026/0004"]);
    const page = visibleText(await (await t.app.request("/impor?contoh=dihapus")).text());
    expect(page).toContain("Data contoh sudah dihapus.");
    expect(page).not.toContain("Hapus data contoh");
    const batches = await t.database.db.selectFrom("import_batch").select(["id", "sample"]).execute();
    expect(batches.every((b) => !b.sample)).toBe(true);
    // No step, verdict or figure of a removed permit is left behind.
    const orphans = await t.database.db.selectFrom("step_record").select("id").where("permit_id", "not in", (eb) => eb.selectFrom("permit").select("id")).execute();
    expect(orphans).toEqual([]);
    expect(await finished()).toBe(2);
  });
});
