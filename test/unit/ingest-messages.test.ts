import { describe, expect, it } from "vitest";
import { rowsOf, scratch } from "./ingest-helpers.ts";

// Files refused with a message that says what they are, not what they resemble.

const file = scratch();

describe("messages for files that cannot be read", () => {
  it("names UTF-32 text as UTF-32, little- and big-endian, not as UTF-16", async () => {
    const utf32le = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x00]), Buffer.from("n\0\0\0o\0\0\0\n\0\0\0")]);
    const utf32be = Buffer.concat([Buffer.from([0x00, 0x00, 0xfe, 0xff]), Buffer.from("\0\0\0n\0\0\0o\0\0\0\n")]);
    await expect(rowsOf(await file("le.csv", utf32le))).rejects.toMatchObject({ code: "encoding", message: "le.csv: is named .csv but its content is UTF-32 text; save it as CSV UTF-8" });
    await expect(rowsOf(await file("be.csv", utf32be))).rejects.toMatchObject({ code: "encoding", message: "be.csv: is named .csv but its content is UTF-32 text; save it as CSV UTF-8" });
    await expect(rowsOf(await file("tanpa-nama", utf32le))).rejects.toMatchObject({ code: "encoding", message: "tanpa-nama: cannot read UTF-32 text; save it as CSV UTF-8" });
    // UTF-16 is still UTF-16.
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("n\0o\0\n\0")]);
    await expect(rowsOf(await file("utf16.csv", utf16le))).rejects.toMatchObject({ code: "encoding", message: expect.stringContaining("UTF-16 text") });
  });

  it("refuses JSON nested deeper than 64 levels, naming the row and byte, however deep it goes", async () => {
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    for (const [name, text, row, byte] of [
      ["dalam.json", deep(200_000), 1, 64],
      ["dalam-rows.json", `[${deep(100_000)}]`, 1, 64],
      ["dalam-baris-3.json", `{"data":{"data":[{"a":1},{"a":2},{"a":${deep(1000)}}]}}`, 3, 98],
    ] as const) {
      await expect(rowsOf(await file(name, text))).rejects.toMatchObject({
        code: "too_deep",
        row,
        message: `${name} (row ${row}): arrays or objects nested deeper than 64 levels (at byte ${byte}); an export's rows are never nested so deep`,
      });
    }
    // Nesting within the limit is read as before: a row value that is an array comes as its JSON text.
    const rows = await rowsOf(await file("cukup.json", `{"data":{"data":[{"a":${deep(20)}}]}}`));
    expect(rows).toEqual([{ row: 1, fields: { a: deep(20) } }]);
  });
});
