import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { csrfToken, csrfTokenMatches } from "../../src/auth/csrf.ts";
import { newToken } from "../../src/auth/sessions.ts";
import { firstField } from "../../src/web/uploads.ts";

// The CSRF token of a session, and the first field of a form read off the front of its body.

describe("a session's CSRF token", () => {
  it("is its own for every session, the same on every page of one, and matched only exactly", () => {
    const session = newToken();
    const token = csrfToken(session);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(csrfToken(session)).toBe(token);
    expect(csrfToken(newToken())).not.toBe(token);
    expect(token).not.toContain(session);
    expect(csrfTokenMatches(session, token)).toBe(true);
    for (const wrong of [undefined, "", token.slice(1), `${token}x`, csrfToken(newToken())]) expect(csrfTokenMatches(session, wrong)).toBe(false);
  });
});

describe("the first field of a form body", () => {
  const BOUNDARY = "----mutubakuUnit";
  const multipart = `multipart/form-data; boundary=${BOUNDARY}`;
  const part = (name: string, value: string, file?: string) =>
    `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\ncontent-type: text/csv` : ""}\r\n\r\n${value}\r\n`;
  /** The body sent in pieces of `size` bytes, as a socket delivers it. */
  const sent = (body: string, size: number) => Readable.from(Array.from({ length: Math.ceil(body.length / size) }, (_, i) => Buffer.from(body.slice(i * size, (i + 1) * size))));

  it("names the first field and gives the body back whole, whatever the pieces it came in", async () => {
    const big = "nomor,langkah\n".repeat(20_000);
    const cases: [string, string, { name: string; value: string } | null][] = [
      ["application/x-www-form-urlencoded", "_csrf=abc", { name: "_csrf", value: "abc" }],
      ["application/x-www-form-urlencoded", "_csrf=abc&target=61&back=%2F", { name: "_csrf", value: "abc" }],
      ["application/x-www-form-urlencoded", "target=61&_csrf=abc", { name: "target", value: "61" }],
      [multipart, `${part("_csrf", "abc")}${part("office", "kampar")}${part("file", big, "ekspor.csv")}--${BOUNDARY}--\r\n`, { name: "_csrf", value: "abc" }],
      [multipart, `${part("file", big, "ekspor.csv")}${part("_csrf", "abc")}--${BOUNDARY}--\r\n`, null],
      [multipart, `--${BOUNDARY}\r\nbroken`, null],
      ["application/x-www-form-urlencoded", `_csrf=${"a".repeat(100_000)}`, null],
    ];
    for (const [type, body, field] of cases) {
      for (const size of [7, 1000, 65536]) {
        const got = await firstField(type, sent(body, size));
        expect(got.field, `${body.slice(0, 40)} in pieces of ${size}`).toEqual(field);
        expect((await buffer(got.whole)).toString()).toBe(body);
      }
    }
  });
});
