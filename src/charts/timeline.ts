import { STATUS_COLOURS } from "./palette.ts";
import { Plot, renderPlot } from "./render.ts";

// One permit's steps on a time axis: each a bar from start to end (or to now while open) in its
// status colour, with a tick at its due instant.

export interface TimelineStep {
  label: string;
  start: Date;
  end: Date;
  due: Date | null;
  status: string;
  title: string;
}

export interface TimelineLabels {
  due: string;
  describe: string;
}

export function timelineChart(steps: readonly TimelineStep[], labels: TimelineLabels, formatTick: (d: Date) => string): string {
  const dues = steps.filter((s): s is TimelineStep & { due: Date } => s.due !== null);
  const longest = Math.max(8, ...steps.map((s) => s.label.length));
  return renderPlot({
    width: 760,
    height: Math.max(90, 26 * steps.length + 50),
    marginLeft: Math.min(300, 6.2 * Math.min(longest, 44) + 16),
    ariaDescription: labels.describe,
    x: { type: "utc", grid: true, label: null, tickFormat: formatTick, ticks: 6 },
    y: { label: null, domain: steps.map((s) => s.label), tickFormat: (s: string) => (s.length > 44 ? `${s.slice(0, 43)}…` : s) },
    marks: [
      Plot.barX(steps, { y: "label", x1: "start", x2: "end", fill: (s: TimelineStep) => STATUS_COLOURS[s.status] ?? "#8a8a8a", title: "title", insetTop: 4, insetBottom: 4 }),
      Plot.tickX(dues, { y: "label", x: "due", stroke: "currentColor", strokeWidth: 2, title: (s: TimelineStep & { due: Date }) => `${labels.due}: ${formatTick(s.due)}` }),
    ],
  });
}
