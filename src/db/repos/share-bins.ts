import { sql } from "kysely";

// The bins of a step's share histogram (how much of its standard a finished step used), in one
// place: the rollup counts them per month (share_bin_month, src/db/repos/rollup.ts) and the
// verdicts are counted the same way for other periods (src/db/repos/compliance.ts).

/** The last bin's lower edge: everything above three times the standard lands there. */
export const SHARE_BIN_CAP = 3;
export const SHARE_BIN_WIDTH = 0.25;

/**
 * The bin of a share, 0 … 12. Bins include their upper edge, so a step that used exactly its
 * standard falls left of the line, (0.75, 1]; the first holds 0 too; the last everything above the cap.
 */
export const shareBinOf = (share: string) =>
  sql`least(greatest(ceil(${sql.raw(share)} / ${sql.lit(SHARE_BIN_WIDTH)}::float8) - 1, 0), ${sql.lit(SHARE_BIN_CAP / SHARE_BIN_WIDTH)}::float8)::int`;
