import { z } from "zod";

// The SOP data format: what seeds/sop/*.json hold and what the SOP document parser produces.

export const TIME_UNITS = ["minute", "hour", "day"] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export const timeStandardSchema = z.strictObject({
  value: z.number().positive(),
  unit: z.enum(TIME_UNITS),
});
export type TimeStandard = z.infer<typeof timeStandardSchema>;

// Who owns the time of a step (DOMAIN.md section 5, rule 4).
export const OWNERS = ["office", "sector_agency", "applicant"] as const;
export type Owner = (typeof OWNERS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date "YYYY-MM-DD"');
const text = z.string().trim().min(1);

// One standard of a Waktu cell that gives several by condition ("7 hari dengan bupati; 2 hari dengan Kadin").
export const waktuAlternativeSchema = z.strictObject({
  condition: text,
  standard: timeStandardSchema,
});
export type WaktuAlternative = z.infer<typeof waktuAlternativeSchema>;

export const sopStepSchema = z.strictObject({
  description: text,
  actor: text.nullable(),
  owner: z.enum(OWNERS).nullable(),
  // The Waktu cell as written in the document, and what it means; both null where the cell is empty.
  waktu: text.nullable(),
  standard: timeStandardSchema.nullable(),
  // A range ("1-3 hari") keeps its upper bound in `standard` and its lower bound here.
  waktuLower: timeStandardSchema.nullable().default(null),
  // Standards by condition; `standard` stays null until someone chooses one of them.
  alternatives: z.array(waktuAlternativeSchema).default([]),
  kelengkapan: text.nullable(),
  output: text.nullable(),
  aliases: z.array(text).default([]),
});
export type SopStep = z.infer<typeof sopStepSchema>;

export const sopSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected lower-case words joined by hyphens"),
  office: z.string().min(1),
  permitType: text,
  name: text,
  affairs: text.nullable().default(null),
  number: text.nullable().default(null),
  madeOn: isoDate.nullable().default(null),
  revisedOn: isoDate.nullable().default(null),
  effectiveFrom: isoDate.nullable().default(null),
  approvedBy: text.nullable().default(null),
  legalBasis: z.array(text).default([]),
  statedTotal: z
    .strictObject({ waktu: text, standard: timeStandardSchema })
    .nullable()
    .default(null),
  sourceDocument: text.nullable().default(null),
  steps: z.array(sopStepSchema).min(1),
});
export type Sop = z.infer<typeof sopSchema>;
export type SopInput = z.input<typeof sopSchema>;

// What an SOP document yields: the SOP without what only the catalogue knows (slug, office). The name,
// the permit type and the steps may be missing from a document; the parser then warns.
export const parsedSopSchema = sopSchema.omit({ slug: true, office: true }).extend({
  permitType: text.nullable(),
  name: text.nullable(),
  steps: z.array(sopStepSchema),
});
export type ParsedSop = z.infer<typeof parsedSopSchema>;
