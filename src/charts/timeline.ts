import { STATUS_COLOURS } from "./palette.ts";
import { Plot, renderResponsive, rowLayout } from "./render.ts";

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
  return renderResponsive((frame) => {
    const rows = rowLayout(
      steps.map((s) => s.label),
      frame,
      30,
    );
    return {
      height: rows.height,
      marginLeft: rows.marginLeft,
      marginRight: 24,
      ariaDescription: labels.describe,
      x: { type: "utc", grid: true, label: null, tickFormat: formatTick, ticks: Math.max(2, Math.floor(frame.width / 150)) },
      y: rows.y,
      marks: [
        Plot.barX(steps, { y: "label", x1: "start", x2: "end", fill: (s: TimelineStep) => STATUS_COLOURS[s.status] ?? "#8a8a8a", title: "title", insetTop: rows.insetTop + 1, insetBottom: rows.insetBottom + 1 }),
        Plot.tickX(dues, { y: "label", x: "due", stroke: "currentColor", strokeWidth: 2, insetTop: rows.insetTop, insetBottom: rows.insetBottom, title: (s: TimelineStep & { due: Date }) => `${labels.due}: ${formatTick(s.due)}` }),
        ...rows.marks,
      ],
    };
  });
}
