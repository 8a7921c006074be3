import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseChannelInput } from "../../src/alerts/channel-config.ts";
import { createChannel } from "../../src/db/repos/alert-deliveries.ts";
import { findOffice } from "../../src/db/repos/offices.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { deliverDueAlerts } from "../../src/jobs/deliver-alerts.ts";
import { makeMorningDigests } from "../../src/jobs/morning-digest.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { testApp } from "../support/app.ts";
import { movableClock, permitRows, SICANTIK_HEADER, wib } from "../support/sicantik-rows.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// The morning digest on Kampar's calendar (Mon–Thu 07:30–12:00 + 13:00–16:00, Fri to 16:30 WIB;
// Monday 17 August 2026 a national holiday) and its Izin Kerja Teknisi Gigi (the office's steps
// 2 h 25 min in all, at risk past 75 %: 108.75 min), with a clock the test moves.

const T = "Izin Kerja Teknisi Gigi";
const HEADER = SICANTIK_HEADER;
const PUBLIC_URL = "http://mutubaku.test";

/** An open permit: the applicant's submission, the office's registration, then Verifikasi Kasi still open. */
function openPermit(n: number, submitted: string, received: string, verified: string): string[] {
  return permitRows(n, T, submitted, [
    ["Pengajuan Permohonan", submitted, received, ""],
    ["Pendaftaran", received, verified, "Siti"],
    ["Verifikasi Kasi", verified, null, "Budi"],
  ]);
}

// At 07:31 on Tuesday 18 August: 9301 and 9302 long past their due (last Thursday and Friday);
// 9303 received Friday 14:40 (110 of 145 min used by Friday's close, due Tuesday 08:05) and 9304
// received 14:30 (120 min, due 07:55) at risk; 9305 received 16:00 (30 min) merely open.
const PERMITS = [
  ...openPermit(9301, "2026-08-13 08:00", "2026-08-13 08:05", "2026-08-13 08:15"),
  ...openPermit(9302, "2026-08-14 09:00", "2026-08-14 09:05", "2026-08-14 09:20"),
  ...openPermit(9303, "2026-08-14 14:35", "2026-08-14 14:40", "2026-08-14 15:00"),
  ...openPermit(9304, "2026-08-14 14:25", "2026-08-14 14:30", "2026-08-14 14:50"),
  ...openPermit(9305, "2026-08-14 15:55", "2026-08-14 16:00", "2026-08-14 16:10"),
];

/** The permit numbers under a heading of the digest's text ("Lewat waktu", "Hampir lewat"). */
function listed(text: string, heading: string): string[] {
  const block = text.split("\n\n").find((b) => b.startsWith(`${heading} (`));
  return (block?.split("\n") ?? []).filter((l) => l.startsWith("- ")).map((l) => l.slice(2).split(" ")[0]!).sort();
}

describe.each(BACKENDS)("morning digest on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-digest-"));
  const clock = movableClock("2026-08-14 16:20");
  const calls: Array<Record<string, string>> = [];
  const gateway = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      calls.push(JSON.parse(body) as Record<string, string>);
      res.writeHead(200).end("ok");
    });
  });
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((ok) => gateway.listen(0, "127.0.0.1", ok));
    url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/kirim`;
  });
  afterAll(async () => {
    gateway.closeAllConnections();
    await new Promise((ok) => (gateway as Server).close(ok));
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = { get db() { return t.database.db; }, clock, logger: silentLogger, publicUrl: PUBLIC_URL, lang: "id" as const };
  const digestAt = async (at: string) => {
    clock.set(at);
    return makeMorningDigests(deps);
  };
  const digests = () => t.database.db.selectFrom("alert_delivery").selectAll().where("kind", "=", "digest").orderBy("id").execute();
  const apiNumbers = async (at: string, status: string) => {
    const res = await testApp(t.database, wib(at).toISOString()).request(`/api/v1/permits?office=kampar&status=${status}&page_size=500`);
    return ((await res.json()) as { permits: { permitNumber: string }[] }).permits.map((p) => p.permitNumber).sort();
  };

  it("makes nothing before the opening, nor on a Saturday or a holiday", async () => {
    const path = join(dir, "open.csv");
    writeFileSync(path, `${[HEADER, ...PERMITS].join("\n")}\n`);
    await runImport(t.database.db, clock, { office: "kampar", files: [{ name: "open.csv", path }] });
    const office = (await findOffice(t.database.db, "kampar", EVERY_OFFICE))!.id;
    const webhook = (name: string, levels: string[], enabled = true) =>
      createChannel(t.database.db, office, parseChannelInput({ kind: "webhook", name, enabled, levels, config: { url, recipientField: "target", recipients: { digest: "6281200000001", breach: "6281200000009" } } }));
    await webhook("WA Kepala Dinas", ["digest"]);
    await webhook("WA Seksi", ["warning", "digest"]);
    await webhook("WA pelanggaran", ["breach"]);
    await webhook("WA lama", ["digest"], false);

    expect(await digestAt("2026-08-15 09:00")).toEqual([]);
    expect(await digestAt("2026-08-17 09:00")).toEqual([]);
    expect(await digestAt("2026-08-18 07:29")).toEqual([]);
    expect(await digests()).toEqual([]);
  });

  it("at the opening, queues one message per channel taking the digest, listing exactly what the API lists as late and at risk", async () => {
    const made = await digestAt("2026-08-18 07:31");
    expect(made).toEqual([{ office: "kampar", day: "2026-08-18", deliveries: 2 }]);
    const rows = await digests();
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.not_before)).toEqual([wib("2026-08-18 07:31"), wib("2026-08-18 07:31")]);
    const text = String(rows[0]!.payload["text"]);
    expect(rows[1]!.payload).toEqual(rows[0]!.payload);

    const late = await apiNumbers("2026-08-18 07:31", "open_late");
    const atRisk = await apiNumbers("2026-08-18 07:31", "at_risk");
    expect(late).toEqual(["503/KMP/2026/9301", "503/KMP/2026/9302"]);
    expect(atRisk).toEqual(["503/KMP/2026/9303", "503/KMP/2026/9304"]);
    expect(listed(text, "Lewat waktu")).toEqual(late);
    expect(listed(text, "Hampir lewat")).toEqual(atRisk);
    expect(text).not.toContain("9305");
    expect(text.split("\n")[0]).toBe("Ringkasan pagi Mutu Baku, DPMPTSP Kabupaten Kampar, 18 Agustus 2026: 2 permohonan lewat waktu, 2 hampir lewat.");
    // Late first, each list with its link to Permohonan; 9304 (due 07:55) before 9303 (08:05).
    expect(text.indexOf("Lewat waktu")).toBeLessThan(text.indexOf("Hampir lewat"));
    expect(text).toContain("- 503/KMP/2026/9304 (Izin Kerja Teknisi Gigi), terpakai 83%, batas 18 Agu 2026, 07.55\n- 503/KMP/2026/9303 (Izin Kerja Teknisi Gigi), terpakai 77%, batas 18 Agu 2026, 08.05\n");
    expect(text).toContain(`Semua: ${PUBLIC_URL}/permohonan?office=kampar&status=open_late`);
    expect(text).toContain(`Semua: ${PUBLIC_URL}/permohonan?office=kampar&status=at_risk`);
  });

  it("goes out to the digest's recipient on each channel", async () => {
    const run = await deliverDueAlerts({ ...deps, db: t.database.db });
    expect(run).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(calls.map((c) => c["target"])).toEqual(["6281200000001", "6281200000001"]);
    expect(calls[0]!["message"]).toContain("Lewat waktu (2):");
  });

  it("adds nothing on a second run the same day", async () => {
    expect(await digestAt("2026-08-18 07:32")).toEqual([]);
    expect(await digestAt("2026-08-18 14:00")).toEqual([]);
    expect(await digests()).toHaveLength(2);
  });

  it("is made once when runs race, catching up late in the morning of the next working day", async () => {
    clock.set("2026-08-19 10:15");
    const results = await Promise.all(Array.from({ length: 4 }, () => makeMorningDigests(deps)));
    expect(results.flat()).toEqual([{ office: "kampar", day: "2026-08-19", deliveries: 2 }]);
    const rows = await digests();
    expect(rows).toHaveLength(4);
    // By Wednesday morning all five are late, 9305 too (30 min by Friday's close, 8 h on Tuesday).
    expect(listed(String(rows[3]!.payload["text"]), "Lewat waktu")).toEqual(await apiNumbers("2026-08-19 10:15", "open_late"));
    expect(await apiNumbers("2026-08-19 10:15", "open_late")).toHaveLength(5);
  });
});
