import { describe, expect, it } from "vitest";
import { translator } from "../../views/i18n.ts";
import { Layout } from "../../views/layout.tsx";
import { visibleText } from "../support/app.ts";

// While SLA results are recomputed in the background, every page says so, with the progress.

describe("the recompute banner", () => {
  const render = async (lang: "id" | "en", reevaluations: { why: string; done: number; total: number }[]) =>
    visibleText(String(await (<Layout ctx={{ lang, t: translator(lang), url: new URL("http://x/"), reevaluations }} title="T">body</Layout>)));

  it("shows how many permits are done of how many, in the reader's language", async () => {
    expect(await render("id", [{ why: "calendar", done: 1200, total: 5000 }])).toContain("Hasil SLA sedang dihitung ulang setelah perubahan SOP atau kalender: 1.200 dari 5.000 permohonan.");
    expect(await render("en", [{ why: "calendar", done: 1200, total: 5000 }])).toContain("1,200 of 5,000 permits");
  });

  it("says nothing when nothing is being recomputed", async () => {
    expect(await render("id", [])).not.toContain("dihitung ulang");
  });
});
