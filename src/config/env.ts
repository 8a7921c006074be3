import { z } from "zod";

// The environment, parsed once. A wrong value stops start-up with a message naming the variable.

const postgresUrl = z
  .string()
  .trim()
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "expected a URL like postgres://user:password@host:5432/database");

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const envSchema = z.object({
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default("./data")),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  DEFAULT_LANG: z.preprocess(emptyAsUndefined, z.enum(["id", "en"]).default("id")),
  REPORTS_DIR: z.preprocess(emptyAsUndefined, z.string().default("./reports")),
  // The first admin, made when the database has no user yet (src/seed/first-admin.ts).
  ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email().default("admin@localhost")),
  ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().optional()),
});

export type Config = z.infer<typeof envSchema> & { publicUrl: string };

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = i.path.join(".");
      const value = env[name];
      // Never echo a database URL or a password back.
      const shown = name === "DATABASE_URL" || name === "ADMIN_PASSWORD" || value === undefined ? "" : ` (got "${value}")`;
      return `  ${name}: ${i.message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  return { ...c, publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}` };
}
