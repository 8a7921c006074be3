import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ChannelConfigError, emailRecipients, parseChannelConfig, parseChannelInput, webhookConfigSchema } from "../../src/alerts/channel-config.ts";
import { backoffMs, nextTry, RETRY_POLICY } from "../../src/alerts/retry.ts";
import { type AlertFacts, messageFormat, previewMessage, renderMessage, renderTemplate, sampleFacts, subjectOf, unknownPlaceholders } from "../../src/alerts/templates.ts";
import { buildWebhookRequest, signBody } from "../../src/alerts/webhook.ts";
import { nextWorkingInstant } from "../../src/calendar/index.ts";
import { riau, showWib, wib } from "./calendar-fixtures.ts";

const breach: AlertFacts = {
  level: "breach",
  permitId: 42,
  permitNumber: "503/IPTG/2026/0042",
  permitType: "Izin Praktik Tukang Gigi",
  stepName: "Verifikasi Berkas",
  actor: "Rina",
  standardSeconds: 2 * 7.5 * 3600 + 3600,
  share: 0.98,
  dueAt: wib("2026-01-09 15:00").toISOString(),
};

describe("alert message templates", () => {
  it("fills every placeholder with id-ID formatting by default", () => {
    const text = renderMessage(breach, {}, messageFormat(riau, "id"), "https://mutu.example.go.id/");
    expect(text).toBe(
      "Melewati standar: permohonan 503/IPTG/2026/0042 (Izin Praktik Tukang Gigi), tahap Verifikasi Berkas oleh Rina, melewati standar 2 hari 1 jam pada 9 Jan 2026, 15.00. https://mutu.example.go.id/permohonan/42",
    );
  });

  it("uses the office's own template, and English words when the channel is English", () => {
    const warning = { ...breach, level: "warning" as const, share: 0.756, stepName: null, actor: null };
    const text = renderMessage(warning, { warning: "{nomor}: {terpakai} of {standar}, {tahap}, {petugas}, due {batas} {jenis} {tautan} {other}" }, messageFormat(riau, "en"), "http://x");
    expect(text).toBe("503/IPTG/2026/0042: 76% of 2 days 1 h, the permit's total, -, due 9 Jan 2026, 15:00 Izin Praktik Tukang Gigi http://x/permohonan/42 {other}");
  });

  it("names what is not a placeholder, and a subject is the first sentence", () => {
    expect(unknownPlaceholders("{nomor} {Nomor} {no} {}")).toEqual(["no"]);
    expect(renderTemplate("{batas}!", { nomor: "", jenis: "", tahap: "", petugas: "", standar: "", terpakai: "", batas: "besok", tautan: "" })).toBe("besok!");
    expect(subjectOf("Melewati standar: izin 1. Lihat tautan.")).toBe("Melewati standar: izin 1.");
  });

  it("shows a breach as having used at least its whole standard", () => {
    const text = renderMessage(breach, { breach: "{terpakai}" }, messageFormat(riau, "id"), "");
    expect(text).toBe("100%");
  });
});

describe("webhook request", () => {
  const config = webhookConfigSchema.parse({
    url: "https://gateway.example/send",
    headers: { Authorization: "token-123" },
    fields: { target: "6281200000000" },
    recipientField: "target",
    recipients: { breach: "6281299999999" },
    secret: "a-secret-of-sixteen+",
  });

  it("signs the exact JSON body with HMAC-SHA256 and carries the idempotency key", () => {
    const req = buildWebhookRequest(config, { text: "Halo \u{1F600} ä", level: "breach" }, "key-1");
    expect(JSON.parse(req.body)).toEqual({ target: "6281299999999", message: "Halo \u{1F600} ä" });
    expect(req.headers["Idempotency-Key"]).toBe("key-1");
    expect(req.headers["Authorization"]).toBe("token-123");
    expect(req.headers["Content-Type"]).toBe("application/json; charset=utf-8");
    const expected = createHmac("sha256", "a-secret-of-sixteen+").update(Buffer.from(req.body, "utf8")).digest("hex");
    expect(req.headers["X-MutuBaku-Signature"]).toBe(`sha256=${expected}`);
    expect(signBody(req.body, "another-secret-16ch")).not.toBe(req.headers["X-MutuBaku-Signature"]);
  });

  it("sends a form body, with the level's recipient where one is set", () => {
    const form = { ...config, format: "form" as const, secret: undefined };
    const req = buildWebhookRequest(form, { text: "a b&c", level: "warning" }, "k");
    expect(req.body).toBe("target=6281200000000&message=a+b%26c");
    expect(req.headers["Content-Type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
    expect(req.headers["X-MutuBaku-Signature"]).toBeUndefined();
  });
});

describe("channel settings", () => {
  it("names the wrong field", () => {
    const bad = () => parseChannelInput({ kind: "webhook", name: "WA", config: { url: "ftp://x", secret: "short", headers: { "Bad Header": "v" } }, templates: { breach: "{nomer}" } });
    expect(bad).toThrow(ChannelConfigError);
    try {
      bad();
    } catch (err) {
      const paths = (err as ChannelConfigError).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(["config.url", "config.secret", "config.headers.Bad Header", "templates.breach"]));
      expect((err as Error).message).toContain("unknown placeholder {nomer}");
      expect((err as ChannelConfigError).issues.find((i) => i.path === "templates.breach")).toMatchObject({ code: "custom", unknownPlaceholders: ["nomer"] });
    }
    expect(() => parseChannelConfig("email", { host: "smtp.example", from: "bukan-alamat" })).toThrow(/config\.from: not an e-mail address/);
  });

  it("fills defaults, and a test mail goes to every address", () => {
    const ch = parseChannelInput({
      kind: "email",
      name: "Surel",
      config: { host: "smtp.example", from: "mutu@example.go.id", recipients: { warning: ["unit@example.go.id"], breach: ["kadis@example.go.id", "unit@example.go.id"] } },
    });
    expect(ch.levels).toEqual(["warning", "warning2", "breach", "digest"]);
    expect(ch.enabled).toBe(true);
    if (ch.kind !== "email") throw new Error("kind");
    expect(ch.config.port).toBe(587);
    expect(emailRecipients(ch.config, "test")).toEqual(["unit@example.go.id", "kadis@example.go.id"]);
    expect(emailRecipients(ch.config, "warning2")).toEqual([]);
  });
});

describe("retry schedule", () => {
  it("doubles from 30 s with jitter in the upper half, capped at an hour", () => {
    expect(backoffMs(1, 0)).toBe(15_000);
    expect(backoffMs(1, 0.999_999)).toBe(30_000);
    expect(backoffMs(2, 0.5)).toBe(45_000);
    expect(backoffMs(4, 0)).toBe(120_000);
    expect(backoffMs(20, 1)).toBe(3_600_000);
  });

  it("gives up after the last try", () => {
    const at = new Date("2026-01-05T01:00:00Z");
    expect(nextTry(1, at, 0)).toEqual(new Date(at.getTime() + 15_000));
    expect(nextTry(RETRY_POLICY.maxAttempts - 1, at, 0)).not.toBeNull();
    expect(nextTry(RETRY_POLICY.maxAttempts, at, 0)).toBeNull();
  });
});

describe("quiet hours: the next instant the office is open", () => {
  it("is now while the office is open", () => {
    expect(showWib(nextWorkingInstant(riau, wib("2026-01-08 10:15")))).toBe("2026-01-08 10:15");
  });

  it("is the next morning's opening after hours, and after lunch at midday", () => {
    expect(showWib(nextWorkingInstant(riau, wib("2026-01-07 21:00")))).toBe("2026-01-08 07:30");
    expect(showWib(nextWorkingInstant(riau, wib("2026-01-07 12:10")))).toBe("2026-01-07 13:00");
    expect(showWib(nextWorkingInstant(riau, wib("2026-01-07 16:00")))).toBe("2026-01-08 07:30");
  });

  it("skips a holiday, its cuti bersama and the weekend, and follows Ramadan hours", () => {
    // Thursday 14 May 2026 is Kenaikan, Friday a cuti bersama.
    expect(showWib(nextWorkingInstant(riau, wib("2026-05-13 21:00")))).toBe("2026-05-18 07:30");
    expect(showWib(nextWorkingInstant(riau, wib("2026-03-02 07:45")))).toBe("2026-03-02 08:00");
  });

  it("a preview fills every level's template with made-up facts", () => {
    for (const level of ["warning", "warning2", "breach", "test"] as const) {
      expect(previewMessage(level, {}, messageFormat(riau, "id"), "http://x", wib("2026-01-08 10:00"))).not.toMatch(/\{[a-z]+\}/);
    }
    expect(previewMessage("warning", { warning: "{nomor} {terpakai} {batas}" }, messageFormat(riau, "id"), "http://x", wib("2026-01-08 10:00"))).toBe(
      `${sampleFacts("warning", new Date()).permitNumber} 75% 8 Jan 2026, 10.00`,
    );
  });
});
