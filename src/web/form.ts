// Pages' forms: what a post holds, and the messages shown under its fields.

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string[]>;

/** The text fields of a parsed form body (files and repeated fields left out). */
export function formValues(body: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}
