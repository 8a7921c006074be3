// The share on time an office aims for (set on Beranda; 90 % until set).

/** The target of the offices shown together: theirs when they agree, else null (no one line to draw). */
export function sharedTarget(offices: readonly { target_share: number }[]): number | null {
  const first = offices[0]?.target_share;
  return first !== undefined && offices.every((o) => o.target_share === first) ? first : null;
}
