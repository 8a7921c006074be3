import { type Access, visible } from "./access.ts";
import type { Kysely } from "kysely";
import type { Sop, SopStep, TimeStandard, TimeUnit } from "../../sop/schema.ts";
import { versionInForceOn } from "../../sop/version-in-force.ts";
import type { DB, SopVersionRow } from "../schema.ts";

/** Creates an SOP with its first version. */
export async function insertSop(db: Kysely<DB>, sop: Sop, officeId: number): Promise<number> {
  const { id } = await db
    .insertInto("sop")
    .values({ office_id: officeId, slug: sop.slug, permit_type: sop.permitType })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertSopVersion(db, id, 1, sop);
  return id;
}

export async function insertSopVersion(db: Kysely<DB>, sopId: number, version: number, sop: Sop): Promise<number> {
  const { id } = await db
    .insertInto("sop_version")
    .values({
      sop_id: sopId,
      version,
      name: sop.name,
      number: sop.number,
      affairs: sop.affairs,
      made_on: sop.madeOn,
      revised_on: sop.revisedOn,
      effective_from: sop.effectiveFrom,
      approved_by: sop.approvedBy,
      legal_basis: sop.legalBasis,
      stated_total_waktu: sop.statedTotal?.waktu ?? null,
      stated_total_value: sop.statedTotal?.standard.value ?? null,
      stated_total_unit: sop.statedTotal?.standard.unit ?? null,
      source_document: sop.sourceDocument,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const steps = await db
    .insertInto("sop_step")
    .values(
      sop.steps.map((s, i) => ({
        sop_version_id: id,
        position: i + 1,
        description: s.description,
        actor: s.actor,
        owner: s.owner,
        waktu: s.waktu,
        standard_value: s.standard?.value ?? null,
        standard_unit: s.standard?.unit ?? null,
        kelengkapan: s.kelengkapan,
        output: s.output,
        waktu_lower_value: s.waktuLower?.value ?? null,
        waktu_lower_unit: s.waktuLower?.unit ?? null,
        alternatives: s.alternatives,
      })),
    )
    .returning(["id", "position"])
    .execute();
  const aliases = steps.flatMap((row) =>
    [...new Set(sop.steps[row.position - 1]?.aliases ?? [])].map((alias) => ({ sop_step_id: row.id, alias })),
  );
  if (aliases.length > 0) await db.insertInto("sop_step_alias").values(aliases).execute();
  return id;
}

export async function sopSlugs(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db.selectFrom("sop").select("slug").execute();
  return new Set(rows.map((r) => r.slug));
}

/** Every SOP the access may see with its newest version, for the catalogue. */
export async function listSops(db: Kysely<DB>, access: Access) {
  return db
    .selectFrom("sop")
    .where(visible("sop.office_id", access))
    .innerJoin("sop_version as v", "v.sop_id", "sop.id")
    .leftJoin("sop_version as newer", (j) =>
      j.onRef("newer.sop_id", "=", "sop.id").onRef("newer.version", ">", "v.version"),
    )
    .where("newer.id", "is", null)
    .select((eb) => [
      "sop.id",
      "sop.slug",
      "sop.office_id",
      "sop.permit_type",
      "v.version",
      "v.name",
      "v.number",
      "v.effective_from",
      "v.stated_total_waktu",
      eb.selectFrom("sop_step").whereRef("sop_step.sop_version_id", "=", "v.id").select(eb.fn.countAll<number>().as("n")).as("step_count"),
    ])
    .orderBy("sop.permit_type")
    .execute();
}

export type SopListItem = Awaited<ReturnType<typeof listSops>>[number];

export async function findSop(db: Kysely<DB>, slug: string, access: Access) {
  return db
    .selectFrom("sop")
    .innerJoin("office", "office.id", "sop.office_id")
    .select([
      "sop.id",
      "sop.slug",
      "sop.permit_type",
      "office.id as office_id",
      "office.slug as office_slug",
      "office.name as office_name",
      "office.calendar_id",
    ])
    .where("sop.slug", "=", slug)
    .where(visible("sop.office_id", access))
    .executeTakeFirst();
}

/** The versions of an SOP, newest first. */
export async function sopVersions(db: Kysely<DB>, sopId: number) {
  return db.selectFrom("sop_version").selectAll().where("sop_id", "=", sopId).orderBy("version", "desc").execute();
}

/** The steps of one SOP version, in order, with their aliases. */
export async function sopSteps(db: Kysely<DB>, sopVersionId: number) {
  const steps = await db
    .selectFrom("sop_step")
    .selectAll()
    .where("sop_version_id", "=", sopVersionId)
    .orderBy("position")
    .execute();
  const aliases = await db
    .selectFrom("sop_step_alias")
    .innerJoin("sop_step", "sop_step.id", "sop_step_alias.sop_step_id")
    .select(["sop_step_alias.sop_step_id", "sop_step_alias.alias"])
    .where("sop_step.sop_version_id", "=", sopVersionId)
    .orderBy("sop_step_alias.alias")
    .execute();
  return steps.map((s) => ({ ...s, aliases: aliases.filter((a) => a.sop_step_id === s.id).map((a) => a.alias) }));
}

export type SopStepWithAliases = Awaited<ReturnType<typeof sopSteps>>[number];

/** The version in force on a date (YYYY-MM-DD); see versionInForceOn. */
export async function sopVersionInForce(db: Kysely<DB>, sopId: number, date: string) {
  return versionInForceOn(await sopVersions(db, sopId), date);
}

/** A standard stored as two columns, or null. */
export function standardOf(value: number | null, unit: TimeUnit | null): TimeStandard | null {
  return value !== null && unit !== null ? { value, unit } : null;
}

/** A stored step as the SOP data format has it. */
export function stepOfRow(row: SopStepWithAliases): SopStep {
  return {
    description: row.description,
    actor: row.actor,
    owner: row.owner,
    waktu: row.waktu,
    standard: standardOf(row.standard_value, row.standard_unit),
    waktuLower: standardOf(row.waktu_lower_value, row.waktu_lower_unit),
    alternatives: row.alternatives,
    kelengkapan: row.kelengkapan,
    output: row.output,
    aliases: row.aliases,
  };
}

/** A stored version as the SOP data format has it. */
export function sopOfVersion(sop: { slug: string; office_slug: string; permit_type: string }, v: SopVersionRow, steps: SopStepWithAliases[]): Sop {
  const total = standardOf(v.stated_total_value, v.stated_total_unit);
  return {
    slug: sop.slug,
    office: sop.office_slug,
    permitType: sop.permit_type,
    name: v.name,
    affairs: v.affairs,
    number: v.number,
    madeOn: v.made_on,
    revisedOn: v.revised_on,
    effectiveFrom: v.effective_from,
    approvedBy: v.approved_by,
    legalBasis: v.legal_basis,
    statedTotal: v.stated_total_waktu !== null && total ? { waktu: v.stated_total_waktu, standard: total } : null,
    sourceDocument: v.source_document,
    steps: steps.map(stepOfRow),
  };
}

/** Saves a new version after the newest; the unique (sop_id, version) key refuses a concurrent twin. */
export async function addSopVersion(db: Kysely<DB>, sopId: number, sop: Sop): Promise<number> {
  const { n } = await db
    .selectFrom("sop_version")
    .select((eb) => eb.fn.coalesce(eb.fn.max("version"), eb.val(0)).as("n"))
    .where("sop_id", "=", sopId)
    .executeTakeFirstOrThrow();
  const version = Number(n) + 1;
  await db.updateTable("sop").set({ permit_type: sop.permitType }).where("id", "=", sopId).execute();
  await insertSopVersion(db, sopId, version, sop);
  return version;
}

export async function setStepAliases(db: Kysely<DB>, stepId: number, aliases: readonly string[]): Promise<void> {
  await db.deleteFrom("sop_step_alias").where("sop_step_id", "=", stepId).execute();
  const unique = [...new Set(aliases.map((a) => a.trim()).filter(Boolean))];
  if (unique.length > 0) await db.insertInto("sop_step_alias").values(unique.map((alias) => ({ sop_step_id: stepId, alias }))).execute();
}

/** Step names seen in imports for an SOP's permits, with how many step records carry each. */
export async function importedStepNames(db: Kysely<DB>, sopId: number) {
  return db
    .selectFrom("step_record")
    .innerJoin("permit", "permit.id", "step_record.permit_id")
    .where("permit.sop_id", "=", sopId)
    .select(["step_record.step_name as name", (eb) => eb.fn.countAll<number>().as("records")])
    .groupBy("step_record.step_name")
    .orderBy("records", "desc")
    .execute();
}
