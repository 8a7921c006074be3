/**
 * The SOP version in force on a date ("YYYY-MM-DD"): the newest whose effective date is on or
 * before it; a version without an effective date is in force from the beginning (DOMAIN.md rule 8).
 */
export function versionInForceOn<V extends { version: number; effective_from: string | null }>(versions: readonly V[], date: string): V | undefined {
  return versions
    .filter((v) => v.effective_from === null || v.effective_from <= date)
    .sort((a, b) => (b.effective_from ?? "").localeCompare(a.effective_from ?? "") || b.version - a.version)[0];
}
