/** Each filter value's count over the whole site, for the search page to show before it loads Pagefind's filters. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeAttribute(v: string): string {
  return v.replace(/&(?:#(x[0-9a-f]{1,6}|\d{1,7})|([a-z]+));/gi, (m, num: string | undefined, name?: string) => {
    if (name) return ENTITIES[name.toLowerCase()] ?? m;
    const code = num![0] === 'x' || num![0] === 'X' ? parseInt(num!.slice(1), 16) : Number(num);
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** How many pages have each value of each filter, read from the pages' `data-pagefind-filter="key:value"`. */
export function filterTotals(pages: Iterable<Buffer>): Record<string, Record<string, number>> {
  // Maps, not objects: a value is a document's text, and may be `__proto__`.
  const totals = new Map<string, Map<string, number>>();
  for (const html of pages) {
    const seen = new Set<string>();
    for (const m of html.toString('utf8').matchAll(/data-pagefind-filter="([^"]*)"/g)) {
      const pair = unescapeAttribute(m[1]!);
      const colon = pair.indexOf(':');
      if (colon < 1 || seen.has(pair)) continue;
      seen.add(pair);
      const key = pair.slice(0, colon);
      const value = pair.slice(colon + 1);
      if (!totals.has(key)) totals.set(key, new Map());
      const values = totals.get(key)!;
      values.set(value, (values.get(value) ?? 0) + 1);
    }
  }
  return Object.fromEntries([...totals].map(([k, values]) => [k, Object.fromEntries(values)]));
}
