/**
 * The path the site is served under (`site.base`: `/` at a domain's root, `/handbook/` for a GitHub or GitLab
 * project page). Pages, feeds, the sitemap and the search know each other by site paths (`/postmortems/x/`);
 * what a reader's browser follows gets the base in front, here and nowhere else.
 */

/** A base as the sources file must write it: `/`, or `/` + path segments of plain characters + `/`. */
export const BASE_PATTERN = /^\/(?:[A-Za-z0-9._~-]+\/)*$/;

/** `/postmortems/x/` → `/handbook/postmortems/x/` under `/handbook/`; anything not a site path stays as it is. */
export function withBase(base: string, sitePath: string): string {
  if (base === '/' || !sitePath.startsWith('/') || sitePath.startsWith('//')) return sitePath;
  return `${base}${sitePath.slice(1)}`;
}

/** The images a body shows from the site's `/_files/` (see loaders/document-files.ts), under the base. */
export function imagesWithBase(html: string, base: string): string {
  if (base === '/') return html;
  return html.replace(/(<img\b[^>]*?\ssrc=")\/_files\//g, (_, head: string) => `${head}${base}_files/`);
}

/** The public address of the site's root without a trailing slash: `site.url` with the base after it. */
export function publicRoot(siteUrl: string, base: string): string {
  return `${siteUrl.replace(/\/+$/, '')}${base.replace(/\/$/, '')}`;
}

/** `/handbook/tags/` → `/tags/`: the site path of a path the browser shows; `/` when it is the base itself. */
export function withoutBase(base: string, pathname: string): string {
  if (base === '/') return pathname;
  if (pathname === base.slice(0, -1)) return '/';
  return pathname.startsWith(base) ? `/${pathname.slice(base.length)}` : pathname;
}
