import type { Holiday } from "../../src/calendar/schema.ts";
import { formatIsoDate } from "../format.ts";
import { Head } from "./table-head.tsx";
import type { PageContext } from "../layout.tsx";

/** Holidays as a table: date with weekday, name, kind; weekend ones greyed (they change nothing). */
export function HolidayTable({ ctx, holidays }: { ctx: PageContext; holidays: (Holiday & { weekend?: boolean })[] }) {
  const { t, lang } = ctx;
  return (
    <div class="table-wrap">
      <table>
        <Head columns={[t("date"), t("name"), t("kind")]} />
        <tbody>
          {holidays.map((h) => (
            <tr class={h.weekend ? "muted" : undefined}>
              <td>
                {formatIsoDate(h.date, lang, true)}
                {h.weekend && ` (${t("weekend")})`}
              </td>
              <td>{h.name ?? t("notSet")}</td>
              <td>{h.kind ? t(h.kind) : t("notSet")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
