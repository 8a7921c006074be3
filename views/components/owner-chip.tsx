import { OWNERS, type Owner } from "../../src/sop/schema.ts";
import type { MessageKey, Translate } from "../i18n.ts";

export const OWNER_KEYS: Record<Owner, MessageKey> = {
  office: "ownerOffice",
  sector_agency: "ownerSectorAgency",
  applicant: "ownerApplicant",
};

/** A stored owner in the reader's words; null when it is none of the three. */
export function ownerWord(owner: string | null, t: Translate): string | null {
  const known = OWNERS.find((o) => o === owner);
  return known ? t(OWNER_KEYS[known]) : null;
}

export function OwnerChip({ owner, t }: { owner: Owner | null; t: Translate }) {
  return <span class={`chip owner-${owner ?? "unknown"}`}>{t(owner ? OWNER_KEYS[owner] : "ownerUnknown")}</span>;
}
