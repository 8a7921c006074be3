import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixture, rowsOf, scratch } from "./ingest-helpers.ts";

const file = scratch();

describe("readJson", () => {
  it("reads SiCantik Template Data rows under data.data, numbers kept, nested values as JSON", async () => {
    const rows = await rowsOf(fixture("sicantik-template-data.json"));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual({
      row: 2,
      fields: expect.objectContaining({ id: 12, nama_proses: "Pendaftaran", tgl_selesai: null, meta: '{"loket":2}' }),
    });
  });

  it.each([
    ["items.json", { data: { items: [{ a: 1 }, { a: 2 }] } }],
    ["array.json", [{ a: 1 }, { a: 2 }]],
    ["data.json", { meta: { errors: [] }, data: [{ a: 1 }, { a: 2 }] }],
  ])("finds the rows of %s", async (name, body) => {
    const rows = await rowsOf(await file(name, JSON.stringify(body)));
    expect(rows.map((r) => r.fields.a)).toEqual([1, 2]);
  });

  it("marks a row that is not an object", async () => {
    const rows = await rowsOf(await file("mixed.json", '[{"a":1}, 5]'));
    expect(rows[1]).toMatchObject({ row: 2, problem: expect.stringMatching(/not an object/) });
  });

  it("refuses no rows, an empty array, broken JSON and a huge value", async () => {
    await expect(rowsOf(await file("norows.json", '{"status":false,"message":"x"}'))).rejects.toMatchObject({ code: "no_rows", message: expect.stringMatching(/under data, data\.data/) });
    await expect(rowsOf(await file("none.json", '{"data":{"data":[]}}'))).rejects.toMatchObject({ code: "no_rows", message: expect.stringMatching(/empty/) });
    await expect(rowsOf(await file("broken.json", '{"data":{"data":[{"a":1},{"a":'))).rejects.toMatchObject({ code: "syntax", file: "broken.json" });
    const huge = `[{"a":"${"x".repeat(3 * 1024 * 1024)}"}]`;
    await expect(rowsOf(await file("huge.json", huge))).rejects.toMatchObject({ code: "record_too_large", row: 1 });
  });
});

describe("readXes", () => {
  it("reads events with their trace's attributes as case:…, <global> defaults, nested attributes left out", async () => {
    const rows = await rowsOf(fixture("log.xes"));
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({
      row: 1,
      fields: {
        "case:concept:name": "X-1",
        "case:permit_type": "Izin Praktik Tukang Gigi",
        "case:submitted_at": "2026-01-12T08:00:00+07:00",
        "lifecycle:transition": "complete",
        "concept:name": "Pendaftaran",
        "time:timestamp": "2026-01-12T08:15:00.000+07:00",
        "org:resource": "Rina Marlina",
      },
    });
    expect(rows[2]!.fields).not.toHaveProperty("note");
    expect(rows[4]!.fields["case:concept:name"]).toBe("X-2");
  });

  it("reads the same log gzip-compressed", async () => {
    const path = await file("log.xes.gz", gzipSync(readFileSync(fixture("log.xes"))));
    expect(await rowsOf(path)).toEqual(await rowsOf(fixture("log.xes")));
  });

  it("refuses XML that is no event log, a truncated .gz, and malformed XML", async () => {
    await expect(rowsOf(await file("other.xml", "<rss><item/></rss>"))).rejects.toMatchObject({ code: "format_mismatch", message: expect.stringMatching(/root element is <rss>/) });
    const gz = gzipSync(readFileSync(fixture("log.xes")));
    await expect(rowsOf(await file("cut.xes.gz", gz.subarray(0, gz.length - 40)))).rejects.toMatchObject({ code: "corrupt", file: "cut.xes.gz" });
    await expect(rowsOf(await file("bad.xes", "<log><trace><event></trace></log>"))).rejects.toMatchObject({ code: "syntax" });
    await expect(rowsOf(await file("quiet.xes", "<log><trace/></log>"))).rejects.toMatchObject({ code: "no_rows" });
  });
});
