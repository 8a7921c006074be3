import { EVERY_OFFICE } from "../db/repos/access.ts";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config/env.ts";
import { DatabaseError, openDatabase } from "../db/connect.ts";
import { MigrationError, migrateToLatest } from "../db/migrate.ts";
import { prepareDatabase } from "../seed/prepare-database.ts";
import { createLogger } from "../log/logger.ts";
import { applySeeds } from "../seed/apply-seeds.ts";
import { SeedError, readSeeds } from "../seed/read-seeds.ts";
import { type EvaluationScope, evaluatePermits } from "../evaluation/evaluate-permits.ts";
import { finishEvaluations } from "../evaluation/batch-evaluation.ts";
import { findOffice } from "../db/repos/offices.ts";
import { systemClock } from "../clock/index.ts";
import { IMPORT_USAGE, importCommand, parseImportArgs } from "./import.ts";
import { SOP_PARSE_USAGE } from "./sop-parse.ts";

// Each command loads only what it needs: the server, its pages and chart libraries, the sample
// writer and the SOP document readers are imported when their command runs, which keeps an
// import's memory to the import.

interface Command {
  summary: string;
  usage: string;
  /** Resolves with the exit code, or nothing for success. */
  run(args: string[]): Promise<number | void>;
}

const ENV_HELP = `Environment:
  DATABASE_URL   PostgreSQL URL; unset: embedded PGlite in DATA_DIR
  DATA_DIR       data directory for PGlite and files (default ./data)
  PORT, HOST     where the server listens (default 3000, 127.0.0.1)
  PUBLIC_URL     the address users reach the app at
  LOG_LEVEL      fatal|error|warn|info|debug|trace|silent (default info)
  DEFAULT_LANG   id|en, the pages' language until a user picks one (default id)
  REPORTS_DIR    where Excel reports are written (default ./reports)`;

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function noArgs(args: string[]): void {
  parseArgs({ args, options: {}, strict: true, allowPositionals: false });
}

const EVALUATE_USAGE = "mutubaku evaluate [--office SLUG]";
const REPORT_USAGE = "mutubaku report --office SLUG[,SLUG…]|semua (--month YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD) [--lang id|en] [--out FILE]";

const SAMPLE_USAGE = "mutubaku sample --office SLUG [--months 12] [--seed 1] [--per-day 12] --out DIR";

const commands: Record<string, Command> = {
  evaluate: {
    summary: "recompute the stored SLA results of every permit (or one office's) with the current SOPs and calendars",
    usage: EVALUATE_USAGE,
    async run(args) {
      const { values } = parseArgs({ args, strict: true, options: { office: { type: "string" } } });
      return withDatabase(async ({ db }) => {
        await prepareDatabase(db);
        let scope: EvaluationScope = { all: true };
        if (values.office) {
          const office = await findOffice(db, values.office, EVERY_OFFICE);
          if (!office) {
            console.error(`mutubaku evaluate: unknown office "${values.office}"`);
            return 1;
          }
          scope = { officeId: office.id };
        }
        // Imports a stopped process left evaluating are finished first, so their batches succeed.
        const finished = await finishEvaluations(db, systemClock);
        for (const b of finished.batches) console.log(`Impor #${b.batchId}: penilaian SLA yang terputus diselesaikan (${b.permits.toLocaleString("id-ID")} permohonan).`);
        const r = await evaluatePermits(db, systemClock, scope);
        console.log(`${r.permits.toLocaleString("id-ID")} permohonan dinilai ulang.`);
        return 0;
      });
    },
  },
  sample: {
    summary: "write realistic sample exports of an office in its own profile (for demos and benchmarks)",
    usage: SAMPLE_USAGE,
    async run(args) {
      const { values } = parseArgs({
        args,
        strict: true,
        options: { office: { type: "string" }, months: { type: "string", default: "12" }, seed: { type: "string", default: "1" }, "per-day": { type: "string" }, out: { type: "string" } },
      });
      const months = Number(values.months);
      const seed = Number(values.seed);
      const perDay = values["per-day"] === undefined ? undefined : Number(values["per-day"]);
      if (!values.office || !values.out || !(months > 0 && months <= 120) || !Number.isInteger(seed) || (perDay !== undefined && !(perDay > 0))) {
        console.error(`mutubaku sample: --office and --out are required; --months 1..120, --seed an integer, --per-day > 0\nUsage: ${SAMPLE_USAGE}`);
        return 2;
      }
      const { writeSampleExport } = await import("../sample/generate.ts");
      const r = await writeSampleExport({ officeSlug: values.office, months, seed, outDir: values.out, now: new Date(), ...(perDay === undefined ? {} : { permitsPerDay: perDay }) });
      console.log(`${r.permits.toLocaleString("id-ID")} permohonan, ${r.rows.toLocaleString("id-ID")} baris: ${r.files.join(", ")}`);
    },
  },
  import: {
    summary: "import exports (CSV, XLSX, JSON, XES) of an office: `import --office SLUG [--profile NAME] FILE... [--json]`",
    usage: IMPORT_USAGE,
    async run(args) {
      const parsed = parseImportArgs(args);
      if (typeof parsed === "string") {
        console.error(`mutubaku import: ${parsed}\nUsage: ${IMPORT_USAGE}`);
        return 2;
      }
      return withDatabase(async ({ db }) => {
        await prepareDatabase(db);
        return importCommand(db, parsed);
      });
    },
  },
  report: {
    summary: "write the Excel report of an office (or several, or every office) and a month (or any period) under REPORTS_DIR, or to --out",
    usage: REPORT_USAGE,
    async run(args) {
      const { parseReportArgs, reportCommand } = await import("./report.ts");
      const parsed = parseReportArgs(args);
      if (typeof parsed === "string") {
        console.error(`mutubaku report: ${parsed}\nUsage: ${REPORT_USAGE}`);
        return 2;
      }
      const config = loadConfig();
      return withDatabase(async ({ db }) => {
        await prepareDatabase(db);
        return reportCommand(db, parsed, config.REPORTS_DIR);
      });
    },
  },
  sop: {
    summary: "read SOP documents: `sop parse FILE [--json]` shows what the parser makes of one",
    usage: SOP_PARSE_USAGE,
    async run(args) {
      const [sub, ...rest] = args;
      if (sub !== "parse") {
        console.error(`mutubaku sop: unknown subcommand "${sub ?? ""}".\nUsage: ${SOP_PARSE_USAGE}`);
        return 2;
      }
      const { sopParseCommand } = await import("./sop-parse.ts");
      return sopParseCommand(rest);
    },
  },
  serve: {
    summary: "migrate, seed an empty database and serve the web app",
    usage: "mutubaku serve",
    async run(args) {
      noArgs(args);
      const config = loadConfig();
      const { startServer } = await import("../server/serve.ts");
      await startServer(config, createLogger(config.LOG_LEVEL));
    },
  },
  migrate: {
    summary: "bring the database schema up to date",
    usage: "mutubaku migrate",
    async run(args) {
      noArgs(args);
      await withDatabase(async ({ db, kind, location }) => {
        const results = await migrateToLatest(db);
        console.log(
          results.length === 0
            ? `Database (${kind}, ${location}) is up to date.`
            : `Applied to ${kind} (${location}): ${results.map((r) => r.migrationName).join(", ")}`,
        );
      });
    },
  },
  seed: {
    summary: "load the offices, calendars and SOPs of seeds/ that the database lacks",
    usage: "mutubaku seed",
    async run(args) {
      noArgs(args);
      const seeds = await readSeeds();
      await withDatabase(async ({ db }) => {
        await migrateToLatest(db);
        const r = await applySeeds(db, seeds);
        console.log(`Seeded: ${r.offices} offices, ${r.calendars} calendars, ${r.sops} SOPs added (what was there is kept).`);
      });
    },
  },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Mutu Baku: SLA monitor for DPMPTSP permit services

Usage: mutubaku <command> [options]

Commands:
${lines.join("\n")}

Run "mutubaku <command> --help" for a command's options.

${ENV_HELP}`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(help());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(`${command.usage}\n\n${command.summary}\n\n${ENV_HELP}`);
    return 0;
  }
  try {
    return (await command.run(rest)) ?? 0;
  } catch (err) {
    const known = [ConfigError, DatabaseError, MigrationError, SeedError].some((E) => err instanceof E);
    if (known || (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))) {
      console.error(`mutubaku ${name}: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
    throw err;
  }
}
