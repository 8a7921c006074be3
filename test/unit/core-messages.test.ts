import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  HOLIDAY_IMPORT_ERROR_CODES,
  HolidayImportError,
  type HolidayImportErrorDetail,
  type HolidayImportErrorParams,
} from "../../src/calendar/holiday-import.ts";
import { importIcs } from "../../src/calendar/import-ics.ts";
import { CALENDAR_ISSUE_CODES, CalendarError, type CalendarIssue, type CalendarIssueParams, parseCalendar } from "../../src/calendar/index.ts";
import { parseSopDocument, parseWaktu, SOP_WARNING_CODES, type SopWarning, type SopWarningParams, WAKTU_WARNING_CODES } from "../../src/sop/index.ts";
import {
  CALENDAR_ISSUE_KEYS,
  describeCalendarIssue,
  describeHolidayImportError,
  describeWaktuIssue,
  describeWarning,
  HOLIDAY_IMPORT_ERROR_KEYS,
  SOP_WARNING_KEYS,
} from "../../views/components/messages.ts";
import { type Lang, LANGS, type MessageKey, type Translate, translator } from "../../views/i18n.ts";

const id = translator("id");
const en = translator("en");
const PLACEHOLDER = /\{\w+\}/;

// Parameters of every code, as the core would give them (the types make sure each code is here).
const SOP_SAMPLES: { [C in keyof SopWarningParams]: SopWarningParams[C] } = {
  waktuUnrecognised: { text: "1 minggu" },
  waktuNotPositive: { text: "0 menit" },
  waktuRangeBackwards: { text: "3-1 hari" },
  stepNumbering: { step: 4, number: 5, line: 12 },
  stepNoDescription: { line: 9 },
  stepAlternatives: { text: "7 hari dengan bupati; 2 hari dengan Kadin", options: "7 days dengan bupati, 2 days dengan Kadin" },
  actorSeveralMarks: { actors: "Pemohon, Back Office", actor: "Pemohon" },
  actorMarkShifted: { actor: "Back Office" },
  actorSeveralMarksShifted: { actors: "Pemohon, Back Office", actor: "Pemohon" },
  actorMixedOwners: { actors: "Back Office, Tim Teknis OPD", actor: "Back Office" },
  actorForwards: { subject: "Back Office", waktu: "4 Hari", recipient: "Tim Teknis OPD" },
  actorForwardsMixedOwners: { subject: "Back Office", waktu: "4 Hari", recipient: "Tim Teknis OPD", actors: "Back Office, Pemohon", actor: "Back Office" },
  actorNone: {},
  tableNoWaktuColumn: {},
  tableInterrupted: { line: 7, resumedLine: 8 },
  noStepTable: {},
  noNumberedRows: {},
  dateInvalid: { label: "Tanggal Efektif", text: "segera" },
  noName: {},
  noPermitType: {},
  noEffectiveFrom: {},
  totalNoTime: {},
  totalNoSingleStandard: { text: "7 hari dengan bupati; 2 hari dengan Kadin" },
  totalDiffers: { text: "2 hari kerja", days: 1, minutes: 63 },
};

const CALENDAR_SAMPLES: { [C in keyof CalendarIssueParams]: CalendarIssueParams[C] } = {
  unknownTimeZone: { zone: "Asia/Jakartaa" },
  noWorkingHours: {},
  periodEndsBeforeStart: { from: "2027-03-10", to: "2027-03-01" },
  periodsOverlap: { index: 0, name: "Ramadan 1448 H", from: "2027-02-08", to: "2027-03-09" },
  holidayDuplicate: { date: "2027-01-01", index: 0 },
  intervalStartNotBeforeEnd: { from: "12:00", to: "07:30" },
  intervalsOutOfOrder: { previous: "13:00–16:00", current: "07:30–12:00" },
  intervalsOverlap: { previous: "07:30–12:00", current: "11:00–16:00" },
  yearOutOfRange: { date: "1999-01-01", first: 2000, last: 2100 },
  unknownFields: { fields: '"hari"', count: 1 },
  required: {},
  invalidHoliday: {},
  clockFormat: {},
  dateFormat: {},
  notRealDate: {},
  emptyText: {},
  numberAbove: { minimum: 0 },
  numberAtLeast: { minimum: 1 },
  numberBelow: { maximum: 25 },
  numberAtMost: { maximum: 24 },
  invalidType: { expected: "string", received: "number" },
  invalidOption: { options: '"clock"|"hours"' },
  invalid: { detail: "Invalid input" },
};

const IMPORT_SAMPLES: { [C in keyof HolidayImportErrorParams]: HolidayImportErrorParams[C] } = {
  icsUnreadable: { file: "libur.ics", detail: "invalid line (no token \";\" or \":\") \"hello\"" },
  icsNoEvents: { file: "libur.ics" },
};

// Both wordings of a code through the describing function, given the code's key in the table.
function expectWorded(keys: Readonly<Record<string, MessageKey>>, code: string, describe: (t: Translate, lang: Lang) => string): void {
  const key = keys[code];
  expect(key, code).toBeDefined();
  expect(id(key!), code).not.toBe("");
  expect(en(key!), code).not.toBe("");
  const [inId, inEn] = [describe(id, "id"), describe(en, "en")];
  for (const text of [inId, inEn]) {
    expect(text, `${code}: ${text}`).not.toBe("");
    expect(text, `${code}: ${text}`).not.toMatch(PLACEHOLDER);
  }
  expect(inId, `${code} has the same wording in both languages`).not.toBe(inEn);
}

describe("the core's message codes have a wording in Indonesian and English", () => {
  it.each([...SOP_WARNING_CODES])("SOP warning %s", (code) => {
    const warning = { field: "steps", message: "(English)", code, params: SOP_SAMPLES[code], at: null } as SopWarning;
    expectWorded(SOP_WARNING_KEYS, code, (t, lang) => describeWarning(warning, t, lang));
  });

  it.each([...CALENDAR_ISSUE_CODES])("calendar issue %s", (code) => {
    const issue = { path: "weekly", message: "(English)", code, params: CALENDAR_SAMPLES[code] } as CalendarIssue;
    expectWorded(CALENDAR_ISSUE_KEYS, code, (t) => describeCalendarIssue(issue, t));
  });

  it.each([...HOLIDAY_IMPORT_ERROR_CODES])("holiday import error %s", (code) => {
    const err = new HolidayImportError("(English)", { code, params: IMPORT_SAMPLES[code] } as HolidayImportErrorDetail);
    expectWorded(HOLIDAY_IMPORT_ERROR_KEYS, code, (t) => describeHolidayImportError(err, t));
  });

  it("lists the Waktu codes among the SOP warning codes, and no code twice", () => {
    expect(SOP_WARNING_CODES).toEqual(expect.arrayContaining([...WAKTU_WARNING_CODES]));
    for (const codes of [SOP_WARNING_CODES, CALENDAR_ISSUE_CODES, HOLIDAY_IMPORT_ERROR_CODES]) expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(SOP_WARNING_KEYS).sort()).toEqual([...SOP_WARNING_CODES].sort());
    expect(Object.keys(CALENDAR_ISSUE_KEYS).sort()).toEqual([...CALENDAR_ISSUE_CODES].sort());
  });
});

const doc = (lines: string[]) => parseSopDocument(lines.join("\n"));
const documentFixture = (name: string) => readFileSync(new URL(`../fixtures/sop/${name}`, import.meta.url), "utf8");

describe("describeWarning", () => {
  it("words the parser's warnings in the reader's language, with the step or line they are at", () => {
    const { warnings } = parseSopDocument(documentFixture("unknown-waktu.txt"));
    const first = warnings[0]!;
    expect(first).toMatchObject({ code: "waktuUnrecognised", params: { text: "1 minggu" }, at: { step: 1 } });
    expect(first.message).toBe('step 1: unrecognised Waktu "1 minggu"');
    expect(describeWarning(first, id, "id")).toBe('langkah 1: Waktu "1 minggu" tidak dikenali; isi standar secara manual, misalnya "30 menit", "2 jam" atau "3 hari kerja"');
    expect(describeWarning(first, en, "en")).toBe('step 1: Waktu "1 minggu" not recognised; enter the standard by hand, e.g. "30 menit", "2 jam" or "3 hari kerja"');
  });

  it("formats the alternatives and the steps' sum in the reader's language", () => {
    const alternatives = parseSopDocument(documentFixture("alternatives.txt")).warnings.find((w) => w.code === "stepAlternatives")!;
    expect(alternatives.message).toContain("(7 days dengan bupati, 2 days dengan Kadin)");
    expect(describeWarning(alternatives, id, "id")).toContain("(7 hari dengan bupati, 2 hari dengan Kadin)");
    expect(describeWarning(alternatives, en, "en")).toContain("(7 days dengan bupati, 2 days dengan Kadin)");

    const differs = doc([
      "Nama SOP\tIzin Reklame",
      "Tanggal Efektif\t1 Maret 2024",
      "No\tUraian Prosedur\tWaktu\tOutput",
      "1\tBack Office memeriksa berkas\t1 hari\tBerkas",
      "2\tKepala Dinas menandatangani izin\t30 menit\tIzin",
      "TOTAL HARI\t3 hari",
    ]).warnings.find((w) => w.code === "totalDiffers")!;
    expect(differs).toMatchObject({ field: "statedTotal", params: { text: "3 hari", days: 1, minutes: 30 }, at: { line: 6 } });
    expect(describeWarning(differs, id, "id")).toBe(
      'baris 6: total tertulis "3 hari" berbeda dari jumlah waktu langkah yang bukan milik pemohon (1 hari kerja + 30 menit); yang menjadi standar permohonan adalah total tertulis',
    );
    expect(describeWarning(differs, en, "en")).toContain("(1 working days + 30 minutes)");
  });

  it("gives every warning the parser emits a wording without leftover placeholders", () => {
    const documents = [
      ...["unknown-waktu.txt", "alternatives.txt", "no-actor.txt", "total-only.txt"].map((f) => parseSopDocument(documentFixture(f))),
      parseSopDocument(""),
      doc(["Tanggal Efektif\tkemarin", "No\tUraian Prosedur\tOutput", "1\tPemohon mengajukan\tBerkas", "3\tBack Office memeriksa\tBerkas"]),
      doc(["No\tUraian Prosedur\tWaktu", "1\t\t0 menit", "2\tBack Office memeriksa\t3-1 hari", "TOTAL\t"]),
    ];
    const warnings: SopWarning[] = documents.flatMap((d) => d.warnings);
    expect(new Set(warnings.map((w) => w.code)).size).toBeGreaterThan(10);
    for (const w of warnings) {
      for (const lang of LANGS) {
        const text = describeWarning(w, translator(lang), lang);
        expect(text, w.message).not.toMatch(PLACEHOLDER);
        if (lang === "id") expect(text, w.message).not.toBe(w.message);
      }
    }
  });

  it("falls back to the English message for a code it does not know", () => {
    const unknown = { field: "steps", message: "something new", code: "somethingNew", params: {}, at: null } as unknown as SopWarning;
    expect(describeWarning(unknown, id, "id")).toBe("something new");
  });

  it("words a Waktu the form refuses without a step", () => {
    const refused = parseWaktu("3-1 hari");
    expect(describeWaktuIssue(refused.issue!, id, refused.warning!)).toBe('Waktu "3-1 hari" berupa rentang yang batas bawahnya melebihi batas atasnya');
  });
});

function calendarIssues(input: unknown): readonly CalendarIssue[] {
  try {
    parseCalendar(input);
  } catch (err) {
    if (err instanceof CalendarError) return err.issues;
    throw err;
  }
  return [];
}

describe("describeCalendarIssue", () => {
  const base = { name: "Uji", timezone: "Asia/Jakarta", weekly: { mon: [["07:30", "16:00"]] } };

  it("words the engine's problems in the reader's language, keeping the English message", () => {
    const issues = calendarIssues({
      ...base,
      timezone: "Asia/Jakartaa",
      weekly: { mon: [["07:30", "12:00"], ["11:00", "16:00"]], tue: [["12:00", "07:30"]] },
      periods: [
        { name: "Ramadan", from: "2027-02-08", to: "2027-03-09", weekly: { mon: [["08:00", "14:00"]] } },
        { name: "Lebaran", from: "2027-03-01", to: "2027-02-01", weekly: {} },
      ],
      holidays: ["2027-01-01", "2027-01-01", "1899-05-01"],
    });
    const worded = issues.map((i) => [i.code, i.message, describeCalendarIssue(i, id), describeCalendarIssue(i, en)]);
    expect(worded).toEqual([
      ["unknownTimeZone", 'unknown time zone "Asia/Jakartaa"', 'zona waktu "Asia/Jakartaa" tidak dikenal', 'unknown time zone "Asia/Jakartaa"'],
      [
        "intervalsOverlap",
        "intervals overlap (07:30–12:00 and 11:00–16:00)",
        "rentang jam bertumpang tindih (07:30–12:00 dan 11:00–16:00)",
        "intervals overlap (07:30–12:00 and 11:00–16:00)",
      ],
      [
        "intervalStartNotBeforeEnd",
        "start 12:00 is not before end 07:30",
        "jam mulai 12:00 tidak lebih awal daripada jam selesai 07:30",
        "start 12:00 is not before end 07:30",
      ],
      [
        "periodEndsBeforeStart",
        '"to" before "from" (2027-03-01 to 2027-02-01)',
        "tanggal selesai lebih awal daripada tanggal mulai (2027-03-01 s.d. 2027-02-01)",
        "the end date is before the start date (2027-03-01 to 2027-02-01)",
      ],
      [
        "periodsOverlap",
        'overlaps periods[0] ("Ramadan", 2027-02-08..2027-03-09)',
        'bertumpang tindih dengan periode "Ramadan" (2027-02-08 s.d. 2027-03-09)',
        'overlaps the period "Ramadan" (2027-02-08 to 2027-03-09)',
      ],
      ["holidayDuplicate", "2027-01-01 is already listed at holidays[0]", "2027-01-01 tercantum lebih dari sekali", "2027-01-01 is listed more than once"],
      ["yearOutOfRange", "1899-05-01 is outside the years 1900–2199", "1899-05-01 di luar tahun 1900–2199", "1899-05-01 is outside the years 1900–2199"],
    ]);
  });

  it("gives the file format's problems a code too, and words them without leftover placeholders", () => {
    const issues = [
      ...calendarIssues({ ...base, name: "", extra: 1, weekly: { mon: [["7.30", "16:00"]] }, dayLengthHours: 0, dayRule: "jam" }),
      ...calendarIssues({ ...base, weekly: {}, dayLengthHours: 30, holidays: ["2027-02-30", 5, "1 Mei 2027"] }),
      ...calendarIssues({ weekly: base.weekly, timezone: "Asia/Jakarta", dayLengthHours: Number.NaN }),
    ];
    const codes = new Set(issues.map((i) => i.code));
    for (const code of ["unknownFields", "emptyText", "clockFormat", "numberAbove", "invalidOption", "numberAtMost", "notRealDate", "invalidHoliday", "dateFormat", "required", "invalidType"] as const) {
      expect(codes, code).toContain(code);
    }
    for (const issue of issues) {
      for (const lang of LANGS) expect(describeCalendarIssue(issue, translator(lang)), issue.message).not.toMatch(PLACEHOLDER);
    }
    const nan = issues.find((i) => i.code === "invalidType")!;
    expect(nan.message).toMatch(/expected number, received NaN/);
    expect(describeCalendarIssue(nan, id)).toBe("harus berupa angka");
    expect(calendarIssues({ ...base, weekly: { mon: [] } }).map((i) => describeCalendarIssue(i, id))).toEqual([
      "tidak ada jam kerja pada hari apa pun dalam seminggu",
    ]);
  });

  it("falls back to the English message for a code it does not know", () => {
    const unknown = { path: "", message: "something new", code: "somethingNew", params: {} } as unknown as CalendarIssue;
    expect(describeCalendarIssue(unknown, id)).toBe("something new");
  });
});

describe("describeHolidayImportError", () => {
  const read = (text: string): HolidayImportError => {
    try {
      importIcs(text, { fileName: "libur.ics", kind: "libur_nasional", until: "2027-12-31" });
    } catch (err) {
      if (err instanceof HolidayImportError) return err;
      throw err;
    }
    throw new Error("expected a HolidayImportError");
  };

  it("words an unreadable iCalendar file in the reader's language", () => {
    const empty = read("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
    expect(empty.message).toBe("libur.ics: no events (VEVENT) found");
    expect(describeHolidayImportError(empty, id)).toBe("libur.ics: tidak ada acara (VEVENT) di dalamnya");
    expect(describeHolidayImportError(empty, en)).toBe("libur.ics: no events (VEVENT) found");
    expect(describeHolidayImportError(read("hello"), id)).toMatch(/^libur\.ics: bukan berkas iCalendar \(/);
  });

  it("keeps the English message of an error without a code", () => {
    expect(describeHolidayImportError(new HolidayImportError("x.csv: no data rows"), id)).toBe("x.csv: no data rows");
  });
});
