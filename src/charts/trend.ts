import { STATUS_COLOURS } from "./palette.ts";
import { Plot, renderPlot } from "./render.ts";

// Finished permits per month, on time and late stacked: the volume and the compliance together.

export interface TrendMonth {
  /** "YYYY-MM" */
  month: string;
  /** How the month is written on the axis ("Nov 26"). */
  label: string;
  onTime: number;
  late: number;
  onTimeHref: string;
  lateHref: string;
}

export interface TrendLabels {
  onTime: string;
  late: string;
  y: string;
  describe: string;
}

export function complianceTrendChart(months: readonly TrendMonth[], labels: TrendLabels, formatNumber: (n: number) => string): string {
  const bars = months.flatMap((m) => [
    { label: m.label, key: labels.onTime, n: m.onTime, href: m.onTimeHref },
    { label: m.label, key: labels.late, n: m.late, href: m.lateHref },
  ]);
  return renderPlot({
    width: 720,
    height: 260,
    marginLeft: 48,
    ariaDescription: labels.describe,
    x: { type: "band", label: null, domain: months.map((m) => m.label) },
    // An empty period would otherwise stretch zero-height bars over the whole chart.
    y: { label: labels.y, grid: true, tickFormat: formatNumber, domain: [0, Math.max(1, ...months.map((m) => m.onTime + m.late))] },
    color: { legend: true, domain: [labels.onTime, labels.late], range: [STATUS_COLOURS.on_time!, STATUS_COLOURS.late!] },
    marks: [
      Plot.barY(bars, { x: "label", y: "n", fill: "key", href: "href", title: (d: (typeof bars)[number]) => `${d.label} · ${d.key}: ${formatNumber(d.n)}` }),
      Plot.ruleY([0]),
    ],
  });
}
