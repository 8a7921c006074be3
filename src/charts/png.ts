import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import { EXPORT_CHART_WIDTH } from "./render.ts";

// The dashboard's own charts as PNG pictures, for the Excel report: a workbook cannot hold SVG.
// resvg draws no text without a font, so one is shipped (DejaVu Sans, Bitstream Vera licence:
// src/charts/fonts/DejaVuSans-LICENSE.txt).

const FONT = fileURLToPath(new URL("./fonts/DejaVuSans.ttf", import.meta.url));

/** A chart's HTML (an <svg>, or a <figure> with swatches and an <svg>) as one self-contained SVG. */
export function standaloneSvg(chartHtml: string): { svg: string; width: number; height: number } {
  // A chart drawn at several widths (renderResponsive): the one meant for pictures.
  const variant = new RegExp(`<div class="chart-size" data-width="${EXPORT_CHART_WIDTH}">([\\s\\S]*?)</div>(?=<div class="chart-size"|$)`).exec(chartHtml);
  const html = variant ? variant[1]! : chartHtml;
  const svgs = [...html.matchAll(/<svg\b[^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0]);
  // The plot is the largest <svg>; the others are the legend's 15 px swatches.
  const sized = svgs.map((s) => ({ s, w: Number(/\bwidth="([\d.]+)"/.exec(s)?.[1] ?? 0), h: Number(/\bheight="([\d.]+)"/.exec(s)?.[1] ?? 0) }));
  const plot = sized.sort((a, b) => b.w * b.h - a.w * a.h)[0];
  if (!plot) throw new Error("standaloneSvg: no <svg> in the chart");
  const swatches = [...html.matchAll(/<span[^>]*swatch[^>]*>\s*<svg[^>]*fill="([^"]+)"[^>]*>[\s\S]*?<\/svg>([^<]*)<\/span>/g)].map((m) => ({ fill: m[1]!, label: m[2]!.trim() }));
  const legendHeight = swatches.length > 0 ? 24 : 0;
  let x = 8;
  const legend = swatches
    .map(({ fill, label }) => {
      const item = `<rect x="${x}" y="6" width="12" height="12" fill="${fill}"/><text x="${x + 16}" y="16" font-size="11" font-family="DejaVu Sans">${label}</text>`;
      x += 16 + label.length * 6.6 + 16;
      return item;
    })
    .join("");
  const inner = plot.s.replace(/^<svg\b/, `<svg y="${legendHeight}"`);
  const width = plot.w;
  const height = plot.h + legendHeight;
  return {
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#fff"/>${legend}${inner}</svg>`,
    width,
    height,
  };
}

/** A chart as PNG, drawn at `scale` (2: sharp when printed). */
export function chartPng(html: string, scale = 2): { png: Buffer; width: number; height: number } {
  const { svg, width, height } = standaloneSvg(html);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return { png: resvg.render().asPng(), width, height };
}
