import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runImport } from "../../src/imports/run-import.ts";
import { raiseDueAlerts } from "../../src/jobs/raise-alerts.ts";
import { testApp, visibleText } from "../support/app.ts";
import { movableClock, permitRows, SICANTIK_HEADER } from "../support/sicantik-rows.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// Text from exports is shown as text: a permit number, an officer and a step name that carry
// markup reach every page, chart and alert that shows them escaped, never as elements.

const SCRIPT = "<script>alert(1)</script>";
const IMG = `"><img src=x onerror=alert(2)>`;

describe.each(BACKENDS)("hostile text from an export on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-hostile-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("shows markup in permit numbers, officers and step names as text on every page that shows them", async () => {
    const clock = movableClock("2026-11-20 09:00");
    const rows = permitRows(9401, "Izin Kerja Teknisi Gigi", "2026-11-19 08:00", [
      ["Pengajuan Permohonan", "2026-11-19 08:00", "2026-11-19 08:05", ""],
      ["Pendaftaran", "2026-11-19 08:05", "2026-11-19 08:15", IMG],
      [`Verifikasi ${SCRIPT}`, "2026-11-19 08:15", "2026-11-19 09:15", IMG],
      ["Verifikasi Kasi", "2026-11-19 09:15", null, SCRIPT],
    ]).map((line) => line.replace("503/KMP/2026/9401", `503/KMP/${SCRIPT}`));
    // Quoted as CSV: the markup carries commas and quotes of its own.
    const csv = rows.map((line) => {
      const cells = line.split(",");
      return cells.map((c) => (/[",<>]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");
    });
    const path = join(dir, "hostile.csv");
    writeFileSync(path, `${[SICANTIK_HEADER, ...csv].join("\n")}\n`);
    const summary = await runImport(t.database.db, clock, { office: "kampar", files: [{ name: "hostile.csv", path }] });
    expect(summary.rejected).toBe(0);
    await raiseDueAlerts({ db: t.database.db, clock });
    const app = testApp(t.database, "2026-11-20T02:00:00Z");
    const permit = (await (await app.request("/api/v1/permits?q=script")).json()) as { permits: { id: number; permitNumber: string }[] };
    expect(permit.permits[0]?.permitNumber).toBe(`503/KMP/${SCRIPT}`);
    const id = permit.permits[0]!.id;
    const pages = ["/permohonan?office=kampar", `/permohonan/${id}`, "/langkah?office=kampar", "/petugas?office=kampar", "/impor", "/peringatan", "/?office=kampar", "/jenis-izin?office=kampar"];
    for (const page of pages) {
      const res = await app.request(page);
      expect(res.status, page).toBe(200);
      const html = await res.text();
      expect(html, page).not.toContain("<script>alert");
      expect(html, page).not.toContain("<img src=x");
    }
    // And they are there, as text: on the permit's page (its timeline chart too) and its alert.
    expect(visibleText(await (await app.request("/peringatan")).text())).toContain(`503/KMP/${SCRIPT}`);
    const detail = await (await app.request(`/permohonan/${id}`)).text();
    expect(detail).toMatch(/<svg[\s\S]*Verifikasi &lt;script&gt;[\s\S]*<\/svg>/);
    expect(detail).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(detail).toContain("&lt;img src=x onerror=alert(2)&gt;");
  });
});
