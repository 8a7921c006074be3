import { createWriteStream } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { IncomingMessage } from "node:http";
import { basename, join } from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import type { ImportFile } from "../imports/run-import.ts";
import { processTempFolder } from "../temp/process-folder.ts";

// Multipart uploads are written to a temporary folder as they arrive (busboy), never held in
// memory: Hono's parseBody kept a whole 200 MB upload in the heap (968 MB RSS). The body is
// counted as it is read and refused (413) as soon as it passes the limit, the partial files
// removed; a body that is no well-formed multipart form is refused (400) by name.

/** Largest request body taken; bigger exports go through `mutubaku import`. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/** A request the server will not take: answered with `status`, never logged as a failure. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = "UploadRefused";
  }
}

export function tooLarge(maxBytes: number): UploadRefused {
  return new UploadRefused(413, `upload larger than ${Math.round(maxBytes / 1024 / 1024)} MB: use mutubaku import for big exports`);
}

export interface UploadedFile extends ImportFile {
  /** The form field it came in. */
  field: string;
  /** Whether the form named a file at all (a file input left empty sends a nameless empty part). */
  chosen: boolean;
  bytes: number;
}

export interface Upload {
  fields: Map<string, string>;
  files: UploadedFile[];
  /** Removes the files; call once they are imported (or not). */
  cleanup: () => Promise<void>;
}

/**
 * The request's body as a Node stream: the IncomingMessage itself under @hono/node-server (no
 * copy through web streams), else the web stream of the Request (`app.request()` in tests, and a
 * body whose first field was read, which the Request then replays: see `firstField`).
 */
export function requestBody(env: unknown, raw: Request): Readable | null {
  const incoming = typeof env === "object" && env !== null && "incoming" in env ? env.incoming : undefined;
  if (incoming instanceof IncomingMessage && !incoming.readableDidRead) return incoming;
  // The DOM and Node typings of ReadableStream differ only in their declarations.
  return raw.body ? Readable.fromWeb(raw.body as unknown as WebReadableStream<Uint8Array>) : null;
}

/** Counts the bytes passing and fails past `max`, before they reach the parser. */
class ByteLimit extends Transform {
  bytes = 0;
  constructor(
    private readonly max: number,
    private readonly onOver: () => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) {
      this.onOver();
      done();
      return;
    }
    done(null, chunk);
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A file name safe on disk that keeps its extension for the readers. */
const diskName = (i: number, name: string) => `${i}-${name.replace(/[^\w.-]+/g, "_").slice(-100)}`;

/**
 * Reads a multipart/form-data body into fields and files on disk. Throws UploadRefused for a body
 * past `maxBytes` (413) or not a well-formed form (400); nothing is left on disk then.
 */
export async function receiveMultipart(contentType: string, body: Readable, maxBytes: number = MAX_UPLOAD_BYTES): Promise<Upload> {
  let parser: busboy.Busboy;
  try {
    // Fields are small (office, profile); more than a handful of parts is no form of this app.
    parser = busboy({ headers: { "content-type": contentType }, limits: { fileSize: maxBytes, files: 32, fields: 32, parts: 64, fieldSize: 64 * 1024 } });
  } catch (err) {
    throw new UploadRefused(400, `malformed multipart body: ${messageOf(err)}`);
  }
  const dir = await processTempFolder("upload");
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const fields = new Map<string, string>();
  const files: UploadedFile[] = [];
  const writes: Promise<unknown>[] = [];
  const open: Readable[] = [];

  return new Promise<Upload>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      // Stop reading: the rest of the body is the server's to drain or drop after the answer.
      body.unpipe(counter);
      counter.unpipe(parser);
      if (!(body instanceof IncomingMessage)) body.destroy();
      for (const s of open) s.destroy();
      parser.removeAllListeners();
      parser.on("error", () => {});
      parser.destroy();
      void Promise.allSettled(writes)
        .then(cleanup)
        .then(
          () => reject(err),
          () => reject(err),
        );
    };
    const counter = new ByteLimit(maxBytes, () => fail(tooLarge(maxBytes)));

    parser.on("file", (field, stream, info) => {
      if (failed) {
        stream.resume();
        return;
      }
      const name = basename(info.filename ?? "");
      const file: UploadedFile = { field, name, chosen: name !== "", bytes: 0, path: join(dir, diskName(files.length, name || "file")) };
      files.push(file);
      open.push(stream);
      stream.on("data", (chunk: Buffer) => (file.bytes += chunk.length));
      stream.on("limit", () => fail(tooLarge(maxBytes)));
      writes.push(pipeline(stream, createWriteStream(file.path)).catch((err: unknown) => fail(err)));
    });
    parser.on("field", (field, value, info) => {
      if (info.valueTruncated) fail(new UploadRefused(400, `malformed multipart body: field "${field}" is longer than ${64 * 1024} bytes`));
      else fields.set(field, value);
    });
    for (const what of ["partsLimit", "filesLimit", "fieldsLimit"] as const) {
      parser.on(what, () => fail(new UploadRefused(400, `malformed multipart body: more parts than a form of this app has`)));
    }
    parser.on("error", (err: unknown) => fail(new UploadRefused(400, `malformed multipart body: ${messageOf(err)}`)));
    parser.on("close", () => {
      void Promise.all(writes).then(() => {
        if (!failed) resolve({ fields, files, cleanup });
      });
    });
    body.on("error", (err: unknown) => fail(new UploadRefused(400, `the upload broke off (${messageOf(err)})`)));
    body.pipe(counter).pipe(parser);
  });
}

/** Bytes of a form read at most for its first field: the CSRF token's part is a few hundred. */
const FIRST_FIELD_BYTES = 64 * 1024;

/**
 * A web stream of a Node stream's data, read as it is asked for (Readable.toWeb of Node 20 can
 * fail the process when cancelled as data arrives). Cancelled, it stops reading without
 * destroying the stream: an IncomingMessage is the server's to drain or drop after the answer.
 */
function webStreamOf(body: Readable): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        body.pause();
        body.on("data", (chunk: Buffer) => {
          if (done) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) body.pause();
        });
        body.on("end", () => {
          if (!done) controller.close();
          done = true;
        });
        body.on("error", (err) => {
          if (!done) controller.error(err);
          done = true;
        });
      },
      pull() {
        if (!done) body.resume();
      },
      cancel() {
        done = true;
        body.pause();
        if (!(body instanceof IncomingMessage)) body.destroy();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/**
 * The first field of a form body (urlencoded or multipart), read from its beginning only, so an
 * upload is neither held in memory nor parsed twice; and the body whole again, the bytes read put
 * back in front of the rest. The field is null when the first part is a file, the body is no
 * well-formed form, or its first field has not ended within FIRST_FIELD_BYTES.
 */
export function firstField(contentType: string, body: Readable): Promise<{ field: { name: string; value: string } | null; whole: ReadableStream<Uint8Array> }> {
  return new Promise((resolve) => {
    const read: Buffer[] = [];
    let bytes = 0;
    let parser: busboy.Busboy;
    let settled = false;
    const settle = (field: { name: string; value: string } | null) => {
      if (settled) return;
      settled = true;
      body.pause();
      body.off("data", onData).off("end", onEnd).off("error", onError);
      parser.removeAllListeners();
      parser.on("error", () => {});
      parser.destroy();
      const prefix = Buffer.concat(read);
      // A body that has ended (or broke off) cannot take bytes back: it is what was read.
      if (body.readableEnded || body.errored) return resolve({ field, whole: webStreamOf(Readable.from([prefix])) });
      body.unshift(prefix);
      resolve({ field, whole: webStreamOf(body) });
    };
    const onData = (chunk: Buffer) => {
      read.push(chunk);
      bytes += chunk.length;
      parser.write(chunk);
      if (bytes > FIRST_FIELD_BYTES) settle(null);
    };
    const onEnd = () => parser.end();
    const onError = () => settle(null);
    try {
      parser = busboy({ headers: { "content-type": contentType }, limits: { fieldSize: 4096 } });
    } catch {
      return resolve({ field: null, whole: webStreamOf(body) });
    }
    parser.on("field", (name, value, info) => settle(info.valueTruncated ? null : { name, value }));
    parser.on("file", (_name, stream) => {
      // Ended unread with the parser, which fails it.
      stream.on("error", () => {});
      settle(null);
    });
    parser.on("error", () => settle(null));
    parser.on("close", () => settle(null));
    body.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

/** A body read whole, up to `maxBytes` (the JSON rows of the API). */
export function readBounded(body: Readable, maxBytes: number = MAX_UPLOAD_BYTES): Promise<Buffer> {
  // Events rather than for-await, which would destroy the request (and its socket) on refusal.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      body.off("data", onData);
      body.pause();
      if (!(body instanceof IncomingMessage)) body.destroy();
      chunks.length = 0;
      reject(tooLarge(maxBytes));
    };
    body.on("data", onData);
    body.once("end", () => resolve(Buffer.concat(chunks)));
    body.once("error", reject);
  });
}

/** JSON rows posted to the API, saved as a JSON export file. */
export async function saveJsonRows(rows: unknown[]): Promise<{ files: ImportFile[]; cleanup: () => Promise<void> }> {
  const dir = await processTempFolder("upload");
  const path = join(dir, "rows.json");
  await writeFile(path, JSON.stringify(rows));
  return { files: [{ name: "api-rows.json", path }], cleanup: () => rm(dir, { recursive: true, force: true }) };
}
