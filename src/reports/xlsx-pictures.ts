import { createWriteStream } from "node:fs";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import archiver from "archiver";
import yauzl from "yauzl";

// exceljs writes big workbooks in bounded memory only with its streaming writer, which cannot place
// pictures; its in-memory workbook can, at about 14 KB a row. So the report is streamed, and its
// charts are placed afterwards: the package is copied entry by entry into a new one (streamed, so
// memory stays flat whatever the size of the Data sheet), with a drawing part added to one sheet
// and the three small parts that name it (the sheet, its relationships, the content types) edited.
// Part names are plain letters and digits: readers such as exceljs skip media named otherwise.

export interface Picture {
  png: Buffer;
  /** Top-left cell, 0-based. */
  col: number;
  row: number;
  /** Size on the sheet, in pixels at 96 dpi. */
  width: number;
  height: number;
  /** Alternative text (what the chart shows), for readers of the sheet with a screen reader. */
  description: string;
}

const EMU_PER_PX = 9525;
const DRAWING_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
const IMAGE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
const DRAWING_RELATION_ID = "rIdMutuBakuDrawing";
// Elements that must come after <drawing> in a worksheet (ECMA-376 CT_Worksheet order).
const AFTER_DRAWING = ["<legacyDrawing", "<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls", "<webPublishItems", "<tableParts", "<extLst", "</worksheet>"];

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);

function drawingXml(pictures: readonly Picture[]): string {
  const anchors = pictures.map((p, i) => {
    const cx = Math.round(p.width * EMU_PER_PX);
    const cy = Math.round(p.height * EMU_PER_PX);
    return (
      `<xdr:oneCellAnchor><xdr:from><xdr:col>${p.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
      `<xdr:ext cx="${cx}" cy="${cy}"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${i + 2}" name="Chart ${i + 1}" descr="${escapeXml(p.description)}"/>` +
      `<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId${i + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
      `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ` +
    `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${anchors.join("")}</xdr:wsDr>`
  );
}

const relationships = (items: string[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join("")}</Relationships>`;

/** The worksheet with a <drawing> element in its schema place. */
export function withDrawingElement(sheet: string): string {
  const at = Math.min(...AFTER_DRAWING.map((tag) => sheet.indexOf(tag)).filter((i) => i >= 0));
  if (!Number.isFinite(at)) throw new Error("not a worksheet: no </worksheet>");
  const withR = /<worksheet\b[^>]*\bxmlns:r=/.test(sheet)
    ? sheet
    : sheet.replace(/<worksheet\b/, '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"');
  const shift = withR.length - sheet.length;
  return `${withR.slice(0, at + shift)}<drawing r:id="${DRAWING_RELATION_ID}"/>${withR.slice(at + shift)}`;
}

function withRelationship(rels: string | null, target: string): string {
  const item = `<Relationship Id="${DRAWING_RELATION_ID}" Type="${DRAWING_TYPE}" Target="${target}"/>`;
  return rels === null ? relationships([item]) : rels.replace("</Relationships>", `${item}</Relationships>`);
}

function withContentTypes(types: string, drawingPart: string): string {
  let out = types;
  if (!/<Default\s+Extension="png"/i.test(out)) out = out.replace(/(<Types\b[^>]*>)/, '$1<Default Extension="png" ContentType="image/png"/>');
  return out.replace("</Types>", `<Override PartName="/${drawingPart}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>`);
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => (err || !zip ? reject(err) : resolve(zip))));
}

const readStream = (zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> =>
  new Promise((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(err) : resolve(s))));

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Copies the workbook at `from` to `to` with the pictures placed on one worksheet (`sheet`: 1 for
 * xl/worksheets/sheet1.xml, the first sheet exceljs writes).
 */
export async function placePictures(from: string, to: string, sheet: number, pictures: readonly Picture[]): Promise<void> {
  const sheetPart = `xl/worksheets/sheet${sheet}.xml`;
  const relsPart = `xl/worksheets/_rels/sheet${sheet}.xml.rels`;
  const drawingPart = "xl/drawings/drawing1.xml";
  const zip = await openZip(from);
  const out = archiver("zip", { zlib: { level: 6 } });
  const written = pipeline(out, createWriteStream(to));
  let sawRels = false;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", resolve);
      zip.on("entry", (entry: yauzl.Entry) => {
        void (async () => {
          const stream = await readStream(zip, entry);
          const name = entry.fileName;
          if (pictures.length > 0 && (name === sheetPart || name === relsPart || name === "[Content_Types].xml")) {
            const body = await text(stream);
            if (name === relsPart) sawRels = true;
            const edited = name === sheetPart ? withDrawingElement(body) : name === relsPart ? withRelationship(body, "../drawings/drawing1.xml") : withContentTypes(body, drawingPart);
            out.append(edited, { name });
          } else {
            // Appended streams are written one after another: the next entry is read once this one is.
            await new Promise<void>((done, fail) => {
              stream.on("end", done);
              stream.on("error", fail);
              out.append(stream, { name });
            });
          }
          zip.readEntry();
        })().catch(reject);
      });
      zip.readEntry();
    });
    if (pictures.length > 0) {
      if (!sawRels) out.append(withRelationship(null, "../drawings/drawing1.xml"), { name: relsPart });
      out.append(drawingXml(pictures), { name: drawingPart });
      out.append(relationships(pictures.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${IMAGE_TYPE}" Target="../media/mutubakuchart${i + 1}.png"/>`)), {
        name: "xl/drawings/_rels/drawing1.xml.rels",
      });
      for (const [i, p] of pictures.entries()) out.append(p.png, { name: `xl/media/mutubakuchart${i + 1}.png` });
    }
    await out.finalize();
    await written;
  } finally {
    zip.close();
  }
}
