import type { Owner } from "../../src/sop/schema.ts";
import type { MessageKey, Translate } from "../i18n.ts";

export const OWNER_KEYS: Record<Owner, MessageKey> = {
  office: "ownerOffice",
  sector_agency: "ownerSectorAgency",
  applicant: "ownerApplicant",
};

export function OwnerChip({ owner, t }: { owner: Owner | null; t: Translate }) {
  return <span class={`chip owner-${owner ?? "unknown"}`}>{t(owner ? OWNER_KEYS[owner] : "ownerUnknown")}</span>;
}
