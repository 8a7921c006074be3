import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { parseChannelInput } from "../../src/alerts/channel-config.ts";
import { createChannel, deliveriesOfAlert } from "../../src/db/repos/alert-deliveries.ts";
import { listAlerts, raiseAlerts } from "../../src/db/repos/alerts.ts";
import { deliverDueAlerts } from "../../src/jobs/deliver-alerts.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { raiseDueAlerts } from "../../src/jobs/raise-alerts.ts";
import { settleBackground, testApp, visibleText } from "../support/app.ts";
import { formFields } from "../support/forms.ts";
import { movableClock, permitRows, SICANTIK_HEADER, wib } from "../support/sicantik-rows.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// Alerts raised by the minute job from the crossing instants stored with the verdicts, on Kampar's
// calendar (Friday 07:30–11:30 + 13:00–16:30 WIB; Monday 17 August 2026 is a national holiday) and
// its Izin Kerja Teknisi Gigi (Verifikasi Kasi: 1 hour; the office's steps 2 h 25 min in all).

const T = "Izin Kerja Teknisi Gigi";
const HEADER = SICANTIK_HEADER;
const permitCsv = (n: number, submitted: string, steps: Array<[string, string, string | null, string]>) => permitRows(n, T, submitted, steps);

describe.each(BACKENDS)("alerts on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-alerts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const clock = movableClock("2026-08-14 15:50");
  let fileNo = 0;
  const importRows = async (rows: string[]) => {
    const path = join(dir, `export-${++fileNo}.csv`);
    writeFileSync(path, `${[HEADER, ...rows].join("\n")}\n`);
    await runImport(t.database.db, clock, { office: "kampar", files: [{ name: `export-${fileNo}.csv`, path }] });
  };
  const alerts = async () => (await listAlerts(t.database.db, { officeId: undefined }, { limit: 100, offset: 0 })).alerts;
  const run = async (at: string) => {
    clock.set(at);
    return raiseDueAlerts({ db: t.database.db, clock });
  };
  const describeAlert = (a: Awaited<ReturnType<typeof alerts>>[number]) =>
    `${a.permit_number} ${a.step_name ?? "total"} ${a.level} ${a.crossed_at.toISOString()}${a.found_at_import ? " found at import" : ""}`;

  // 9001: Verifikasi Kasi open from Friday 15:44 (75 % at 16:29; due Tuesday 07:44); the permit's
  // total from 15:10 (75 % of 145 min on Tuesday at 07:58:45, due 08:35).
  const open9001 = permitCsv(9001, "2026-08-14 15:00", [
    ["Pengajuan Permohonan", "2026-08-14 15:00", "2026-08-14 15:10", ""],
    ["Pendaftaran", "2026-08-14 15:10", "2026-08-14 15:44", "Siti"],
    ["Verifikasi Kasi", "2026-08-14 15:44", null, "Budi"],
  ]);
  // 9002: sent back to the applicant on Friday and still there: its clock is paused.
  const held9002 = permitCsv(9002, "2026-08-14 14:00", [
    ["Pengajuan Permohonan", "2026-08-14 14:00", "2026-08-14 14:05", ""],
    ["Pendaftaran", "2026-08-14 14:05", "2026-08-14 14:15", "Siti"],
    ["Pengajuan Permohonan", "2026-08-14 14:15", null, ""],
  ]);
  // 9003: Verifikasi Kasi from 15:40 (75 % at 16:25); it ends at 16:10, before its warning.
  const open9003 = permitCsv(9003, "2026-08-14 15:20", [
    ["Pengajuan Permohonan", "2026-08-14 15:20", "2026-08-14 15:25", ""],
    ["Pendaftaran", "2026-08-14 15:25", "2026-08-14 15:40", "Siti"],
    ["Verifikasi Kasi", "2026-08-14 15:40", null, "Rina"],
  ]);

  it("raises nothing before a crossing, then exactly one warning at 75 % of the step's standard", async () => {
    await importRows([...open9001, ...held9002, ...open9003]);
    expect((await run("2026-08-14 15:50")).ran).toBe(true);
    expect(await alerts()).toEqual([]);
    // 9003's step ends at 16:10, before its warning: imported then, it never warns.
    clock.set("2026-08-14 16:12");
    await importRows(permitCsv(9003, "2026-08-14 15:20", [
      ["Pengajuan Permohonan", "2026-08-14 15:20", "2026-08-14 15:25", ""],
      ["Pendaftaran", "2026-08-14 15:25", "2026-08-14 15:40", "Siti"],
      ["Verifikasi Kasi", "2026-08-14 15:40", "2026-08-14 16:10", "Rina"],
      ["Penandatanganan Izin", "2026-08-14 16:10", null, "Kadis"],
    ]));
    await run("2026-08-14 16:28:59");
    expect(await alerts()).toEqual([]);
    const raised = await run("2026-08-14 16:29:30");
    expect(raised.alertIds).toHaveLength(1);
    const [a] = await alerts();
    expect(describeAlert(a!)).toBe(`503/KMP/2026/9001 Verifikasi Kasi warning ${wib("2026-08-14 16:29").toISOString()}`);
    expect(a).toMatchObject({ actor: "Budi", permit_type: T, standard_seconds: 3600, due_at: wib("2026-08-18 07:44") });
    expect((await sql<{ share: number }>`select share from alert where id = ${a!.id}`.execute(t.database.db)).rows[0]!.share).toBeCloseTo(0.75, 9);
  });

  it("does not repeat it for a second run, a re-import of the same file, or a restart", async () => {
    expect((await run("2026-08-14 16:29:40")).alertIds).toEqual([]);
    clock.set("2026-08-14 16:30");
    await importRows([...open9001, ...held9002]);
    expect((await run("2026-08-14 16:31")).alertIds).toEqual([]);
    expect(await alerts()).toHaveLength(1);
  });

  it("breaches when the standard is passed, after the weekend and the holiday, not on them", async () => {
    expect((await run("2026-08-17 15:00")).alertIds).toEqual([]);
    await run("2026-08-18 07:45");
    await run("2026-08-18 08:00");
    await run("2026-08-18 08:36");
    expect((await alerts()).filter((a) => a.permit_number.endsWith("9001")).map(describeAlert).sort()).toEqual(
      [
        `503/KMP/2026/9001 Verifikasi Kasi warning ${wib("2026-08-14 16:29").toISOString()}`,
        `503/KMP/2026/9001 Verifikasi Kasi breach ${wib("2026-08-18 07:44").toISOString()}`,
        `503/KMP/2026/9001 total warning ${new Date(wib("2026-08-18 07:58").getTime() + 45_000).toISOString()}`,
        `503/KMP/2026/9001 total breach ${wib("2026-08-18 08:35").toISOString()}`,
      ].sort(),
    );
  });

  it("never alerts the office of a permit the applicant holds, nor of a step that ended before its warning", async () => {
    const all = await alerts();
    expect(all.filter((a) => a.permit_number.endsWith("9002"))).toEqual([]);
    expect(all.filter((a) => a.permit_number.endsWith("9003") && a.step_name === "Verifikasi Kasi")).toEqual([]);
  });

  it("alerts a permit found late at import once, as a breach marked so, with no warning before it", async () => {
    clock.set("2026-08-18 09:00");
    await importRows(permitCsv(9004, "2026-08-13 08:00", [
      ["Pengajuan Permohonan", "2026-08-13 08:00", "2026-08-13 08:05", ""],
      ["Pendaftaran", "2026-08-13 08:05", "2026-08-13 08:15", "Siti"],
      ["Verifikasi Kasi", "2026-08-13 08:15", null, "Budi"],
    ]));
    await run("2026-08-18 09:01");
    await run("2026-08-18 09:02");
    const found = (await alerts()).filter((a) => a.permit_number.endsWith("9004")).map(describeAlert).sort();
    expect(found).toEqual([
      `503/KMP/2026/9004 Verifikasi Kasi breach ${wib("2026-08-13 09:15").toISOString()} found at import`,
      // Received when the office's first step began (08:05): 2 h 25 min on, 10:30.
      `503/KMP/2026/9004 total breach ${wib("2026-08-13 10:30").toISOString()} found at import`,
    ]);
  });

  it("creates each alert once when runners race", async () => {
    // Many crossings at once: forty permits whose step passes 75 % at 10:00.
    clock.set("2026-08-18 09:30");
    const rows: string[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push(...permitCsv(9100 + i, "2026-08-18 09:00", [
        ["Pengajuan Permohonan", "2026-08-18 09:00", "2026-08-18 09:05", ""],
        ["Pendaftaran", "2026-08-18 09:05", "2026-08-18 09:15", "Siti"],
        ["Verifikasi Kasi", "2026-08-18 09:15", null, "Budi"],
      ]));
    }
    await importRows(rows);
    clock.set("2026-08-18 10:01");
    const results = await Promise.all(Array.from({ length: 4 }, () => raiseDueAlerts({ db: t.database.db, clock })));
    expect(results.flatMap((r) => r.alertIds)).toHaveLength(40);
    const { rows: counts } = await sql<{ n: number; keys: number }>`
      select count(*)::int as n, count(distinct (permit_id, step_record_id, level))::int as keys from alert`.execute(t.database.db);
    expect(counts[0]!.n).toBe(counts[0]!.keys);
  });

  it("stores an alert once by its key alone, when two runners got past the lock with the same crossings", async () => {
    const [taken] = await alerts();
    const replay = [{ permit_id: taken!.permit_id, step_record_id: taken!.step_record_id, level: taken!.level, at: taken!.crossed_at, share: 0.75, found_at_import: false }];
    const again = await Promise.all([1, 2].map(() => t.database.db.transaction().execute((trx) => raiseAlerts(trx, replay, clock.now()))));
    expect(again.flat()).toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from alert where permit_id = ${taken!.permit_id} and level = ${taken!.level} and step_record_id is not distinct from ${taken!.step_record_id}`.execute(t.database.db);
    expect(rows[0]!.n).toBe(1);
  });
  it("counts the unacknowledged alerts in every page's header and lists them on Peringatan, newest first", async () => {
    const app = testApp(t.database, "2026-08-18T03:00:00Z");
    const total = (await alerts()).length;
    const home = await app.request("/impor");
    expect(visibleText(await home.text())).toContain(`Peringatan ${total} (${total} peringatan belum ditandai)`);
    const page = await app.request("/peringatan?level=breach&office=kampar");
    expect(page.status).toBe(200);
    const table = visibleText(/<table[^>]*data-testid="alert-list"[\s\S]*?<\/table>/.exec(await page.text())?.[0] ?? "");
    expect(table).toContain("503/KMP/2026/9004");
    expect(table).toContain("Lewat waktu sudah terlambat saat diimpor");
    expect(table).not.toContain("Mendekati batas");
    const api = (await (await app.request("/api/v1/alerts?level=breach")).json()) as { total: number; alerts: { level: string; raisedAt: string }[] };
    expect(api.alerts.every((a) => a.level === "breach")).toBe(true);
    expect(api.total).toBe((await alerts()).filter((a) => a.level === "breach").length);
    const raised = api.alerts.map((a) => a.raisedAt);
    expect([...raised].sort().reverse()).toEqual(raised);
    // Days are the office's (WIB): the 14th ends at 17:00 UTC.
    const onDays = async (q: string) => {
      const r = (await (await app.request(`/api/v1/alerts?${q}`)).json()) as { total: number; alerts: { raisedAt: string }[] };
      return { total: r.total, at: r.alerts.map((a) => a.raisedAt) };
    };
    const friday = await onDays("from=2026-08-14&to=2026-08-14");
    expect(friday.total).toBeGreaterThan(0);
    expect(friday.at.every((at) => at >= "2026-08-13T17:00:00.000Z" && at < "2026-08-14T17:00:00.000Z")).toBe(true);
    const tuesday = await onDays("from=2026-08-18");
    expect(tuesday.at.every((at) => at >= "2026-08-17T17:00:00.000Z")).toBe(true);
    expect(friday.total + tuesday.total).toBe((await alerts()).length);
  });

  it("acknowledges, assigns and comments on an alert, each kept in its history, and the counter goes down", async () => {
    const app = testApp(t.database, "2026-08-18T04:00:00Z");
    const [first] = (await alerts()).filter((a) => a.acknowledged_at === null);
    const before = (await alerts()).filter((a) => a.acknowledged_at === null && a.resolved_at === null).length;
    const post = (path: string, fields: Record<string, string>) => app.request(path, { method: "POST", body: new URLSearchParams(fields) });
    const ack = await post(`/peringatan/${first!.id}/tandai`, { back: "/peringatan?level=breach" });
    expect(ack.status).toBe(303);
    expect(ack.headers.get("location")).toBe("/peringatan?level=breach");
    expect((await post(`/peringatan/${first!.id}/tandai`, { back: "https://example.com/" })).headers.get("location")).toBe(`/peringatan/${first!.id}`);
    expect((await post(`/peringatan/${first!.id}/tugaskan`, { to: "Seksi Verifikasi" })).status).toBe(303);
    expect((await post(`/peringatan/${first!.id}/komentar`, { text: "Pemohon sudah dihubungi" })).status).toBe(303);
    const empty = await post(`/peringatan/${first!.id}/komentar`, { text: "  " });
    expect(empty.status).toBe(400);
    expect(visibleText(await empty.text())).toContain("Isi Komentar dulu.");
    const detail = visibleText(await (await app.request(`/peringatan/${first!.id}`)).text());
    // Whoever is signed in acts, by name and e-mail.
    expect(detail).toContain("ditandai oleh Admin Uji <admin@mutubaku.test>");
    expect(detail).toMatch(/Muncul.*Ditandai sudah dilihat · Admin Uji <admin@mutubaku.test>.*Ditugaskan · Admin Uji <admin@mutubaku.test>: Seksi Verifikasi.*Komentar · Admin Uji <admin@mutubaku.test>: Pemohon sudah dihubungi/);
    const after = (await alerts()).filter((a) => a.acknowledged_at === null && a.resolved_at === null).length;
    expect(after).toBe(before - 1);
    expect(visibleText(await (await app.request("/impor")).text())).toContain(`Peringatan ${after} (`);
  });

  it("refuses a bad filter naming it, and an unknown alert", async () => {
    const app = testApp(t.database);
    const bad = await app.request("/peringatan?level=panic&from=kemarin");
    expect(bad.status).toBe(400);
    const text = visibleText(await bad.text());
    expect(text).toContain("level:");
    expect(text).toContain("from: expected a date YYYY-MM-DD");
    expect((await app.request("/peringatan?office=atlantis")).status).toBe(400);
    expect((await app.request("/peringatan/999999")).status).toBe(404);
    expect((await app.request("/peringatan/999999/tandai", { method: "POST", body: new URLSearchParams({}) })).status).toBe(404);
  });
  it("cancels a warning's pending message when its step ends before it goes out; the alert stays, resolved", async () => {
    // A channel nobody listens on: nothing is sent before the step ends.
    const channel = await createChannel(t.database.db, (await sql<{ id: number }>`select id from office where slug = 'kampar'`.execute(t.database.db)).rows[0]!.id,
      parseChannelInput({ kind: "webhook", name: "Gateway", config: { url: "http://127.0.0.1:9/kirim" } }));
    // Verifikasi Kasi from 09:50 on Tuesday: 75 % of its hour at 10:35.
    const rows = (end: string | null) => permitCsv(9301, "2026-08-18 09:30", [
      ["Pengajuan Permohonan", "2026-08-18 09:30", "2026-08-18 09:35", ""],
      ["Pendaftaran", "2026-08-18 09:35", "2026-08-18 09:50", "Siti"],
      ["Verifikasi Kasi", "2026-08-18 09:50", end, "Budi"],
    ]);
    clock.set("2026-08-18 10:00");
    await importRows(rows(null));
    await run("2026-08-18 10:36");
    const warning = (await alerts()).find((a) => a.permit_number.endsWith("9301") && a.step_name === "Verifikasi Kasi")!;
    expect(warning.level).toBe("warning");
    expect((await deliveriesOfAlert(t.database.db, warning.id, EVERY_OFFICE)).map((d) => [d.channel_id, d.status])).toEqual([[channel, "pending"]]);
    clock.set("2026-08-18 10:40");
    await importRows(rows("2026-08-18 10:38"));
    const [d] = await deliveriesOfAlert(t.database.db, warning.id, EVERY_OFFICE);
    expect(d).toMatchObject({ status: "cancelled", attempts: 0 });
    await deliverDueAlerts({ db: t.database.db, clock, logger: silentLogger, publicUrl: "http://localhost" });
    expect((await deliveriesOfAlert(t.database.db, warning.id, EVERY_OFFICE))[0]).toMatchObject({ status: "cancelled", attempts: 0 });
    const kept = (await alerts()).find((a) => a.id === warning.id)!;
    expect(kept.resolved_at).toEqual(wib("2026-08-18 10:40"));
    const history = await sql<{ kind: string }>`select kind from alert_event where alert_id = ${warning.id} order by id`.execute(t.database.db);
    expect(history.rows.map((r) => r.kind)).toEqual(["raised", "resolved", "cancelled"]);
  });
});

describe.each(BACKENDS)("alert thresholds set on the page, on %s", (kind) => {
  const t = useTestDatabase(kind);
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-thresholds-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("moves an open step's warning to the office's own threshold and to a new calendar version, and refuses a threshold out of range naming it", async () => {
    const clock = movableClock("2026-08-14 15:50");
    const path = join(dir, "open.csv");
    writeFileSync(path, `${[HEADER, ...permitCsv(9201, "2026-08-14 15:00", [
      ["Pengajuan Permohonan", "2026-08-14 15:00", "2026-08-14 15:10", ""],
      ["Pendaftaran", "2026-08-14 15:10", "2026-08-14 15:44", "Siti"],
      ["Verifikasi Kasi", "2026-08-14 15:44", null, "Budi"],
    ])].join("\n")}\n`);
    await runImport(t.database.db, clock, { office: "kampar", files: [{ name: "open.csv", path }] });
    const warnAt = async () =>
      (await sql<{ warn_at: Date }>`select sv.warn_at from step_verdict sv join step_record r on r.id = sv.step_record_id where r.step_name = 'Verifikasi Kasi' and sv.ended_at is null`.execute(t.database.db)).rows[0]!.warn_at;
    expect(await warnAt()).toEqual(wib("2026-08-14 16:29"));
    const app = testApp(t.database, "2026-08-14T08:50:00Z");
    const settings = visibleText(await (await app.request("/peringatan/pengaturan/kampar")).text());
    expect(settings).toContain("Seluruh kantor 75%");
    // Verifikasi Kasi is step 3 of Kampar's Izin Kerja Teknisi Gigi: half its hour from 15:44 is 16:14.
    const saved = await app.request("/peringatan/pengaturan/kampar/ambang", { method: "POST", body: new URLSearchParams({ step: `3|${T}`, warn: "50", warn2: "90" }) });
    expect(saved.status).toBe(303);
    await settleBackground(t.database);
    expect(await warnAt()).toEqual(wib("2026-08-14 16:14"));
    // The queue holds the step's crossings at its own shares, the permit's at the office's 75 %.
    const queued = await sql<{ step: boolean; level: string; share: number }>`
      select step_record_id is not null as step, level, share from alert_crossing order by step, level`.execute(t.database.db);
    expect(queued.rows).toEqual([
      { step: false, level: "breach", share: 1 },
      { step: false, level: "warning", share: 0.75 },
      { step: true, level: "breach", share: 1 },
      { step: true, level: "warning", share: 0.5 },
      { step: true, level: "warning2", share: 0.9 },
    ]);
    const after = visibleText(await (await app.request("/peringatan/pengaturan/kampar")).text());
    expect(after).toMatch(/Izin Kerja Teknisi Gigi · 3\. Memverifikasi[^·]*50% · 90%/);
    const bad = await app.request("/peringatan/pengaturan/kampar/ambang", { method: "POST", body: new URLSearchParams({ warn: "120" }) });
    expect(bad.status).toBe(400);
    expect(visibleText(await bad.text())).toContain("warn: ambang peringatan pertama harus antara 1 dan 99 %");
    expect((await app.request("/peringatan/pengaturan/atlantis")).status).toBe(404);

    // A calendar version from today that closes Fridays at 16:00: the half hour from 15:44 is 16
    // minutes that Friday and 14 on Tuesday (Monday is a holiday), and the queue follows.
    const form = formFields(await (await app.request("/kantor/kampar/kalender/ubah")).text());
    expect(form.valid_from).toBe("2026-08-14");
    const changed = await app.request("/kantor/kampar/kalender/ubah", { method: "POST", body: new URLSearchParams({ ...form, weekly_fri: "07:30-11:30, 13:00-16:00" }) });
    expect(changed.status).toBe(303);
    await settleBackground(t.database);
    expect(await warnAt()).toEqual(wib("2026-08-18 07:44"));
    const warning = await sql<{ at: Date }>`select at from alert_crossing where step_record_id is not null and level = 'warning'`.execute(t.database.db);
    expect(warning.rows.map((r) => r.at)).toEqual([wib("2026-08-18 07:44")]);
  });
});
