import { EVERY_OFFICE } from "../../src/db/repos/access.ts";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { deliveriesOfAlert, findChannel, findDelivery, listChannels } from "../../src/db/repos/alert-deliveries.ts";
import type { DB } from "../../src/db/schema.ts";
import { deliverDueAlerts } from "../../src/jobs/deliver-alerts.ts";
import { raiseDueAlerts } from "../../src/jobs/raise-alerts.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { TEST_NOW, visibleText } from "../support/app.ts";
import { formFields } from "../support/forms.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";

// The delivery channels on an office's alert settings page and the deliveries on an alert's page,
// through HTTP as a browser without JavaScript posts the forms. Every channel points at a gateway
// on localhost that refuses each message (HTTP 400), so what the worker sends fails at once.

const SECRET = "rahasia-kantor-kampar-2026";
const TOKEN = "tok3n-gateway-9f8e7d6c5b4a";
const SETTINGS = "/peringatan/pengaturan/kampar";

let gateway: Server;
let gatewayUrl = "";
beforeAll(async () => {
  gateway = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(400).end("nomor tujuan tidak dikenal"));
  });
  await new Promise<void>((ok) => gateway.listen(0, "127.0.0.1", ok));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/kirim`;
});
afterAll(async () => {
  gateway.closeAllConnections();
  await new Promise((ok) => gateway.close(ok));
});

const post = (app: { request(path: string, init: RequestInit): Response | Promise<Response> }, path: string, fields: Record<string, string>) =>
  app.request(path, { method: "POST", body: new URLSearchParams(fields) });

/** The fields of one form of a page, as the browser would send them untouched. */
function fieldsOfForm(html: string, testid: string): Record<string, string> {
  const form = new RegExp(`<form[^>]*data-testid="${testid}"[\\s\\S]*?</form>`).exec(html)?.[0];
  if (!form) throw new Error(`no form ${testid}`);
  return formFields(form);
}

const newWebhook = (url: string): Record<string, string> => ({
  kind: "webhook",
  name: "WhatsApp Kepala Dinas",
  enabled: "on",
  lang: "id",
  level_warning: "on",
  level_breach: "on",
  url,
  format: "form",
  headers: `Authorization: ${TOKEN}\nX-Kantor: Kampar`,
  fields: "target: 6281200000000",
  message_field: "pesan",
  recipient_field: "nomor",
  recipient_warning: "6281111111111",
  recipient_breach: "6281299999999",
  secret: SECRET,
  template_breach: "LEWAT: {nomor} ({jenis}) tahap {tahap}, standar {standar}, batas {batas}",
});

async function officeId(db: Kysely<DB>): Promise<number> {
  return (await db.selectFrom("office").select("id").where("slug", "=", "kampar").executeTakeFirstOrThrow()).id;
}

describe.each(BACKENDS)("delivery channels and deliveries on the pages (%s)", (kind) => {
  const t = useTestDatabase(kind);
  const db = () => t.database.db;
  const channelNamed = async (name: string) => (await listChannels(db(), await officeId(db()))).find((c) => c.name === name);

  it("adds a webhook channel through the form and lists it with its secret and token kept out of the page", async () => {
    const saved = await post(t.app, `${SETTINGS}/saluran`, newWebhook(gatewayUrl));
    expect(saved.status).toBe(303);
    const channel = await channelNamed("WhatsApp Kepala Dinas");
    expect(channel).toMatchObject({ kind: "webhook", enabled: true, levels: ["warning", "breach"] });
    expect(saved.headers.get("location")).toBe(`${SETTINGS}?disimpan=${channel!.id}#saluran`);

    const html = await (await t.app.request(saved.headers.get("location")!)).text();
    const text = visibleText(html);
    expect(text).toContain('Saluran "WhatsApp Kepala Dinas" tersimpan.');
    const list = visibleText(/<table[^>]*data-testid="channel-list"[\s\S]*?<\/table>/.exec(html)?.[0] ?? "");
    expect(list).toContain(`WhatsApp Kepala Dinas Webhook ${gatewayUrl} aktif Mendekati batas, Lewat waktu`);
    expect(list).toContain("Mendekati batas: 6281111111111 Lewat waktu: 6281299999999");
    expect(list).toContain("Rahasia HMAC: tersimpan; Authorization: tersimpan");
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain(TOKEN);
    // A header that is no credential is shown back as it is.
    expect(fieldsOfForm(html, `channel-form-${channel!.id}`)["headers"]!.split("\n").sort()).toEqual(["Authorization: ", "X-Kantor: Kampar"]);
  });

  it("keeps the stored secret and token when an edit leaves them empty", async () => {
    const channel = (await channelNamed("WhatsApp Kepala Dinas"))!;
    const html = await (await t.app.request(SETTINGS)).text();
    const fields = fieldsOfForm(html, `channel-form-${channel.id}`);
    expect(fields["secret"]).toBe("");
    const edited = await post(t.app, `${SETTINGS}/saluran/${channel.id}`, { ...fields, recipient_breach: "6281277777777", level_warning2: "on" });
    expect(edited.status).toBe(303);
    const after = (await findChannel(db(), channel.id))!;
    expect(after.levels).toEqual(["warning", "warning2", "breach"]);
    expect(after.config).toMatchObject({
      url: gatewayUrl,
      format: "form",
      secret: SECRET,
      headers: { Authorization: TOKEN, "X-Kantor": "Kampar" },
      fields: { target: "6281200000000" },
      messageField: "pesan",
      recipientField: "nomor",
      recipients: { warning: "6281111111111", breach: "6281277777777" },
    });
    expect(after.templates).toEqual({ breach: newWebhook(gatewayUrl)["template_breach"] });
  });

  it("refuses a bad URL and a short secret naming the fields in Indonesian, and saves nothing", async () => {
    const before = (await listChannels(db(), await officeId(db()))).length;
    const refused = await post(t.app, `${SETTINGS}/saluran`, { ...newWebhook("ftp://gateway.kampar.go.id/kirim"), name: "Gateway salah", secret: "pendek" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    const errors = visibleText(/<div[^>]*data-testid="channel-errors"[\s\S]*?<\/div>/.exec(html)?.[0] ?? "");
    expect(errors).toContain("Saluran belum disimpan. Periksa:");
    expect(errors).toContain("URL webhook: harus alamat yang diawali http:// atau https://");
    expect(errors).toContain("Rahasia HMAC: paling sedikit 16 karakter");
    // The draft comes back to be mended, without the secret typed.
    expect(fieldsOfForm(html, "channel-new-webhook")).toMatchObject({ name: "Gateway salah", url: "ftp://gateway.kampar.go.id/kirim", secret: "", headers: "Authorization: \nX-Kantor: Kampar" });
    expect(html).not.toContain(TOKEN);
    expect((await listChannels(db(), await officeId(db()))).length).toBe(before);

    const badTemplate = await post(t.app, `${SETTINGS}/saluran`, { ...newWebhook(gatewayUrl), name: "Templat salah", template_warning: "Permohonan {nomer}" });
    expect(badTemplate.status).toBe(400);
    expect(visibleText(await badTemplate.text())).toContain("Templat · Mendekati batas: penanda tidak dikenal: {nomer}");
    expect(await channelNamed("Templat salah")).toBeUndefined();
  });

  it("adds an e-mail channel with recipients per level, keeps its password out of the page and on edit", async () => {
    const fields = {
      kind: "email",
      name: "E-mail Dinas",
      enabled: "on",
      lang: "id",
      level_warning: "on",
      level_breach: "on",
      host: "smtp.kampar.go.id",
      port: "465",
      secure: "on",
      user: "mutubaku",
      pass: "sandi-smtp-rahasia",
      from: "mutubaku@kampar.go.id",
      recipients_warning: "verifikasi@kampar.go.id, loket@kampar.go.id",
      recipients_breach: "kadis@kampar.go.id",
    };
    const badAddress = await post(t.app, `${SETTINGS}/saluran`, { ...fields, recipients_breach: "kadis-kampar", port: "lima" });
    expect(badAddress.status).toBe(400);
    const refused = visibleText(await badAddress.text());
    expect(refused).toContain("Alamat · Lewat waktu: bukan alamat e-mail");
    expect(refused).toContain("Port: harus bilangan bulat");
    expect(refused).not.toContain("sandi-smtp-rahasia");

    expect((await post(t.app, `${SETTINGS}/saluran`, fields)).status).toBe(303);
    const channel = (await channelNamed("E-mail Dinas"))!;
    const html = await (await t.app.request(SETTINGS)).text();
    expect(html).not.toContain("sandi-smtp-rahasia");
    expect(visibleText(html)).toContain("Mendekati batas: verifikasi@kampar.go.id, loket@kampar.go.id Lewat waktu: kadis@kampar.go.id Kata sandi SMTP: tersimpan");
    const edit = fieldsOfForm(html, `channel-form-${channel.id}`);
    expect(edit).toMatchObject({ pass: "", port: "465", secure: "on", recipients_breach: "kadis@kampar.go.id" });
    expect((await post(t.app, `${SETTINGS}/saluran/${channel.id}`, { ...edit, recipients_breach: "kadis@kampar.go.id sekdis@kampar.go.id" })).status).toBe(303);
    expect((await findChannel(db(), channel.id))!.config).toMatchObject({
      host: "smtp.kampar.go.id",
      port: 465,
      secure: true,
      pass: "sandi-smtp-rahasia",
      recipients: { warning: ["verifikasi@kampar.go.id", "loket@kampar.go.id"], breach: ["kadis@kampar.go.id", "sekdis@kampar.go.id"] },
    });
    // Turned off, so the alert below goes to the webhook alone.
    expect((await post(t.app, `${SETTINGS}/saluran/${channel.id}`, { ...edit, enabled: "" })).status).toBe(303);
    expect((await findChannel(db(), channel.id))!.enabled).toBe(false);
  });

  it("previews the draft's messages on the sample permit, saving nothing", async () => {
    const channel = (await channelNamed("WhatsApp Kepala Dinas"))!;
    const html = await (await t.app.request(SETTINGS)).text();
    const fields = fieldsOfForm(html, `channel-form-${channel.id}`);
    const previewed = await post(t.app, `${SETTINGS}/saluran/${channel.id}`, { ...fields, template_warning: "Awas: {nomor} sudah {terpakai} dari {standar}", action: "preview" });
    expect(previewed.status).toBe(200);
    const page = await previewed.text();
    const preview = visibleText(/<section[^>]*data-testid="channel-preview"[\s\S]*?<\/section>/.exec(page)?.[0] ?? "");
    // TEST_NOW is 10.00 WIB on 23 November 2026: the sample permit's due.
    expect(preview).toContain("Mendekati batas Awas: 503/DPMPTSP/IPTG/0001 sudah 75% dari 4 jam");
    expect(preview).toContain("Lewat waktu LEWAT: 503/DPMPTSP/IPTG/0001 (Izin Praktik Tukang Gigi) tahap Verifikasi Berkas, standar 4 jam, batas 23 Nov 2026, 10.00");
    expect(preview).toContain("Pesan uji Pesan uji Mutu Baku: saluran ini berfungsi.");
    expect(page).not.toContain(SECRET);
    expect((await findChannel(db(), channel.id))!.templates).toEqual({ breach: newWebhook(gatewayUrl)["template_breach"] });
  });

  it('"Kirim uji" queues a test message on the channel and says so', async () => {
    const channel = (await channelNamed("WhatsApp Kepala Dinas"))!;
    const sent = await post(t.app, `${SETTINGS}/saluran/${channel.id}/uji`, {});
    expect(sent.status).toBe(303);
    const text = visibleText(await (await t.app.request(sent.headers.get("location")!)).text());
    expect(text).toContain('Pesan uji lewat "WhatsApp Kepala Dinas" sudah masuk antrean');
    const queued = await db().selectFrom("alert_delivery").select(["kind", "status", "alert_id"]).where("channel_id", "=", channel.id).execute();
    expect(queued).toEqual([{ kind: "test", status: "pending", alert_id: null }]);
    expect((await post(t.app, `${SETTINGS}/saluran/999999/uji`, {})).status).toBe(404);
    const english = visibleText(await (await t.app.request(`${SETTINGS}?lang=en&uji=${channel.id}`)).text());
    expect(english).toContain('Delivery channels');
    expect(english).toContain('A test message on "WhatsApp Kepala Dinas" is queued');
  });

  it("shows a failed delivery with its error on the alert's page, and sends it again", async () => {
    const clock = fixedClock(TEST_NOW);
    const office = await officeId(db());
    const at = new Date(new Date(TEST_NOW).getTime() - 60_000);
    // An open permit whose total passed its standard a minute ago, raised by the alert job.
    const { id: permitId } = await db()
      .insertInto("permit")
      .values({ office_id: office, permit_number: "503/TG/2026/0777", permit_type: "Izin Kerja Teknisi Gigi", updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("permit_verdict")
      .values({ permit_id: permitId, office_id: office, permit_type: "Izin Kerja Teknisi Gigi", status: "open_late", evaluated_at: at, rules_version: 1, standard_seconds: 15 * 3600, share_used: 1, due_at: at, late_at: at })
      .execute();
    await db().insertInto("alert_crossing").values({ permit_id: permitId, step_record_id: null, level: "breach", at, share: 1 }).execute();
    const [alertId] = (await raiseDueAlerts({ db: db(), clock })).alertIds;
    // The gateway refuses: a 4xx is failed at once, its error kept.
    await deliverDueAlerts({ db: db(), clock, logger: silentLogger, publicUrl: "https://mutubaku.kampar.go.id", random: () => 0 });
    const [delivery] = await deliveriesOfAlert(db(), alertId!, EVERY_OFFICE);
    expect(delivery).toMatchObject({ status: "failed", attempts: 1 });

    const html = await (await t.app.request(`/peringatan/${alertId}`)).text();
    const table = visibleText(/<table[^>]*data-testid="alert-deliveries"[\s\S]*?<\/table>/.exec(html)?.[0] ?? "");
    expect(table).toContain(`WhatsApp Kepala Dinas (Webhook) Gagal 1 — HTTP 400 from ${gatewayUrl}: nomor tujuan tidak dikenal`);
    expect(table).toContain("Kirim ulang");

    const resent = await post(t.app, `/peringatan/${alertId}/pengiriman/${delivery!.id}/kirim-ulang`, {});
    expect(resent.status).toBe(303);
    expect(resent.headers.get("location")).toBe(`/peringatan/${alertId}`);
    expect(await findDelivery(db(), delivery!.id)).toMatchObject({ status: "pending", attempts: 0 });
    const after = visibleText(await (await t.app.request(`/peringatan/${alertId}`)).text());
    expect(after).toContain("WhatsApp Kepala Dinas (Webhook) Menunggu dikirim 0 dicoba 23 Nov 2026, 10.00");
    // By the signed-in user.
    expect(after).toMatch(/Dikirim ulang · Admin Uji <admin@mutubaku.test>: WhatsApp Kepala Dinas/);

    // A delivery that has not failed is not sent again; one of another alert is not found.
    const again = await post(t.app, `/peringatan/${alertId}/pengiriman/${delivery!.id}/kirim-ulang`, {});
    expect(again.status).toBe(400);
    expect(visibleText(await again.text())).toContain("Pengiriman ini tidak gagal, jadi tidak dapat dikirim ulang.");
    expect((await post(t.app, `/peringatan/${alertId}/pengiriman/999999/kirim-ulang`, {})).status).toBe(404);
  });
});
