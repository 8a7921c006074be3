import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type DigestFacts, type DigestPermit, digestDay, digestMessage } from "../../src/alerts/digest.ts";
import { messageFormat } from "../../src/alerts/templates.ts";
import { parseCalendar } from "../../src/calendar/index.ts";

// The morning digest's text and the day it is due, on the Riau calendar (Mon–Thu 07:30–12:00 +
// 13:00–16:00, Fri to 16:30 WIB; Monday 17 August 2026 a national holiday).

const riau = parseCalendar(JSON.parse(readFileSync(new URL("../../seeds/calendars/riau-wib.json", import.meta.url), "utf8")));
const wib = (t: string) => new Date(`${t.replace(" ", "T")}:00+07:00`);
const URL_ = "https://mutubaku.example.go.id/";

const permit = (n: number, share: number, due: string): DigestPermit => ({ permitNumber: `503/KMP/2026/${n}`, permitType: "Izin Kerja Teknisi Gigi", shareUsed: share, dueAt: wib(due) });
const facts = (late: DigestPermit[], atRisk: DigestPermit[], totals?: { late: number; atRisk: number }): DigestFacts => ({
  officeName: "DPMPTSP Kabupaten Kampar",
  officeSlug: "kampar",
  day: "2026-08-18",
  lists: { open_late: { total: totals?.late ?? late.length, permits: late }, at_risk: { total: totals?.atRisk ?? atRisk.length, permits: atRisk } },
});

describe("the digest's text", () => {
  it("lists the late permits first, then the at-risk ones, with counts, share used, due and a link to each list", () => {
    const m = digestMessage(facts([permit(1, 1.4, "2026-08-14 10:00")], [permit(2, 0.8, "2026-08-18 09:00"), permit(3, 0.76, "2026-08-18 10:15")]), messageFormat(riau, "id"), URL_);
    expect(m.subject).toBe("Ringkasan pagi Mutu Baku, DPMPTSP Kabupaten Kampar, 18 Agustus 2026: 1 permohonan lewat waktu, 2 hampir lewat.");
    expect(m.text).toBe(
      [
        m.subject,
        "",
        "Lewat waktu (1):",
        "- 503/KMP/2026/1 (Izin Kerja Teknisi Gigi), terpakai 140%, batas 14 Agu 2026, 10.00",
        "Semua: https://mutubaku.example.go.id/permohonan?office=kampar&status=open_late",
        "",
        "Hampir lewat (2):",
        "- 503/KMP/2026/2 (Izin Kerja Teknisi Gigi), terpakai 80%, batas 18 Agu 2026, 09.00",
        "- 503/KMP/2026/3 (Izin Kerja Teknisi Gigi), terpakai 76%, batas 18 Agu 2026, 10.15",
        "Semua: https://mutubaku.example.go.id/permohonan?office=kampar&status=at_risk",
      ].join("\n"),
    );
  });

  it("cuts a long list after its lines, saying how many more there are", () => {
    const late = Array.from({ length: 3 }, (_, i) => permit(10 + i, 1.2, "2026-08-17 08:00"));
    const m = digestMessage(facts(late, [], { late: 42, atRisk: 0 }), messageFormat(riau, "id"), URL_, 3);
    const lines = m.text.split("\n");
    expect(lines.filter((l) => l.startsWith("- "))).toHaveLength(3);
    expect(lines.slice(-2)).toEqual(["dan 39 lainnya", "Semua: https://mutubaku.example.go.id/permohonan?office=kampar&status=open_late"]);
    expect(m.text).not.toContain("Hampir lewat");
  });

  it("says so in one line when nothing is at risk or late", () => {
    const m = digestMessage(facts([], []), messageFormat(riau, "id"), URL_);
    expect(m.text).toBe("Ringkasan pagi Mutu Baku, DPMPTSP Kabupaten Kampar, 18 Agustus 2026: tidak ada permohonan yang hampir lewat atau lewat waktu.");
    expect(m.subject).toBe(m.text);
  });

  it("speaks English when the app does", () => {
    const m = digestMessage(facts([permit(1, 1.1, "2026-08-14 10:00")], []), messageFormat(riau, "en"), URL_);
    expect(m.text.split("\n")[0]).toBe("Mutu Baku morning digest, DPMPTSP Kabupaten Kampar, 18 August 2026: late 1, at risk 0.");
    expect(m.text).toContain("Late (1):\n- 503/KMP/2026/1 (Izin Kerja Teknisi Gigi), used 110%, due 14 Aug 2026, 10:00\nAll: ");
  });
});

describe("the day a digest is due", () => {
  it("is today from the office's opening until its close, on a working day", () => {
    expect(digestDay(riau, wib("2026-08-18 07:29"))).toBeNull();
    expect(digestDay(riau, wib("2026-08-18 07:30"))).toBe("2026-08-18");
    expect(digestDay(riau, wib("2026-08-18 12:30"))).toBe("2026-08-18");
    expect(digestDay(riau, wib("2026-08-18 15:59"))).toBe("2026-08-18");
    expect(digestDay(riau, wib("2026-08-18 16:00"))).toBeNull();
  });

  it("is none on a weekend or a holiday", () => {
    expect(digestDay(riau, wib("2026-08-15 09:00"))).toBeNull();
    expect(digestDay(riau, wib("2026-08-16 09:00"))).toBeNull();
    expect(digestDay(riau, wib("2026-08-17 09:00"))).toBeNull();
  });

  it("follows a period's own hours (Ramadan opens at 08:00)", () => {
    expect(digestDay(riau, wib("2026-03-02 07:45"))).toBeNull();
    expect(digestDay(riau, wib("2026-03-02 08:00"))).toBe("2026-03-02");
  });
});
