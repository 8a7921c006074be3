import { SaxesParser } from "saxes";
import { IngestError } from "../errors.ts";
import type { ReaderContext } from "./types.ts";
import type { XlsxArchive } from "./zip-guard.ts";

// One XML part of a workbook, inflated from the archive and fed through a SAX parser chunk by
// chunk: nothing but the parser's current token is held, so a sheet of any size reads in flat
// memory. Element names are handed on without their prefix (some writers use <x:row>).

export interface XmlHandlers {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  /** Character data, entities decoded (CDATA too). */
  text(text: string): void;
}

export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The value of the attribute named `local` in any namespace but the default one (r:id and the like). */
export function prefixedAttribute(attributes: Readonly<Record<string, string>>, local: string): string | undefined {
  for (const [key, value] of Object.entries(attributes)) if (key.endsWith(`:${local}`)) return value;
  return undefined;
}

/**
 * Parses `part`, yielding what `drain` returns (when not undefined) after each chunk, so a caller
 * can pass rows on as they come. `row` says where the parser is, for errors. Throws IngestError.
 */
export async function* parseXmlPart<T>(
  archive: XlsxArchive,
  part: string,
  ctx: ReaderContext,
  handlers: XmlHandlers,
  drain: () => T | undefined = () => undefined,
  row: () => number | undefined = () => undefined,
): AsyncGenerator<T> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let lastTag = 0;
  parser.on("opentag", (tag) => {
    lastTag = parser.position;
    handlers.open(localName(tag.name), tag.attributes);
  });
  parser.on("closetag", (tag) => {
    lastTag = parser.position;
    handlers.close(localName(tag.name));
  });
  parser.on("text", (text) => handlers.text(text));
  parser.on("cdata", (text) => handlers.text(text));
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const max = ctx.limits.maxRecordBytes;
  let written = 0;
  const syntax = (err: unknown): IngestError => {
    const at = row();
    return new IngestError(
      { code: "corrupt", file: ctx.name, ...(at === undefined ? {} : { row: at }), message: `not a readable XLSX workbook (${part}: ${err instanceof Error ? err.message : String(err)})` },
      { cause: err },
    );
  };
  for await (const chunk of archive.read(part)) {
    try {
      const text = decoder.decode(chunk, { stream: true });
      parser.write(text);
      written += text.length;
    } catch (err) {
      if (err instanceof IngestError) throw err;
      throw syntax(err);
    }
    if (written - lastTag > max) {
      const at = row();
      throw new IngestError({ code: "record_too_large", file: ctx.name, ...(at === undefined ? {} : { row: at }), message: `${part} has more than ${max} characters without an element` });
    }
    const out = drain();
    if (out !== undefined) yield out;
  }
  try {
    parser.write(decoder.decode());
    parser.close();
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw syntax(err);
  }
  const out = drain();
  if (out !== undefined) yield out;
}

/** Parses a part whole (its handlers keep what they need). */
export async function parseXmlPartWhole(archive: XlsxArchive, part: string, ctx: ReaderContext, handlers: XmlHandlers): Promise<void> {
  const parsing = parseXmlPart(archive, part, ctx, handlers);
  while (!(await parsing.next()).done);
}
