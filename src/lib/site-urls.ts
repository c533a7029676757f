/**
 * The addresses a repository's own docs site (Jekyll, Middleman, Hugo, MkDocs, GitHub Pages) gave its files, so
 * that a link written as that site's URL (`/standards/monitoring.html`, `../privacy/`) finds the document or file.
 * Pure: derived from the file's path and from what its frontmatter declares (`permalink`, `redirect_from`, `aliases`).
 */

import path from 'node:path';

/** Folders a docs generator serves from (the first that leads a path is left out of the address). */
const SITE_FOLDERS = ['src/content/docs/', 'src/pages/', 'source/', 'content/', 'docs/', '_pages/', '_posts/'];
/** Folders of static files served at the site's root (Hugo `static/`, Astro and Vite `public/`), besides the above. */
const STATIC_FOLDERS = ['static/', 'public/', 'source/', 'content/', 'docs/'];
/** Extensions a page is rendered from, stripped one after the other (`x.html.md.erb` → `x`). */
const PAGE_EXTENSIONS = /\.(?:erb|md|mdx|markdown|mdown|mkd|html?)$/i;
/** A file that is its folder's page. */
const INDEX_NAME = /^(?:index|readme|_index)$/i;
/** Declared addresses kept per document at the most, and their longest. */
export const MAX_DECLARED_PATHS = 32;
const MAX_PATH_LENGTH = 512;

function decode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

/**
 * The key one page is known by, whatever form a link writes it in: `/Standards/x.html`, `/standards/x/`,
 * `/standards/x/index.html` and `/standards/x` are all `/standards/x`; the root is `/`.
 */
export function pageKey(sitePath: string): string {
  const cut = sitePath.search(/[?#]/);
  let p = cut < 0 ? sitePath : sitePath.slice(0, cut);
  if (p.includes('%')) p = decode(p);
  p = p.toLowerCase();
  if (p.includes('//')) p = p.replace(/\/+/g, '/');
  if (p.includes('.htm')) p = p.replace(/\/index\.html?$/, '/').replace(/\.html?$/, '');
  if (p.endsWith('/')) p = p.replace(/\/+$/, '');
  return p.startsWith('/') ? p || '/' : `/${p}`;
}

/** `_pages/security.md` → `security`, `source/standards/x.html.md.erb` → `standards/x`, `content/docs/_index.md` → `docs`. */
function pagePathsOf(repoPath: string): string[] {
  const out = new Set<string>();
  const bare = (p: string) => {
    let s = p;
    for (let i = 0; i < 4 && PAGE_EXTENSIONS.test(s); i++) s = s.replace(PAGE_EXTENSIONS, '');
    const parts = s.split('/');
    if (INDEX_NAME.test(parts.at(-1) ?? '')) parts.pop();
    return parts.join('/');
  };
  out.add(bare(repoPath));
  for (const folder of SITE_FOLDERS) {
    // The site folder may sit below the repository's root (`site/docs/`, a monorepo's `web/source/`).
    const at = repoPath.toLowerCase().indexOf(folder);
    if (at !== 0 && (at < 0 || repoPath[at - 1] !== '/')) continue;
    const rest = repoPath.slice(at + folder.length);
    out.add(bare(rest));
    // Jekyll posts: `_posts/2024-03-07-title.md` is `/2024/03/07/title/` by default, or `/title/` with a permalink.
    const post = folder === '_posts/' ? /^(?:(.*)\/)?(\d{4})-(\d{2})-(\d{2})-(.+)$/.exec(bare(rest)) : null;
    if (post) {
      const [, dir, y, m, d, title] = post;
      out.add(`${dir ? `${dir}/` : ''}${y}/${m}/${d}/${title}`);
      out.add(title!);
    }
  }
  return [...out];
}

/** The keys (see pageKey) of every address a document's page had on its repository's own site. */
export function pageKeysOf(repoPath: string, declared: readonly string[] = []): string[] {
  return [...new Set([...pagePathsOf(repoPath).map((p) => pageKey(`/${p}`)), ...declared.map(pageKey)])];
}

/**
 * The addresses a relative link on the document's page is read against: its declared permalink first, then the
 * "pretty" address (`/security/mfa/`) and the file-like one (`/standards/x.html`) of its derived paths.
 */
export function pageBasesOf(repoPath: string, declared: readonly string[] = []): string[] {
  const bases = new Set<string>();
  if (declared[0]) bases.add(declared[0].startsWith('/') ? declared[0] : `/${declared[0]}`);
  for (const p of pagePathsOf(repoPath)) {
    bases.add(p ? `/${p}/` : '/');
    if (p) bases.add(`/${p}.html`);
  }
  return [...bases];
}

/** The site paths a non-page file was served at: its path, and its path below a static or site folder. */
export function fileKeysOf(repoPath: string): string[] {
  const keys = new Set([`/${repoPath}`]);
  for (const folder of STATIC_FOLDERS) {
    const at = repoPath.indexOf(folder);
    if (at === 0 || (at > 0 && repoPath[at - 1] === '/')) keys.add(`/${repoPath.slice(at + folder.length)}`);
  }
  return [...keys];
}

/**
 * Where a link written on a document's page points, as site paths, when the site folder is not known: read
 * against each base of the page (see pageBasesOf), or as written when it starts with `/`. Decoded, without query
 * and fragment; undefined for anything with a scheme or host.
 */
export function sitePathsOfLink(url: string, bases: readonly string[]): string[] {
  if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url) || url.startsWith('#')) return [];
  const out = new Set<string>();
  // Most links: a path joined as a browser would (`..` stops at the root), without parsing an address each time.
  if (!/[\\\t\n\r]/.test(url)) {
    const cut = url.search(/[?#]/);
    const p = cut < 0 ? url : url.slice(0, cut);
    // Only a path with `.` or `..` parts, or doubled slashes, needs normalising.
    const plain = !/(?:^|\/)\.\.?(?:\/|$)|\/\//.test(p);
    for (const base of p.startsWith('/') ? ['/'] : bases) {
      const at = p.startsWith('/') ? p : `${base.slice(0, base.lastIndexOf('/') + 1)}${p}`;
      const joined = plain ? at : path.posix.normalize(at);
      const kept = p.endsWith('/') && !joined.endsWith('/') ? `${joined}/` : joined;
      out.add(kept.includes('%') ? decode(kept) : kept);
    }
    return [...out];
  }
  for (const base of url.startsWith('/') ? ['/'] : bases) {
    try {
      const u = new URL(url, `https://site.invalid${base}`);
      if (u.host === 'site.invalid') out.add(decode(u.pathname));
    } catch {
      /* not an address */
    }
  }
  return [...out];
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/**
 * The addresses a document's frontmatter gives its page on the source's own site: `permalink` (Jekyll), then
 * `redirect_from` (Jekyll) and `aliases` (Hugo), each a string or a list. Read defensively: anything that is not
 * a plain site path (a pattern such as `/:title/`, an address with a scheme) is left out.
 */
export function declaredSitePaths(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const v of [...asList(data.permalink).slice(0, 1), ...asList(data.redirect_from), ...asList(data.aliases)]) {
    if (typeof v !== 'string') continue;
    const p = v.trim();
    if (!p || p.length > MAX_PATH_LENGTH || p.includes(':') || /[\s<>"]/.test(p)) continue;
    out.push(p.startsWith('/') ? p : `/${p}`);
    if (out.length >= MAX_DECLARED_PATHS) break;
  }
  return out;
}
