import { Plot, renderResponsive, rowLayout } from "./render.ts";

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
  const widestValue = Math.max(3, ...bars.map((b) => o.format(b.value).length));
  return renderResponsive((frame) => {
    const rows = rowLayout(
      bars.map((b) => b.label),
      frame,
    );
    return {
      height: rows.height,
      marginLeft: rows.marginLeft,
      // Room for the value written after the longest bar.
      marginRight: Math.round(widestValue * frame.fontSize * 0.6 + 12),
      ariaDescription: o.describe,
      x: { label: o.xLabel, grid: true, tickFormat: o.format, ticks: Math.max(3, Math.floor(frame.width / 110)), ...(o.domain ? { domain: o.domain } : {}) },
      y: rows.y,
      marks: [
        Plot.barX(bars, { y: "label", x: "value", fill: "colour", href: "href", insetTop: rows.insetTop, insetBottom: rows.insetBottom, title: (b: Bar) => b.title ?? `${b.label}: ${o.format(b.value)}` }),
        Plot.text(bars, { y: "label", x: "value", text: (b: Bar) => o.format(b.value), dx: 4, dy: rows.barDy, textAnchor: "start" }),
        Plot.ruleX([0]),
        ...rows.marks,
      ],
    };
  });
}
