import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { IngestError } from "./errors.ts";
import { DATE_FORMATS } from "./timestamps.ts";

// An export profile: how one source system's export reads (docs/profiles.md). Profiles are data
// (seeds/profiles/*.json) so that an office can adjust column names, date formats, status words
// and step names without code.

export const PROFILES_DIR = fileURLToPath(new URL("../../seeds/profiles/", import.meta.url));

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const text = z.string().trim().min(1);
const columnName = text.transform((s) => s.toLowerCase());
/** A column, by one name or by alternatives tried in order (exports of one system vary). */
const columns = z.union([columnName, z.array(columnName).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
export type Columns = z.output<typeof columns>;

/** Where a permit-level value comes from: a column (required unless optional) or a fixed value. */
const columnOrFixed = z.union([
  z.strictObject({ column: columns, optional: z.boolean().default(false) }),
  z.strictObject({ fixed: text }),
]);
export type ColumnOrFixed = z.output<typeof columnOrFixed>;

export const STEP_STATUSES = ["finished", "in_progress", "waiting", "skipped"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

const words = z.array(text).default([]);

// Columns every shape may name; permitNumber is the only one every shape needs.
const permitColumns = {
  permitNumber: columns,
  recordId: columns.optional(),
  submittedAt: columns.optional(),
  permitFinishedAt: columns.optional(),
  permitStatus: columns.optional(),
};

const common = {
  name: z.string().regex(SLUG, "expected lower-case words joined by hyphens"),
  label: text,
  description: text,
  /** IANA zone of times written without one; null: the office's. */
  timezone: text.nullable().default(null),
  /** Tried in order for every date cell. */
  dateFormats: z.array(z.enum(DATE_FORMATS)).min(1).default([...DATE_FORMATS]),
  /** Cell values meaning "empty", compared trimmed and case-insensitively; "x*" matches any value starting with x. An empty cell is always empty. */
  emptyValues: z.array(z.string()).default(["-", "NULL"]),
  permitType: columnOrFixed.nullable().default(null),
  office: columnOrFixed.nullable().default(null),
  /** Source step name → canonical name, matched ignoring case and repeated spaces. */
  stepAliases: z.record(z.string(), text).default({}),
};

const stepRowsProfile = z.strictObject({
  ...common,
  shape: z.literal("step_rows"),
  columns: z.strictObject({
    ...permitColumns,
    step: columns,
    start: columns,
    end: columns,
    status: columns.optional(),
    actor: columns.optional(),
  }),
  statuses: z
    .strictObject({ finished: words, in_progress: words, waiting: words, skipped: words })
    .default({ finished: [], in_progress: [], waiting: [], skipped: [] }),
  /** Step order within a permit: the export's row id (SiCantik) or the order of the file. */
  order: z.enum(["record_id", "file"]).default("file"),
  /** A started step without a start takes the previous step's end, or the permit's submission for the first. */
  startFallback: z.boolean().default(false),
});

const eventsProfile = z.strictObject({
  ...common,
  shape: z.literal("events"),
  columns: z.strictObject({
    ...permitColumns,
    step: columns,
    timestamp: columns,
    transition: columns.optional(),
    actor: columns.optional(),
  }),
  /** Transition words (XES lifecycle:transition); an event with none means `eventMeaning`. */
  transitions: z
    .strictObject({ start: words, complete: words, skipped: words, ignore: words })
    .default({ start: [], complete: [], skipped: [], ignore: [] }),
  /** "completed": the event ends its step, which began at the permit's previous event; "entered": the permit moved into the step. */
  eventMeaning: z.enum(["completed", "entered"]).default("completed"),
  /** For "entered": steps that mark the end of the process rather than a step of it ("Selesai"). */
  finalSteps: words,
});

const wideProfile = z.strictObject({
  ...common,
  shape: z.literal("wide"),
  columns: z.strictObject({ ...permitColumns }),
  /** In process order; each stage's time ends it and starts the next. The first starts at submittedAt. */
  stages: z.array(z.strictObject({ step: text, column: columns, actor: columns.optional() })).min(1),
});

export const profileSchema = z
  .discriminatedUnion("shape", [stepRowsProfile, eventsProfile, wideProfile])
  .superRefine((p, ctx) => {
    if (p.shape === "step_rows" && p.order === "record_id" && p.columns.recordId === undefined) {
      ctx.addIssue({ code: "custom", path: ["columns", "recordId"], message: 'order "record_id" needs the column of the row id' });
    }
    const vocabulary = p.shape === "step_rows" ? p.statuses : p.shape === "events" ? p.transitions : null;
    if (!vocabulary) return;
    const seen = new Map<string, string>();
    for (const [meaning, list] of Object.entries(vocabulary)) {
      for (const word of list) {
        const key = word.toLowerCase();
        const other = seen.get(key);
        if (other !== undefined && other !== meaning) {
          ctx.addIssue({ code: "custom", path: [p.shape === "step_rows" ? "statuses" : "transitions", meaning], message: `"${word}" is also listed under ${other}` });
        }
        seen.set(key, meaning);
      }
    }
  });

export type Profile = z.output<typeof profileSchema>;
export type StepRowsProfile = Extract<Profile, { shape: "step_rows" }>;
export type EventsProfile = Extract<Profile, { shape: "events" }>;
export type WideProfile = Extract<Profile, { shape: "wide" }>;

/** Validates a profile; `source` names it in errors. */
export function parseProfile(data: unknown, source: string): Profile {
  const parsed = profileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new IngestError({ code: "invalid_profile", file: source, message: `not a valid profile:\n  ${issues.join("\n  ")}` });
  }
  return parsed.data;
}

/** The profile seeds/profiles/NAME.json (or DIR/NAME.json). */
export async function loadProfile(name: string, dir: string = PROFILES_DIR): Promise<Profile> {
  const file = join(dir, `${name}.json`);
  if (!SLUG.test(name)) throw new IngestError({ code: "unknown_profile", file: name, message: "a profile name is lower-case words joined by hyphens" });
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    const known = (await listProfileNames(dir)).join(", ");
    throw new IngestError({ code: "unknown_profile", file: name, message: `no such profile (known: ${known || "none"})` });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new IngestError({ code: "invalid_profile", file, message: `not valid JSON (${err instanceof Error ? err.message : String(err)})` });
  }
  const profile = parseProfile(data, file);
  if (profile.name !== name) throw new IngestError({ code: "invalid_profile", file, message: `its name "${profile.name}" differs from the file name` });
  return profile;
}

async function listProfileNames(dir: string): Promise<string[]> {
  const files = await readdir(dir).catch(() => []);
  return files.filter((f) => f.endsWith(".json")).map((f) => basename(f, ".json")).sort();
}

/** Every profile under seeds/profiles (or DIR), validated, by name. */
export async function listProfiles(dir: string = PROFILES_DIR): Promise<Profile[]> {
  const out: Profile[] = [];
  for (const name of await listProfileNames(dir)) out.push(await loadProfile(name, dir));
  return out;
}
