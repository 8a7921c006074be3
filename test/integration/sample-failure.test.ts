import { Writable } from "node:stream";
import pino from "pino";
import { expect, it } from "vitest";
import { fixedClock } from "../../src/clock/index.ts";
import { SampleLoader } from "../../src/web/sample-data.ts";
import { TEST_NOW } from "../support/app.ts";
import { openTestDatabase } from "../support/test-db.ts";

// Sample data that fails to load for the server's own reason (here its database has gone away)
// says so on Beranda without the server's message, which may name paths or SQL; the log keeps it.

it("reports a server failure while loading sample data without the server's message, and logs it", async () => {
  const database = await openTestDatabase("pglite");
  await database.close();
  const logged: string[] = [];
  const logger = pino({ level: "error" }, new Writable({ write: (chunk, _enc, done) => (logged.push(String(chunk)), done()) }));
  const work: Promise<unknown>[] = [];
  const loader = new SampleLoader();
  loader.start({ db: database.db, clock: fixedClock(TEST_NOW), logger, background: (p) => work.push(p) });
  await Promise.all(work);
  expect(loader.status).toEqual({ state: "failed", error: null });
  expect(logged.join("")).toContain("loading sample data failed");
});
