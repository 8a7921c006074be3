import { STATUS_COLOURS } from "./palette.ts";
import { Plot, renderResponsive } from "./render.ts";

// How long a step's finished occurrences took, as a share of its standard, with a line at the
// standard: what is left of the line was on time. The last bin holds everything beyond it.

export interface HistogramBin {
  /** Lower edge, as a share of the standard. */
  from: number;
  to: number;
  count: number;
  href: string;
}

export interface HistogramLabels {
  x: string;
  y: string;
  standard: string;
  describe: string;
}

export function shareHistogramChart(bins: readonly HistogramBin[], labels: HistogramLabels, formatNumber: (n: number) => string, formatPercent: (n: number) => string): string {
  const last = Math.max(1.25, ...bins.map((b) => b.to));
  return renderResponsive((frame) => ({
    height: frame.narrow ? 220 : 240,
    marginLeft: 52,
    marginBottom: 40,
    ariaDescription: labels.describe,
    x: { label: labels.x, domain: [0, last], tickFormat: formatPercent, ticks: Math.max(3, Math.floor(frame.width / 90)) },
    y: { label: labels.y, grid: true, tickFormat: formatNumber },
    marks: [
      Plot.rectY(bins, {
        x1: "from",
        x2: "to",
        y: "count",
        inset: 0.5,
        fill: (b: HistogramBin) => (b.to <= 1 ? STATUS_COLOURS.on_time : STATUS_COLOURS.late),
        href: "href",
        title: (b: HistogramBin) => `${formatPercent(b.from)}–${formatPercent(b.to)}: ${formatNumber(b.count)}`,
      }),
      Plot.ruleX([1], { stroke: "currentColor", strokeWidth: 2, strokeDasharray: "4,3" }),
      Plot.text([1], { x: (d: number) => d, frameAnchor: "top", text: () => labels.standard, dx: 4, textAnchor: "start" }),
      Plot.ruleY([0]),
    ],
  }));
}
