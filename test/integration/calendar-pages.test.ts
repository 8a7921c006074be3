import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { calendarVersions } from "../../src/db/repos/calendars.ts";
import { runImport } from "../../src/imports/run-import.ts";
import { warnUncoveredCalendars } from "../../src/jobs/calendar-coverage.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { settleBackground, visibleText } from "../support/app.ts";
import { formFields } from "../support/forms.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

const ORIGIN = "http://localhost";
const fixture = (name: string) => readFileSync(new URL(`../fixtures/calendar/${name}`, import.meta.url));

describe.each(BACKENDS)("editing an office calendar on %s", (kind) => {
  const t = useTestDatabase(kind);

  const post = (path: string, body: FormData | URLSearchParams, origin = ORIGIN) =>
    t.app.request(path, { method: "POST", body, headers: origin ? { origin } : {} });

  async function kamparVersions() {
    const office = await t.database.db.selectFrom("office").select("calendar_id").where("slug", "=", "kampar").executeTakeFirstOrThrow();
    return calendarVersions(t.database.db, office.calendar_id);
  }

  it("saves an edit as a new version from a date, shows what changed, and keeps the old version readable", async () => {
    const form = formFields(await (await t.app.request("/kantor/kampar/kalender/ubah")).text());
    expect(form.valid_from).toBe("2026-11-23");
    expect(form.weekly_fri).toBe("07:30-11:30, 13:00-16:30");
    const res = await post(
      "/kantor/kampar/kalender/ubah",
      new URLSearchParams({
        ...form,
        valid_from: "2027-01-04",
        note: "Jam kerja baru 2027",
        weekly_fri: "07:30-11:30, 13:30-17:00",
        holidays: `${form.holidays}\n2027-01-01; Tahun Baru Masehi; libur nasional`,
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/kantor/kampar/kalender?versi=2#perubahan");

    const page = visibleText(await (await t.app.request("/kantor/kampar/kalender?versi=2")).text());
    expect(page).toContain("Perubahan dari versi 1");
    expect(page).toContain("Jumat: 07:30–11:30, 13:00–16:30 → 07:30–11:30, 13:30–17:00");
    expect(page).toContain("+ Jumat, 1 Januari 2027 — Tahun Baru Masehi");
    expect(page).toContain("Berlaku sejak 4 Januari 2027");
    // Today (23 Nov 2026) version 1 is still the one in force, and it still reads as before.
    const current = visibleText(await (await t.app.request("/kantor/kampar/kalender")).text());
    expect(current).toMatch(/Versi 1 · berlaku sekarang/);
    expect(current).toContain("Jumat 07:30–11:30, 13:00–16:30");
    expect((await kamparVersions()).map((v) => v.version)).toEqual([2, 1]);
    // Other offices keep their own calendars.
    expect(visibleText(await (await t.app.request("/kantor/pekanbaru/kalender")).text())).not.toContain("Perubahan dari versi");
  });

  it("refuses a bad edit with the message under its field, and saves nothing", async () => {
    const before = (await kamparVersions()).length;
    const form = formFields(await (await t.app.request("/kantor/kampar/kalender/ubah")).text());
    const res = await post("/kantor/kampar/kalender/ubah", new URLSearchParams({ ...form, weekly_mon: "07:30-12:00, 11:00-16:00", holidays: "2027-02-30; Salah" }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/id="err-weekly_mon"><li>rentang jam bertumpang tindih \(07:30–12:00 dan 11:00–16:00\)</);
    expect(html).toContain("baris 1: &quot;2027-02-30&quot; bukan tanggal");
    // What the user typed is kept for correction.
    expect(html).toContain('value="07:30-12:00, 11:00-16:00"');
    expect((await kamparVersions()).length).toBe(before);
    // In English when the user reads English.
    const english = await t.app.request("/kantor/kampar/kalender/ubah", {
      method: "POST",
      body: new URLSearchParams({ ...form, holidays: "2027-02-30; Salah" }),
      headers: { origin: ORIGIN, cookie: "lang=en" },
    });
    expect(visibleText(await english.text())).toContain('line 1: "2027-02-30" is not a date');
  });

  it("words the calendar engine's refusals in the reader's language", async () => {
    const form = formFields(await (await t.app.request("/kantor/kampar/kalender/ubah")).text());
    const bad = new URLSearchParams({ ...form, weekly_tue: "12:00-07:30", timezone: "Asia/Jakartaa" });
    const res = await post("/kantor/kampar/kalender/ubah", bad);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/id="err-weekly_tue"><li>jam mulai 12:00 tidak lebih awal daripada jam selesai 07:30</);
    expect(visibleText(html)).toContain('zona waktu "Asia/Jakartaa" tidak dikenal');

    const english = await post("/kantor/kampar/kalender/ubah?lang=en", bad);
    expect(english.status).toBe(422);
    const text = visibleText(await english.text());
    expect(text).toContain("start 12:00 is not before end 07:30");
    expect(text).toContain('unknown time zone "Asia/Jakartaa"');
    expect(text).not.toContain("tidak dikenal");

    const file = () => {
      const body = new FormData();
      body.set("file", new File(["BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"], "kosong.ics", { type: "text/calendar" }));
      return body;
    };
    const empty = await post("/kantor/kampar/kalender/impor", file());
    expect(empty.status).toBe(422);
    expect(visibleText(await empty.text())).toContain("kosong.ics: tidak ada acara (VEVENT) di dalamnya");
    const emptyEn = await t.app.request("/kantor/kampar/kalender/impor", { method: "POST", body: file(), headers: { origin: ORIGIN, cookie: "lang=en" } });
    expect(visibleText(await emptyEn.text())).toContain("kosong.ics: no events (VEVENT) found");
  });

  it("refuses a form posted from another site", async () => {
    const form = formFields(await (await t.app.request("/kantor/kampar/kalender/ubah")).text());
    const res = await post("/kantor/kampar/kalender/ubah", new URLSearchParams(form), "http://evil.example");
    expect(res.status).toBe(403);
  });

  it("imports holidays from an iCalendar file after a preview", async () => {
    const body = new FormData();
    body.set("file", new File([fixture("libur-2027.ics")], "libur-2027.ics", { type: "text/calendar" }));
    body.set("kind", "libur_nasional");
    const preview = await post("/kantor/pekanbaru/kalender/impor", body);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    const text = visibleText(html);
    // 25 Dec 2026 is already in the seed calendar; the rest (2027–2028) is new.
    expect(text).toContain("7 tanggal baru, 1 sudah ada di kalender, 0 baris dilewati.");
    expect(text).toContain("Jumat, 12 Maret 2027 Cuti Bersama Idul Fitri 1448 H Cuti bersama");

    const save = await post("/kantor/pekanbaru/kalender/impor/simpan", new URLSearchParams(formFields(html)));
    expect(save.status).toBe(303);
    const page = visibleText(await (await t.app.request("/kantor/pekanbaru/kalender?versi=2")).text());
    expect(page).toContain("Hari libur 2027");
    expect(page).toContain("+ Rabu, 10 Maret 2027 — Hari Raya Idul Fitri 1448 H");
    expect(page).toContain("Impor dari libur-2027.ics");
  });

  it("shows a SiCantik kalender file's skipped rows, and refuses a file it cannot read", async () => {
    const body = new FormData();
    body.set("file", new File([fixture("sicantik-kalender.csv")], "kalender.csv"));
    const preview = visibleText(await (await post("/kantor/rokan-hilir/kalender/impor", body)).text());
    expect(preview).toContain("3 tanggal baru, 0 sudah ada di kalender, 2 baris dilewati.");
    expect(preview).toContain('kalender.csv: row 6, tgl: "31/02/2027" is not a date, skipped');
    // Its Saturday and Sunday rows change nothing: the office already has no hours on them.
    expect(preview).not.toContain("Berkas ini menandai hari berikut libur setiap minggu");

    const bad = new FormData();
    bad.set("file", new File(["just some text"], "notes.txt"));
    const res = await post("/kantor/rokan-hilir/kalender/impor", bad);
    expect(res.status).toBe(422);
    expect(visibleText(await res.text())).toContain("notes.txt: no data rows (the file is empty or has only a header line)");
  });
});

describe.each(BACKENDS)("a calendar that runs out, on %s", (kind) => {
  const t = useTestDatabase(kind);
  const post = (path: string, body: FormData | URLSearchParams) => t.app.request(path, { method: "POST", body, headers: { origin: ORIGIN } });

  it("warns on the calendar page and in the log while open permits are due in a year without holidays, until that year's SKB list is pasted", async () => {
    // Received Thu 2026-12-31 15:30 WIB, still in its first step: 2 h 25 min of standard run
    // into Friday 2027-01-01, a holiday the seeded calendar does not know yet.
    const dir = mkdtempSync(join(tmpdir(), "mutubaku-runs-out-"));
    const file = join(dir, "akhir-tahun.csv");
    writeFileSync(
      file,
      "id,no_permohonan,jenis_izin,nama_proses,status,start_date,end_date,diproses_oleh,tgl_pengajuan,tgl_selesai\n" +
        "1,503/KMP/2026/1231,Izin Kerja Teknisi Gigi,Pendaftaran,Proses,2026-12-31 15:30:00,0001-01-01 00:00:00,Siti,2026-12-31 15:30:00,0001-01-01 00:00:00\n",
    );
    await runImport(t.database.db, fixedClock("2026-12-31T08:45:00Z"), { office: "kampar", files: [{ name: "akhir-tahun.csv", path: file }] });
    rmSync(dir, { recursive: true, force: true });

    const page = async () => visibleText(await (await t.app.request("/kantor/kampar/kalender")).text());
    expect(await page()).toContain("Kalender belum memuat hari libur 2027, padahal 1 permohonan terbuka jatuh tempo di tahun itu");
    expect(visibleText(await (await t.app.request("/?office=kampar")).text())).toContain("Kalender belum memuat hari libur 2027");
    expect(await warnUncoveredCalendars({ db: t.database.db, logger: silentLogger })).toEqual([{ office: "kampar", years: [2027] }]);

    // One paste of the decree's lines, a preview, and a save.
    const body = new FormData();
    body.set("text", "Libur Nasional Tahun 2027\n1. Jumat, 1 Januari 2027: Tahun Baru 2027 Masehi\nCuti Bersama\n1. Senin, 8 Februari 2027 Tahun Baru Imlek");
    body.set("kind", "libur_nasional");
    const preview = await post("/kantor/kampar/kalender/impor", body);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(visibleText(html)).toContain("2 tanggal baru, 0 sudah ada di kalender, 0 baris dilewati.");
    const save = await post("/kantor/kampar/kalender/impor/simpan", new URLSearchParams(formFields(html)));
    expect(save.status).toBe(303);
    await settleBackground(t.database);
    const after = await page();
    expect(after).toContain("Hari libur 2027");
    expect(after).not.toContain("Kalender belum memuat hari libur");
    expect(await warnUncoveredCalendars({ db: t.database.db, logger: silentLogger })).toEqual([]);
  });

  it("asks for a file or a pasted list when the form has neither", async () => {
    const res = await post("/kantor/kampar/kalender/impor", new FormData());
    expect(res.status).toBe(400);
    expect(visibleText(await res.text())).toContain("Pilih berkas atau tempelkan daftar hari libur.");
  });
});
