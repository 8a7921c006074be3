import { WEEKDAYS, type Weekday, type WeeklyHours } from "../../src/calendar/schema.ts";
import type { Translate } from "../i18n.ts";

/** "Senin–Kamis 07:30–12:00, 13:00–16:00 · Jumat …": consecutive days with the same hours grouped. */
function weeklyGroups(weekly: WeeklyHours): { from: Weekday; to: Weekday; hours: string }[] {
  const groups: { from: Weekday; to: Weekday; hours: string }[] = [];
  for (const d of WEEKDAYS) {
    const hours = (weekly[d] ?? []).map(([a, b]) => `${a}–${b}`).join(", ");
    const last = groups.at(-1);
    if (last && last.hours === hours) last.to = d;
    else groups.push({ from: d, to: d, hours });
  }
  return groups;
}

export function WeeklySummary({ weekly, t }: { weekly: WeeklyHours; t: Translate }) {
  return (
    <ul class="plain">
      {weeklyGroups(weekly).map((g) => (
        <li>
          <strong>{g.from === g.to ? t(g.from) : `${t(g.from)}–${t(g.to)}`}</strong>{" "}
          {g.hours === "" ? <span class="muted">{t("closed")}</span> : g.hours}
        </li>
      ))}
    </ul>
  );
}
