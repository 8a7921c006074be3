import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { type CalendarFile, calendarFileSchema } from "../calendar/schema.ts";
import { type Office, officeSchema } from "../offices/schema.ts";
import { type Sop, sopSchema } from "../sop/schema.ts";

export const SEEDS_DIR = fileURLToPath(new URL("../../seeds/", import.meta.url));

export interface Seeds {
  offices: Office[];
  calendars: Map<string, CalendarFile>;
  sops: Sop[];
}

export class SeedError extends Error {}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new SeedError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new SeedError(`${file}:\n${issues.join("\n")}`);
  }
  return parsed.data;
}

async function jsonFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));
}

/** Reads and validates everything under seeds/ and checks the references between files. */
export async function readSeeds(dir: string = SEEDS_DIR): Promise<Seeds> {
  const offices = await readJson(join(dir, "offices.json"), officeSchema.array());
  const calendars = new Map<string, CalendarFile>();
  for (const file of await jsonFiles(join(dir, "calendars"))) {
    calendars.set(basename(file, ".json"), await readJson(file, calendarFileSchema));
  }
  const sops: Sop[] = [];
  for (const file of await jsonFiles(join(dir, "sop"))) {
    const sop = await readJson(file, sopSchema);
    if (basename(file, ".json") !== sop.slug) throw new SeedError(`${file}: slug "${sop.slug}" differs from the file name`);
    if (!offices.some((o) => o.slug === sop.office)) throw new SeedError(`${file}: office "${sop.office}" is not in offices.json`);
    sops.push(sop);
  }
  for (const o of offices) {
    if (!calendars.has(o.calendar)) throw new SeedError(`offices.json: office "${o.slug}" names calendar "${o.calendar}", which is not in calendars/`);
  }
  return { offices, calendars, sops };
}
