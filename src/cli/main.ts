import { main } from "./cli.ts";

// The serve command keeps the process alive; the others end with their exit code.
const code = await main(process.argv.slice(2));
if (code !== 0 || process.argv[2] !== "serve") process.exitCode = code;
