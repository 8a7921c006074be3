/** A table's header row: each column's label, right-aligned where it holds numbers. */
export function Head({ columns }: { columns: (string | { label: string; num: true })[] }) {
  return (
    <thead>
      <tr>{columns.map((c) => (typeof c === "string" ? <th>{c}</th> : <th class="num">{c.label}</th>))}</tr>
    </thead>
  );
}
