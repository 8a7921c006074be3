import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { settleBackground, visibleText } from "../support/app.ts";
import { formFields } from "../support/forms.ts";
import { BACKENDS, useTestDatabase } from "../support/test-db.ts";
import { SOP_DOCUMENTS } from "../support/sop-documents.ts";

const ORIGIN = "http://localhost";
const document = (name: string) => readFileSync(new URL(name, SOP_DOCUMENTS));

describe.each(BACKENDS)("the SOP editor on %s", (kind) => {
  const t = useTestDatabase(kind);

  const post = (path: string, body: FormData | URLSearchParams) => t.app.request(path, { method: "POST", body, headers: { origin: ORIGIN } });
  const get = async (path: string) => {
    const res = await t.app.request(path);
    const html = await res.text();
    return { res, html, text: visibleText(html) };
  };

  it("reads an uploaded SOP document into an editable preview with its warnings, and saves it as a new SOP", async () => {
    const body = new FormData();
    body.set("file", new File([document("003_b266fc422bbf33e6.txt")], "SIKTG-Pekanbaru.txt"));
    const preview = await post("/kantor/pekanbaru/sop/baca", body);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    const form = formFields(html);
    expect(form.step_count).toBe("10");
    expect(form.step_6_waktu).toBe("1 hari");
    expect(form.step_6_actor).toBe("Kepala Dinas");
    expect(form.stated_total).toBe("2 hari kerja");
    expect(form.source_document).toBe("SIKTG-Pekanbaru.txt");
    // The parser's doubts are shown on the fields they concern.
    expect(html).toContain('data-testid="parser-warnings"');
    expect(html).toMatch(/class="field warned"><span>Pelaksana<\/span><input type="text" name="step_0_actor"/);

    const saved = await post("/kantor/pekanbaru/sop/simpan", new URLSearchParams({ ...form, permit_type: "SIKTG Uji", intent: "save" }));
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/sop/pekanbaru-siktg-uji");
    const page = await get("/sop/pekanbaru-siktg-uji");
    expect(page.text).toContain("SOP/DPMPTSP-NP/02");
    expect(page.html.match(/<tbody>[\s\S]*?<\/tbody>/g)?.at(-1)?.match(/<tr>/g)).toHaveLength(9);
    expect((await get("/sop")).html).toContain('href="/sop/pekanbaru-siktg-uji"');
  });

  it("words the parser's warnings on the preview in the reader's language", async () => {
    const text = readFileSync(new URL("../fixtures/sop/unknown-waktu.txt", import.meta.url), "utf8");
    const preview = async (path: string, headers: Record<string, string> = {}) => {
      const res = await t.app.request(path, { method: "POST", body: new URLSearchParams({ text }), headers: { origin: ORIGIN, ...headers } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const html = await preview("/kantor/pekanbaru/sop/baca");
    expect(html).toContain('data-testid="parser-warnings"');
    // Under the Waktu of the step it concerns, in Indonesian.
    expect(html).toMatch(/id="err-step_0_waktu"><li class="field-warning">langkah 1: Waktu &quot;1 minggu&quot; tidak dikenali; isi standar secara manual/);
    const id = visibleText(html);
    expect(id).toContain('langkah 2: Waktu "segera" tidak dikenali; isi standar secara manual');
    expect(id).not.toContain("unrecognised");

    const en = visibleText(await preview("/kantor/pekanbaru/sop/baca?lang=en"));
    expect(en).toContain('step 1: Waktu "1 minggu" not recognised; enter the standard by hand');
    expect(visibleText(await preview("/kantor/pekanbaru/sop/baca", { cookie: "lang=en" }))).toContain('step 3: Waktu "1 Jam 30 Menit" not recognised');
  });

  it("saves an edit as a new version, keeps the earlier one, and compares them step by step", async () => {
    const form = formFields((await get("/sop/kampar-izin-kerja-teknisi-gigi/ubah")).html);
    expect(form.step_2_waktu).toBe("1 Jam");
    const res = await post(
      "/sop/kampar-izin-kerja-teknisi-gigi/simpan",
      new URLSearchParams({
        ...form,
        effective_from: "2026-12-01",
        revised_on: "2026-11-20",
        step_2_waktu: "2 Jam",
        step_6_description: "Survei Kepuasan Masyarakat diisi pemohon",
        step_6_actor: "Pemohon",
        step_6_owner: "applicant",
        step_6_waktu: "5 Menit",
        intent: "save",
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sop/kampar-izin-kerja-teknisi-gigi?versi=2");
    const v2 = await get("/sop/kampar-izin-kerja-teknisi-gigi?versi=2");
    expect(v2.text).toContain("Berlaku sejak 1 Desember 2026");
    expect(v2.text).toContain("Survei Kepuasan Masyarakat diisi pemohon");
    const v1 = await get("/sop/kampar-izin-kerja-teknisi-gigi?versi=1");
    expect(v1.text).toContain("Berlaku sejak 11 Januari 2022");
    expect(v1.text).not.toContain("Survei Kepuasan Masyarakat diisi pemohon");
    // Aliases went along with their steps.
    expect(formFields((await get("/sop/kampar-izin-kerja-teknisi-gigi/alias?versi=2")).html).step_1).toBe(form.step_0_aliases);

    const cmp = await get("/sop/kampar-izin-kerja-teknisi-gigi/bandingkan?a=1&b=2");
    const rows = [...cmp.html.matchAll(/<tr class="step-([a-z]+)"/g)].map((m) => m[1]);
    expect(rows).toEqual(["same", "same", "changed", "same", "same", "same", "added"]);
    expect(cmp.text).toContain("Berlaku sejak: 2022-01-11 → 2026-12-01");
  });

  it("asks which alternative applies, and refuses a Waktu it cannot read, naming it", async () => {
    const form = formFields((await get("/sop/rokan-hilir-izin-praktik-tukang-gigi/ubah")).html);
    const alternatives = { ...form, step_2_waktu: "7 hari dengan bupati; 2 hari dengan Kadin", step_4_waktu: "sebentar", intent: "save" };
    const refused = await post("/sop/rokan-hilir-izin-praktik-tukang-gigi/simpan", new URLSearchParams(alternatives));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("pilih salah satu waktu alternatif");
    expect(visibleText(html)).toContain('Waktu "sebentar" tidak dikenali');
    expect(html).toContain("2 hari — dengan Kadin");
    const chosen = await post(
      "/sop/rokan-hilir-izin-praktik-tukang-gigi/simpan",
      new URLSearchParams({ ...alternatives, step_4_waktu: "10 Menit", step_2_choice: "1" }),
    );
    expect(chosen.status).toBe(303);
    const step = await t.database.db
      .selectFrom("sop_step")
      .innerJoin("sop_version", "sop_version.id", "sop_step.sop_version_id")
      .innerJoin("sop", "sop.id", "sop_version.sop_id")
      .select(["standard_value", "standard_unit", "alternatives"])
      .where("sop.slug", "=", "rokan-hilir-izin-praktik-tukang-gigi")
      .where("sop_version.version", "=", 2)
      .where("sop_step.position", "=", 3)
      .executeTakeFirstOrThrow();
    expect(step).toEqual({
      standard_value: 2,
      standard_unit: "day",
      alternatives: [
        { condition: "dengan bupati", standard: { value: 7, unit: "day" } },
        { condition: "dengan Kadin", standard: { value: 2, unit: "day" } },
      ],
    });
  });

  it("lists imported step names that match no step, suggests the likeliest, and maps one in a click", async () => {
    const { db } = t.database;
    const sop = await db.selectFrom("sop").select(["id", "office_id"]).where("slug", "=", "kampar-izin-kerja-teknisi-gigi").executeTakeFirstOrThrow();
    const permit = await db
      .insertInto("permit")
      .values({ office_id: sop.office_id, permit_number: "503/KMP/0001", permit_type: "Izin Kerja Teknisi Gigi", sop_id: sop.id, updated_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("step_record")
      .values([
        { permit_id: permit.id, step_name: "Cetak SK Izin", occurrence: 1 },
        { permit_id: permit.id, step_name: "Tanda Tangan Elektronik Kadis", occurrence: 1 },
      ])
      .execute();
    const page = await get("/sop/kampar-izin-kerja-teknisi-gigi/alias?versi=1");
    expect(page.text).toContain("Nama dari impor yang belum terpetakan (2)");
    expect(page.html).toMatch(/Tanda Tangan Elektronik Kadis<\/td><td class="num">1<\/td><td><form[^>]*><input type="hidden" name="_csrf" value="[^"]+"\/><input type="hidden" name="name" value="Tanda Tangan Elektronik Kadis"\/><input type="hidden" name="position" value="4"\/>/);

    const mapped = await post("/sop/kampar-izin-kerja-teknisi-gigi/alias?versi=1&petakan=1", new URLSearchParams({ name: "Tanda Tangan Elektronik Kadis", position: "4" }));
    expect(mapped.status).toBe(303);
    const after = await get("/sop/kampar-izin-kerja-teknisi-gigi/alias?versi=1");
    expect(after.text).toContain("Nama dari impor yang belum terpetakan (1)");
    expect(formFields(after.html).step_4).toContain("Tanda Tangan Elektronik Kadis");
    // The office's SLA results were recomputed: the newly mapped record is now judged as step 4.
    await settleBackground(t.database);
    const verdict = await db
      .selectFrom("step_verdict")
      .innerJoin("step_record", "step_record.id", "step_verdict.step_record_id")
      .select(["step_verdict.position", "step_verdict.reason"])
      .where("step_record.step_name", "=", "Tanda Tangan Elektronik Kadis")
      .executeTakeFirstOrThrow();
    expect(verdict.position).toBe(4);
  });

  it("says so when no document was given, and when a file cannot be read", async () => {
    const empty = await post("/sop/kampar-izin-kerja-teknisi-gigi/baca", new FormData());
    expect(empty.status).toBe(422);
    expect(visibleText(await empty.text())).toContain("Unggah berkas atau tempel teks dokumen SOP.");
    const body = new FormData();
    body.set("file", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "scan.png"));
    const bad = await post("/sop/kampar-izin-kerja-teknisi-gigi/baca", body);
    expect(bad.status).toBe(422);
    expect(visibleText(await bad.text())).toContain("scan.png");
  });
});
