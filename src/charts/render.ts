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

export { Plot };
