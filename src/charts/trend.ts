import { STATUS_COLOURS } from "./palette.ts";
import { Plot, renderResponsive } from "./render.ts";

// The share of permits finished on time per month against the office's target: a month below
// the line is the one to ask about. Counts are in each bar's title and in the table beside it;
// volume alone says nothing of compliance.

export interface TrendMonth {
  /** "YYYY-MM" */
  month: string;
  /** How the month is written on the axis ("Nov 26"). */
  label: string;
  onTime: number;
  late: number;
  /** The month's finished permits. */
  href: string;
}

export interface TrendLabels {
  y: string;
  /** The target line's label, with the share in it ("Target 90 %"). */
  target: string;
  describe: string;
  /** A bar's title: the month, its share and the counts behind it. */
  title: (m: TrendMonth) => string;
}

/** `target` null: the offices shown aim for different shares, so no one line is drawn. */
export function complianceTrendChart(months: readonly TrendMonth[], target: number | null, labels: TrendLabels, formatShare: (share: number) => string): string {
  // A month with nothing finished has no share: no bar, not a zero.
  const bars = months.filter((m) => m.onTime + m.late > 0).map((m) => ({ ...m, share: m.onTime / (m.onTime + m.late) }));
  return renderResponsive((frame) => ({
    height: frame.narrow ? 220 : 260,
    marginLeft: 48,
    // Room for the target's label right of the line.
    marginRight: Math.round(labels.target.length * frame.fontSize * 0.6 + 12),
    ariaDescription: labels.describe,
    // Twelve months in 320 px: every other label, so none overlaps.
    x: { type: "band", label: null, domain: months.map((m) => m.label), padding: 0.25, ...(frame.narrow ? { tickFormat: (l: string, i: number) => (i % 2 === (months.length - 1) % 2 ? l : "") } : {}) },
    y: { label: labels.y, grid: true, tickFormat: formatShare, domain: [0, 1], ticks: frame.narrow ? 4 : 6 },
    marks: [
      Plot.barY(bars, {
        x: "label",
        y: "share",
        fill: (m: (typeof bars)[number]) => (target === null || m.share >= target ? STATUS_COLOURS.on_time! : STATUS_COLOURS.late!),
        href: "href",
        title: labels.title,
      }),
      ...(target === null
        ? []
        : [
            Plot.ruleY([target], { stroke: "#1c2430", strokeDasharray: "6 4", strokeWidth: 1.5 }),
            Plot.text([target], { y: (t: number) => t, frameAnchor: "right", text: () => labels.target, textAnchor: "start", dx: 6 }),
          ]),
      Plot.ruleY([0]),
    ],
  }));
}
