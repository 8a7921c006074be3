import type { Translate } from "../i18n.ts";

/** A table's header row: each column's label, right-aligned where it holds numbers. */
export function Head({ columns }: { columns: (string | { label: string; num: true })[] }) {
  return (
    <thead>
      <tr>{columns.map((c) => (typeof c === "string" ? <th>{c}</th> : <th class="num">{c.label}</th>))}</tr>
    </thead>
  );
}

/** The columns of an SOP's step table, as the SOP page shows it and its editor edits it. */
export const sopStepColumns = (t: Translate) => [
  { label: t("stepNo"), num: true as const },
  t("description"),
  t("actor"),
  t("owner"),
  t("waktu"),
  t("kelengkapan"),
  t("output"),
];
