import { z } from "zod";

export const SOURCE_SYSTEMS = ["sicantik", "silastri", "simple"] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

export const SOURCE_SYSTEM_LABELS: Record<SourceSystem, string> = {
  sicantik: "SiCantik Cloud",
  silastri: "SILASTRI RV",
  simple: "SIMPLE",
};

export const officeSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected lower-case words joined by hyphens"),
  name: z.string().trim().min(1),
  region: z.string().trim().min(1),
  province: z.string().trim().min(1),
  sourceSystem: z.enum(SOURCE_SYSTEMS),
  calendar: z.string().min(1),
});
export type Office = z.infer<typeof officeSchema>;
