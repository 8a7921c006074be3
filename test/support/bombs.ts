import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { gzipSync } from "node:zlib";

// Compression bombs made on the fly for the tests: valid compressed data that inflates to far
// more than it weighs, here as well-formed XES text (so that a reader without a guard would
// parse all of it rather than stop at the first odd byte).

const MiB = 1024 * 1024;

/**
 * A .xes.gz of `inflatedBytes` of XES events: a gzip member holding the log's opening, then one
 * 16 MiB block of events gzipped once and written as many members as needed (gzip readers
 * inflate concatenated members as one stream), and a last one closing the log. ~1 GiB weighs
 * ~3 MB and is made in milliseconds.
 */
export async function xesGzipBomb(path: string, inflatedBytes: number): Promise<{ bytes: number }> {
  const event = '<event><string key="concept:name" value="Verifikasi Berkas"/><date key="time:timestamp" value="2026-03-02T08:00:00+07:00"/></event>';
  const block = gzipSync(Buffer.from(event.repeat(Math.floor((16 * MiB) / event.length))), { level: 9 });
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (buf: Buffer) => {
    bytes += buf.length;
    if (!out.write(buf)) await once(out, "drain");
  };
  await write(gzipSync('<?xml version="1.0" encoding="UTF-8"?><log xes.version="1.0"><trace><string key="concept:name" value="503/KMP/2026/0001"/>'));
  for (let inflated = 0; inflated < inflatedBytes; inflated += 16 * MiB) await write(block);
  await write(gzipSync("</trace></log>"));
  out.end();
  await once(out, "finish");
  return { bytes };
}

/** CPU seconds (user + system, every thread of this process) that `fn` took. */
export async function cpuSeconds<T>(fn: () => Promise<T>): Promise<{ seconds: number; result: PromiseSettledResult<T> }> {
  const start = process.cpuUsage();
  const [result] = await Promise.allSettled([fn()]);
  const used = process.cpuUsage(start);
  return { seconds: (used.user + used.system) / 1e6, result: result! };
}
