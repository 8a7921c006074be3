/** The named fields of a page's form, as a browser would submit them untouched. */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const unescape = (s: string) =>
    s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (!name || /type="file"/.test(tag)) continue;
    if (/type="checkbox"/.test(tag) && !/checked/.test(tag)) continue;
    fields[name] = unescape(/value="([^"]*)"/.exec(tag)?.[1] ?? "");
  }
  for (const m of html.matchAll(/<textarea\b[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1]!] = unescape(m[2]!);
  for (const m of html.matchAll(/<select\b[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[m[1]!] = unescape(/<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[2]!)?.[1] ?? "");
  }
  return fields;
}
