import { describe, expect, it } from "vitest";
import { IngestError } from "../../src/ingest/errors.ts";
import { listProfiles, loadProfile, parseProfile } from "../../src/ingest/profile.ts";

const minimal = {
  name: "x",
  label: "X",
  description: "test",
  shape: "step_rows",
  columns: { permitNumber: "No_Permohonan", step: ["nama_proses", "proses"], start: "start_date", end: "end_date" },
};

describe("profiles", () => {
  it("ships sicantik, silastri, simple, generic and xes, all valid", async () => {
    const profiles = await listProfiles();
    expect(profiles.map((p) => [p.name, p.shape])).toEqual([
      ["generic", "step_rows"],
      ["sicantik", "step_rows"],
      ["silastri", "events"],
      ["simple", "wide"],
      ["xes", "events"],
    ]);
  });

  it("fills defaults and lower-cases column names; a single name becomes a list", () => {
    const p = parseProfile(minimal, "x.json");
    expect(p).toMatchObject({ timezone: null, dateFormats: ["iso", "dmy", "indonesian", "excel_serial"], order: "file", startFallback: false });
    expect(p.columns.permitNumber).toEqual(["no_permohonan"]);
  });

  it.each([
    [{ ...minimal, shape: "rows" }, /shape/],
    [{ ...minimal, extra: 1 }, /extra/],
    [{ ...minimal, order: "record_id" }, /columns\.recordId: order "record_id" needs the column of the row id/],
    [{ ...minimal, statuses: { finished: ["Selesai"], waiting: ["selesai"] } }, /"selesai" is also listed under finished/],
    [{ ...minimal, dateFormats: ["mm/dd/yyyy"] }, /dateFormats\.0/],
    [{ ...minimal, shape: "wide", stages: [] }, /stages/],
  ])("refuses an invalid profile (%#)", (data, message) => {
    expect(() => parseProfile(data, "bad.json")).toThrow(message);
  });

  it("refuses an unknown profile, listing the known ones, and a name that is no slug", async () => {
    const err = await loadProfile("siCantik2").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(err).toMatchObject({ code: "unknown_profile" });
    await expect(loadProfile("nope")).rejects.toThrow(/no such profile \(known: generic, sicantik, silastri, simple, xes\)/);
    await expect(loadProfile("../package")).rejects.toMatchObject({ code: "unknown_profile" });
  });
});
