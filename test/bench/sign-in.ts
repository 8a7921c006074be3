// Sign-in's server time (issue 14's benchmark): POST /masuk with the right password, through the
// Hono app on embedded PGlite, so the time is the password hash's check (scrypt at the parameters
// in src/auth/password.ts) plus the account's and address's throttle look-up and the new session.
// Run: `npm run bench:sign-in`.
//   BENCH_RUNS (default 30): sign-ins, after 3 to warm up.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, SCRYPT_PARAMS } from "../../src/auth/password.ts";
import { systemClock } from "../../src/clock/index.ts";
import { openPglite } from "../../src/db/connect.ts";
import { createUser } from "../../src/db/repos/users.ts";
import { prepareDatabase } from "../../src/seed/prepare-database.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createApp } from "../../src/web/app.tsx";

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PASSWORD = "pagi-cerah-di-bangkinang";

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "mutubaku-bench-sign-in-"));
  const database = await openPglite(join(dir, "data"));
  try {
    await prepareDatabase(database.db);
    await createUser(database.db, { email: "kepala@kampar.go.id", name: "Kepala", passwordHash: await hashPassword(PASSWORD), role: "kepala", allOffices: true }, new Date());
    const app = createApp({ db: database.db, clock: systemClock, logger: silentLogger });
    const times: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const started = performance.now();
      const res = await app.request("/masuk", {
        method: "POST",
        body: new URLSearchParams({ email: "kepala@kampar.go.id", password: PASSWORD }),
        headers: { origin: "http://localhost" },
      });
      if (res.status !== 303 || !res.headers.get("set-cookie")) throw new Error(`sign-in answered ${res.status}`);
      if (i >= 3) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const ms = (n: number) => `${Math.round(n)} ms`;
    console.log(`scrypt ${JSON.stringify(SCRYPT_PARAMS)}; ${RUNS} sign-ins after 3 to warm up`);
    console.log(`| p50 | p95 | max |\n|---|---|---|\n| ${ms(quantile(times, 0.5))} | ${ms(quantile(times, 0.95))} | ${ms(times[times.length - 1]!)} |`);
    console.log("target: under 300 ms");
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
