// Spreadsheet formula injection (OWASP "CSV injection", ASVS 1.2.10): a cell that Excel, LibreOffice
// or Google Sheets would read as a formula. Pure text rules, shared by the import (which refuses such
// names) and every export that writes cells (which neutralises them), so the two never disagree.
//
// A cell is formula-like when it starts with = + - @, a tab, a CR or a NUL (after any leading spaces or
// line feeds, which some spreadsheets skip), except for values that can neither call nor reference
// anything:
// - a plain number: an optional sign, digits grouped by "." or "," ("-12", "+3.5", "-1.234,56");
// - a phone number: "+", then 8 to 15 digits (E.164) in groups split by single spaces, hyphens or dots,
//   the area code optionally in parentheses ("+62 812-3456-7890", "+6281234567890", "+62 (761) 123456");
// - a run of dashes, the placeholder exports write for "none" ("-", "--").
// Everything else so started is formula-like, names included: "-Budi" or "- Rina" open as #NAME? errors.

/** Characters that make a spreadsheet read a cell as a formula when they come first. */
const CONTROL_START = /^[\t\r\0]/;
const SIGN_START = /^[ \n]*[=+\-@]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)$/;
// Separators are required between digit groups, so a long run of digits cannot backtrack.
const PHONE = /^\+\d+(?:[ .-]?\(\d{1,5}\))?(?:[ .-]\d+)*$/;
const DASHES = /^-+$/;

function isPhoneNumber(s: string): boolean {
  if (s.length > 32 || !PHONE.test(s)) return false;
  const digits = s.replace(/\D/g, "").length;
  return digits >= 8 && digits <= 15;
}

/** Whether a spreadsheet would read this cell as a formula (see the rules above). */
export function looksLikeFormula(text: string): boolean {
  // The import asks this of every name cell: most start with a letter or digit and end here.
  const first = text.charCodeAt(0);
  if (first > 64 || (first >= 48 && first <= 57)) return false;
  if (CONTROL_START.test(text)) return true;
  if (!SIGN_START.test(text)) return false;
  const s = text.replace(/^[ \n]+/, "");
  return !(PLAIN_NUMBER.test(s) || isPhoneNumber(s) || DASHES.test(s));
}

/** A cell as a spreadsheet should show it: a formula-like text gets a leading ' and stays text. */
export function neutralizeFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}
