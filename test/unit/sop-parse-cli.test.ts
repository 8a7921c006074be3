import { afterEach, beforeEach, describe, it, expect, vi, type MockInstance } from "vitest";
import { fileURLToPath } from "node:url";
import { sopParseCommand } from "../../src/cli/sop-parse.ts";
import { SOP_DOCUMENTS } from "../support/sop-documents.ts";

// `mutubaku sop parse FILE [--json]`, called as the CLI will call it, with its output captured.

const document = (name: string): string => fileURLToPath(new URL(name, SOP_DOCUMENTS));
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/sop/${name}`, import.meta.url));

let log: MockInstance<typeof console.log>;
let error: MockInstance<typeof console.error>;
beforeEach(() => {
  log = vi.spyOn(console, "log").mockImplementation(() => {});
  error = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

const printed = (spy: MockInstance<typeof console.log>): string => spy.mock.calls.map((c) => c.join(" ")).join("\n");

describe("mutubaku sop parse", () => {
  it("prints the identity, each step with actor, owner, Waktu and standard, the stated total and the warnings", async () => {
    expect(await sopParseCommand([document("003_b266fc422bbf33e6.txt")])).toBe(0);
    const out = printed(log);
    expect(out).toContain("Number        SOP/DPMPTSP-NP/02");
    expect(out).toContain("effective 2023-05-10");
    expect(out).toContain("File          003_b266fc422bbf33e6.txt");
    expect(out).toMatch(/^ {3}7 {2}Kepala Dinas \(office\) · "1 hari" = 1 day$/m);
    expect(out).toMatch(/^ {3}1 {2}Pemohon \(applicant\) · "5 menit" = 5 min$/m);
    expect(out).toContain('Stated total  "2 hari kerja" = 2 days');
    expect(out).toContain("Warnings (2)");
    expect(out).toMatch(/^ {2}statedTotal: .*differs from the sum/m);
  });

  it("shows ranges, alternatives and unread forms for what they are", async () => {
    await sopParseCommand([fixture("range.txt")]);
    await sopParseCommand([fixture("alternatives.txt")]);
    await sopParseCommand([fixture("unknown-waktu.txt")]);
    const out = printed(log);
    expect(out).toContain('"1-3 hari" = 3 days (lower bound 1 day)');
    expect(out).toContain('= choose one: 7 days dengan bupati | 2 days dengan Kadin');
    expect(out).toContain('"segera" = not read');
    expect(out).toContain("steps[1].waktu: step 2: unrecognised Waktu \"segera\"");
  });

  it("prints { sop, warnings } as JSON with --json, naming the source file", async () => {
    expect(await sopParseCommand(["--json", fixture("total-only.txt")])).toBe(0);
    const result = JSON.parse(printed(log)) as { sop: Record<string, unknown>; warnings: Array<{ field: string }> };
    expect(result.sop).toMatchObject({ sourceDocument: "total-only.txt", steps: [], statedTotal: { waktu: "12 Hari" } });
    expect(result.warnings.map((w) => w.field)).toEqual(["steps"]);
  });

  it("exits 1 naming the file when it cannot be read", async () => {
    expect(await sopParseCommand(["/no/such/sop.txt"])).toBe(1);
    expect(printed(error)).toBe("mutubaku sop parse: cannot read /no/such/sop.txt: no such file");
    expect(await sopParseCommand(["/no/such/sop.pdf"])).toBe(1);
    expect(await sopParseCommand([fileURLToPath(new URL("../fixtures/sop/", import.meta.url))])).toBe(1);
    expect(error.mock.calls.at(-1)?.[0]).toMatch(/fixtures\/sop\/?: it is a directory$/);
    expect(log).not.toHaveBeenCalled();
  });

  it("exits 2 with the usage when FILE is missing or an option is unknown", async () => {
    expect(await sopParseCommand([])).toBe(2);
    expect(await sopParseCommand(["--yaml", fixture("range.txt")])).toBe(2);
    expect(printed(error)).toContain("Usage: mutubaku sop parse FILE [--json]");
  });
});
