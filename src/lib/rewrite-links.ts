/**
 * Points links between documents at their pages: `../standards/alerting.md#why` → `/standards/alerting/#why`.
 * A link to a document that does not exist keeps its words and loses its target; so does one to a `'hidden'`
 * document (an internal one in a public build), without saying why.
 */
export function rewriteLinks(
  html: string,
  resolve: (url: string) => string | null | undefined | 'external' | 'hidden',
): string {
  return html.replace(/<a\b([^>]*?)\shref="([^"]*)"([^>]*)>/g, (whole, before: string, href: string, after: string) => {
    const url = href.replace(/&amp;/g, '&');
    const target = resolve(url);
    if (target === 'external' || target === null) return whole;
    const hash = url.includes('#') ? url.slice(url.indexOf('#')) : '';
    if (target === 'hidden') return `<a${before}${after}>`;
    if (target === undefined)
      return `<a${before}${after} class="broken-link" title="This link leads to a document that does not exist">`;
    // A link sent off the site (where a redirect-only page leads) does not hand the site to the target.
    const rel = /^https?:/i.test(target) && !/\srel="/.test(before + after) ? ' rel="noopener noreferrer"' : '';
    return `<a${before} href="${target}${hash.replace(/"/g, '&quot;')}"${after}${rel}>`;
  });
}
