import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

// Charts are drawn on the server as SVG: pages stay readable without JavaScript, print as they
// look, and a chart costs milliseconds. Plot needs a DOM; linkedom gives it one.

const { document } = parseHTML("<!doctype html><html><body></body></html>");

export type PlotOptions = Omit<Plot.PlotOptions, "document">;

/** The chart as HTML: an <svg>, or a <figure> when it has a legend. */
export function renderPlot(options: PlotOptions): string {
  // linkedom leaves "&" in attribute values as it is; links with several parameters need "&amp;".
  return Plot.plot({ ...options, document }).outerHTML.replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, "&amp;");
}

/**
 * The widths a chart is drawn at, narrowest first. An SVG scaled to its card shrinks its text with
 * it (a 720 px chart on a phone had 4 px labels), so each chart is drawn at every width and the
 * page shows the one its card is about as wide as (figure.chart in views/static/app.css): labels
 * stay between 11 and 16 px from a 360 px phone to a wide desktop and on A4.
 */
export const CHART_WIDTHS = [320, 640, 1000] as const;
/** The one the Excel report pictures. */
export const EXPORT_CHART_WIDTH = 640;
/** Text size in the SVG's own pixels: at the scales the CSS allows it stays at least 11 px. */
export const CHART_FONT_PX = 12;

export interface ChartFrame {
  width: number;
  fontSize: number;
  /** A phone's width: row labels go above their bars, not beside them. */
  narrow: boolean;
}

/** A chart drawn once for each of CHART_WIDTHS, each variant in a box the CSS shows or hides. */
export function renderResponsive(draw: (frame: ChartFrame) => PlotOptions): string {
  return CHART_WIDTHS.map((width) => {
    const options = draw({ width, fontSize: CHART_FONT_PX, narrow: width < 480 });
    const html = renderPlot({ ...options, width, style: { fontSize: `${CHART_FONT_PX}px` } });
    return `<div class="chart-size" data-width="${width}">${html}</div>`;
  }).join("");
}

/** A character's mean width in ems for system sans-serif fonts, a little generous so no label is clipped. */
const CHAR_EM = 0.6;

/** Roughly how many characters of text fit in `px` at the chart's font size. */
export function charsIn(px: number, fontSize = CHART_FONT_PX): number {
  return Math.max(8, Math.floor(px / (fontSize * CHAR_EM)));
}

/** Text cut to `max` characters, with an ellipsis where it was cut. */
export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * A row label as lines that fit `max` characters: "Izin X · 2. Petugas memverifikasi" becomes
 * the permit type over the step, so the step's number and name are not what gets cut.
 */
export function labelLines(label: string, max: number): string {
  return label
    .split(" · ")
    .map((part) => cut(part, max))
    .join("\n");
}

export interface RowLayout {
  height: number;
  marginLeft: number;
  y: Plot.ScaleOptions;
  /** Insets for the bar marks, which leave room for a label above them on a narrow chart. */
  insetTop: number;
  insetBottom: number;
  /** How far a mark at the middle of a row moves to sit on its bar. */
  barDy: number;
  /** The labels drawn above the bars on a narrow chart (none on a wide one: the y axis has them). */
  marks: Plot.Markish[];
}

/**
 * One row per label (bars, a permit's steps): on a wide chart the labels are the y axis, its margin
 * sized by the longest one (at most 38 % of the width); on a narrow one each label sits above its
 * bar across the whole width. Labels too long are cut; the full text is in each row's title.
 */
export function rowLayout(labels: readonly string[], frame: ChartFrame, axisHeight = 40): RowLayout {
  const lineHeight = frame.fontSize * 1.2;
  if (frame.narrow) {
    const lines = new Map(labels.map((l) => [l, labelLines(l, charsIn(frame.width - 8, frame.fontSize))]));
    const labelHeight = Math.max(...[...lines.values()].map((t) => t.split("\n").length), 1) * lineHeight;
    const row = labelHeight + 22;
    return {
      height: Math.round(row * labels.length + axisHeight),
      marginLeft: 4,
      y: { axis: null, domain: [...labels], padding: 0 },
      insetTop: labelHeight + 4,
      insetBottom: 4,
      barDy: (labelHeight + 4 - 4) / 2,
      marks: [Plot.text(labels, { y: (l: string) => l, frameAnchor: "left", text: (l: string) => lines.get(l), lineAnchor: "top", textAnchor: "start", dy: -row / 2 + 2, title: (l: string) => l })],
    };
  }
  const charPx = frame.fontSize * CHAR_EM;
  const lines = new Map(labels.map((l) => [l, labelLines(l, charsIn(frame.width * 0.38 - 12, frame.fontSize))]));
  const all = [...lines.values()].map((t) => t.split("\n"));
  const widest = Math.max(8, ...all.flat().map((line) => line.length));
  const lineCount = Math.max(1, ...all.map((l) => l.length));
  return {
    height: Math.round(Math.max(28, lineCount * lineHeight + 10) * labels.length + axisHeight),
    marginLeft: Math.round(Math.min(frame.width * 0.38, widest * charPx + 12)),
    y: { label: null, domain: [...labels], tickFormat: (l: string) => lines.get(l) ?? l },
    insetTop: 3,
    insetBottom: 3,
    barDy: 0,
    marks: [],
  };
}

export { Plot };
