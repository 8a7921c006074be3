import { request } from "node:http";
import { Readable } from "node:stream";

// Multipart uploads made as streams and posted to a real server, for the upload tests.

export const MB = 1024 * 1024;
export const BOUNDARY = "----mutubakuUploadTest";

/** `bytes` of CSV text (a header no profile knows, then rows), made as it is read. */
export function csvStream(bytes: number): Readable {
  const line = "503/KMP/2026/0001,Pendaftaran,2026-03-02 08:00:00,2026-03-02 08:10:00,Rina\n";
  const block = Buffer.from(line.repeat(Math.floor((64 * 1024) / line.length)));
  let left = bytes;
  let first = true;
  return new Readable({
    read() {
      if (first) {
        first = false;
        const header = Buffer.from("nomor,langkah,mulai,selesai,petugas\n");
        left -= header.length;
        this.push(header);
        return;
      }
      if (left <= 0) return void this.push(null);
      const piece = left >= block.length ? block : block.subarray(0, left);
      left -= piece.length;
      this.push(piece);
    },
  });
}

/** A multipart body with the office field and one file, streamed; first the CSRF token field when given, as the page's form sends it. */
export function multipart(fileName: string, content: Readable, office = "kampar", csrf?: string): Readable {
  const head = Buffer.from(
    (csrf === undefined ? "" : `--${BOUNDARY}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`) +
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="office"\r\n\r\n${office}\r\n` +
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return Readable.from(
    (async function* () {
      yield head;
      for await (const chunk of content) yield chunk as Buffer;
      yield tail;
    })(),
    { objectMode: false },
  );
}

export interface Answer {
  status: number;
  body: string;
}

/** Posts `body` chunked (no content-length: the server cannot refuse it by its header). */
export function post(port: number, path: string, body: Readable, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, ...headers } });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      // The server may close the connection while the rest of a refused body is still being sent.
      body.unpipe(req);
      body.destroy();
    });
    // A write cut off by a refusal ends in EPIPE/ECONNRESET; only an error before any answer counts.
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    body.pipe(req);
  });
}

