import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { fixedClock } from "../../src/clock/index.ts";
import { openPglite, openPostgres } from "../../src/db/connect.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createApp } from "../../src/web/app.tsx";
import { sessionCookie, TEST_NOW } from "./app.ts";

// The web app served on an ephemeral port of 127.0.0.1, in a process of its own (forked by
// test/integration/upload-memory.test.ts), so that its memory is measured apart from the test
// runner's. It samples its own RSS every 20 ms and, asked over IPC, tells the peak since the
// last question and the RSS now. It hands the parent a session cookie with its port.

const where = process.argv[2];
if (!where || !process.send) throw new Error("usage: fork upload-server.ts PGLITE_DIR|postgres://… (with an IPC channel)");
const send = process.send.bind(process);

const database = where.startsWith("postgres://") ? await openPostgres(where) : await openPglite(where);
const app = createApp({ db: database.db, clock: fixedClock(TEST_NOW), logger: silentLogger });
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
await new Promise<void>((resolve) => server.once("listening", () => resolve()));

let peak = process.memoryUsage().rss;
setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);

process.on("message", (m: unknown) => {
  if (m === "rss") {
    const now = process.memoryUsage().rss;
    send({ peak: Math.max(peak, now), now });
    peak = now;
  } else if (m === "stop") {
    server.close(() => void database.close().then(() => process.exit(0)));
  }
});
// The parent posts as a signed-in browser would.
send({ port: (server.address() as AddressInfo).port, cookie: await sessionCookie(database.db, new Date(TEST_NOW)) });
