import type { Context } from "hono";
import type { Kysely } from "kysely";
import { MS_PER_DAY, offsetAt } from "../calendar/zoned-time.ts";
import type { Clock } from "../clock/index.ts";
import { clockBounds, dataVersion } from "../db/repos/data-version.ts";
import type { DB } from "../db/schema.ts";

// The dashboard's pages and the compliance API, as they were answered, kept for as long as the
// same request would be answered the same way: their figures only change when the data does
// (the data version, bumped by triggers in every writer's transaction, migration 013) or when the
// clock passes an instant the answer depends on (see `expiryAfter`). Repeated views cost one
// look-up of the version; concurrent misses of one page share one computation.

/** What a cached answer holds: the body as sent (HTML with its charts, or JSON). */
interface Answer {
  status: number;
  body: string;
  contentType: string;
}

interface Entry extends Answer {
  expiresAt: number;
  bytes: number;
}

/** 64 MiB of answers: a Beranda is ≈ 100 KB, so hundreds of filter combinations. */
const MAX_BYTES = 64 * 1024 * 1024;

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly computing = new Map<string, Promise<Answer>>();
  private bytes = 0;
  private bounds: { version: string; from: number; until: number } | undefined;
  /** Counted for tests and the benchmark: answers from the cache, computed, and waited for while another request computed them. */
  readonly stats = { hits: 0, misses: 0, shared: 0 };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  /**
   * The answer to `key` for the data as it stands: from the cache, or from `compute` (whose 200
   * answers are kept). The version is read before computing, so an answer is never kept under a
   * version older than the data it was computed from.
   */
  async serve(c: Context, key: string, compute: () => Response | Promise<Response>): Promise<Response> {
    const now = this.clock.now().getTime();
    const version = await dataVersion(this.db);
    const k = `${version}\n${key}`;
    const hit = this.entries.get(k);
    if (hit && hit.expiresAt > now) {
      this.stats.hits++;
      // Most recently used last: eviction takes from the front.
      this.entries.delete(k);
      this.entries.set(k, hit);
      return reply(c, hit);
    }
    if (hit) this.drop(k);
    let pending = this.computing.get(k);
    if (!pending) {
      this.stats.misses++;
      pending = this.compute(k, version, now, compute).finally(() => this.computing.delete(k));
      this.computing.set(k, pending);
    } else {
      this.stats.shared++;
    }
    return reply(c, await pending);
  }

  /** Forgets everything (the benchmark measures uncached answers with it). */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.bounds = undefined;
  }

  private async compute(k: string, version: string, now: number, compute: () => Response | Promise<Response>): Promise<Answer> {
    const res = await compute();
    const answer: Answer = { status: res.status, body: await res.text(), contentType: res.headers.get("content-type") ?? "text/plain; charset=utf-8" };
    if (res.status !== 200) return answer;
    const expiresAt = await this.expiryAfter(version, now);
    const bytes = answer.body.length * 2 + k.length * 2;
    if (bytes > this.maxBytes / 8) return answer;
    this.entries.set(k, { ...answer, expiresAt, bytes });
    this.bytes += bytes;
    for (const [old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(old);
    }
    return answer;
  }

  private drop(k: string): void {
    const e = this.entries.get(k);
    if (!e) return;
    this.entries.delete(k);
    this.bytes -= e.bytes;
  }

  /**
   * The first instant after `now` at which an answer of this version may differ from a fresh one
   * although the data has not changed: an open verdict's crossing instant passing (its status,
   * read live, becomes at risk or late) and midnight in an office's zone (a page's default period
   * ends today). The open-verdict refresh writes verdicts, so it changes the version itself.
   * Known once per version until it passes.
   */
  private async expiryAfter(version: string, now: number): Promise<number> {
    const b = this.bounds;
    if (b && b.version === version && b.from <= now && now < b.until) return b.until;
    const { nextCrossing, zones } = await clockBounds(this.db, new Date(now));
    const candidates = [nextCrossing?.getTime(), ...zones.map((z) => nextMidnight(now, z))].filter((t): t is number => t !== undefined && t > now);
    const until = Math.min(now + MS_PER_DAY, ...candidates);
    this.bounds = { version, from: now, until };
    return until;
  }
}

function reply(c: Context, a: Answer): Response {
  return c.body(a.body, a.status as 200, { "content-type": a.contentType });
}

/** The next local midnight in a zone after `now` (ms). */
export function nextMidnight(now: number, zone: string): number {
  const day = Math.floor((now + offsetAt(zone, now)) / MS_PER_DAY);
  const estimate = (day + 1) * MS_PER_DAY - offsetAt(zone, now);
  // An offset change before midnight moves it: ask the zone again at the estimate.
  return (day + 1) * MS_PER_DAY - offsetAt(zone, estimate - 1);
}

const caches = new WeakMap<Kysely<DB>, WeakMap<Clock, PageCache>>();

/** The cache of one app: its database seen through its clock (the dashboard and the API share it). */
export function pageCacheFor(db: Kysely<DB>, clock: Clock): PageCache {
  const byClock = caches.get(db) ?? new WeakMap<Clock, PageCache>();
  caches.set(db, byClock);
  let cache = byClock.get(clock);
  if (!cache) {
    cache = new PageCache(db, clock);
    byClock.set(clock, cache);
  }
  return cache;
}
