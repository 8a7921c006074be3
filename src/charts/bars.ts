import { Plot, renderPlot } from "./render.ts";

// Horizontal bars, one per row, each a link to what it counts: on-time share per permit type,
// late steps, officers' throughput, time per owner.

export interface Bar {
  label: string;
  value: number;
  href: string;
  /** The text a pointer shows; defaults to the label and the formatted value. */
  title?: string;
  colour: string;
}

export interface BarsOptions {
  xLabel: string;
  describe: string;
  format: (n: number) => string;
  /** A fixed domain, [0, 1] for shares. */
  domain?: [number, number];
}

export function barsChart(bars: readonly Bar[], o: BarsOptions): string {
  const longest = Math.max(8, ...bars.map((b) => b.label.length));
  return renderPlot({
    width: 720,
    height: Math.max(80, 28 * bars.length + 50),
    // Long Indonesian step names would squeeze the bars; they are cut at 48 characters and the
    // full name is in the pointer's title and the table beside the chart.
    marginLeft: Math.min(320, 6.2 * Math.min(longest, 48) + 16),
    ariaDescription: o.describe,
    x: { label: o.xLabel, grid: true, tickFormat: o.format, ...(o.domain ? { domain: o.domain } : {}) },
    y: { label: null, domain: bars.map((b) => b.label), tickFormat: (s: string) => (s.length > 48 ? `${s.slice(0, 47)}…` : s) },
    marks: [
      Plot.barX(bars, { y: "label", x: "value", fill: "colour", href: "href", title: (b: Bar) => b.title ?? `${b.label}: ${o.format(b.value)}` }),
      Plot.text(bars, { y: "label", x: "value", text: (b: Bar) => o.format(b.value), dx: 4, textAnchor: "start" }),
      Plot.ruleX([0]),
    ],
  });
}
