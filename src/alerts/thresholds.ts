import { DEFAULT_WARN_SHARE, type Thresholds } from "../sla/index.ts";

// An office's warning shares: its own default, a permit type's, a SOP step's (by position within
// the type's SOP); the most specific one set wins, the product's default (75 %, no second level)
// where the office has set none.

export interface ThresholdSetting {
  permitType: string | null;
  position: number | null;
  warn: number;
  warn2: number | null;
}

export const DEFAULT_THRESHOLDS: Thresholds = { warn: DEFAULT_WARN_SHARE, warn2: null };

/** The thresholds of one permit type: by SOP step position, or of the permit's total (null). */
export function thresholdsFor(settings: readonly ThresholdSetting[], permitType: string | null): (position: number | null) => Thresholds {
  const type = permitType?.toLowerCase() ?? null;
  const office = settings.find((s) => s.permitType === null);
  const ofType = settings.filter((s) => s.permitType !== null && s.permitType.toLowerCase() === type);
  const typeWide = ofType.find((s) => s.position === null);
  const base = typeWide ?? office;
  const fallback: Thresholds = base ? { warn: base.warn, warn2: base.warn2 } : DEFAULT_THRESHOLDS;
  const byPosition = new Map(ofType.filter((s) => s.position !== null).map((s) => [s.position!, { warn: s.warn, warn2: s.warn2 }]));
  return (position) => (position === null ? fallback : (byPosition.get(position) ?? fallback));
}
