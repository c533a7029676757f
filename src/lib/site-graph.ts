/**
 * How documents refer to each other: `related` references (by `kind/slug`, id, or site path) and Markdown links
 * (relative paths inside a repository, `kind/slug`, or site paths). Resolves both, finds what does not resolve,
 * and inverts them into backlinks. Pure: the same graph serves the report and the pages.
 */
import path from 'node:path';
import { kindInfo, kinds, type Kind } from '../schemas/index.ts';
import { escapeHtml } from './html.ts';
import type { RedirectStub } from './redirect-stubs.ts';
import { pageBasesOf, pageKey, pageKeysOf, sitePathsOfLink } from './site-urls.ts';
import { isWebAddress } from './url-policy.ts';

export interface GraphDoc {
  kind: Kind;
  slug: string;
  id?: string;
  title: string;
  source: string;
  path: string;
  repoKey: string;
  repoPath: string;
  related: string[];
  links: Array<{ url: string; text: string; line: number }>;
  /** Addresses the frontmatter gives the page on its repository's own site (`permalink`, `redirect_from`, `aliases`). */
  sitePaths?: string[];
}

export const keyOf = (d: { kind: Kind; slug: string }) => `${d.kind}/${d.slug}`;
export const urlOf = (d: { kind: Kind; slug: string }) => `/${kindInfo[d.kind].path}/${d.slug}/`;
/** The file of a document's page in the output folder (`postmortems/<slug>/index.html`), as the search index names pages. */
export const pageFileOf = (d: { kind: Kind; slug: string }) => `${urlOf(d).slice(1)}index.html`;

/**
 * A document this build's audience may not see (an internal one in a public build): known to link resolution, so
 * that a link to it loses its target, and never shown (no title is kept).
 */
export interface HiddenDoc {
  kind: Kind;
  slug: string;
  id?: string;
  repoKey: string;
  repoPath: string;
  sitePaths?: string[];
}

/** A link to a page that only redirects (see redirect-stubs.ts): it goes where the page redirects. */
export interface Redirected {
  redirect: string;
}

export const isRedirected = (t: unknown): t is Redirected =>
  typeof t === 'object' && t !== null && typeof (t as Redirected).redirect === 'string';

/**
 * What a resolved link becomes in rendered HTML (see rewrite-links.ts): the page of a document, the address a
 * redirect-only page leads to (escaped for the attribute), or as it is.
 */
export function linkHref(
  t: { kind: Kind; slug: string } | Redirected | 'external' | 'hidden' | undefined,
): string | 'external' | 'hidden' | undefined {
  if (isRedirected(t)) return escapeHtml(t.redirect);
  return t === 'external' || t === 'hidden' || t === undefined ? t : urlOf(t);
}

export interface Unresolved {
  doc: GraphDoc;
  what: 'related' | 'link';
  target: string;
  line?: number;
}

const kindByPath = new Map<string, Kind>(kinds.map((k) => [kindInfo[k].path, k]));
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const DOC_FILE = /\.(md|mdx|markdown)$/i;
/** Pages of a kind's folder that are not documents (`/postmortems/actions/`, `/standards/feed.xml`). */
const KIND_PAGES = new Set(['feed.xml', 'actions', 'stats', 'facets']);
/** First folders of this site's own pages that are not documents: a link there is left as it is. */
const SITE_PAGES = new Set([
  '',
  'tags',
  'search',
  'health',
  'api',
  'feed.xml',
  'sitemap.xml',
  'pagefind',
  '_files',
  '_astro',
]);

export class SiteGraph<D extends GraphDoc = GraphDoc> {
  readonly byKey = new Map<string, D>();
  private all = new Map<string, D | HiddenDoc>();
  private byId = new Map<string, D | HiddenDoc>();
  private byRepoPath = new Map<string, D | HiddenDoc>();
  private bySlug = new Map<string, D | HiddenDoc | null>();
  /** Every address each document had on its repository's own site (see site-urls.ts), by repository. */
  private bySiteKey = new Map<string, D | HiddenDoc>();
  /** Pages that only redirect, by repository path and by site address, as for documents. */
  private redirects = new Map<string, Redirected>();
  /** Each document's page addresses on its repository's site, that its relative links are read against. */
  private bases = new WeakMap<D, string[]>();
  private hidden = new Set<D | HiddenDoc>();
  private forward = new Map<string, D[]>();
  private backward = new Map<string, D[]>();
  readonly unresolved: Unresolved[] = [];

  readonly docs: D[];

  private siteBase?: string;

  /**
   * `hidden`: documents this audience may not see; references to them resolve, and are left out. `siteUrl`: the
   * site's own address, so that an absolute link to one of its pages resolves like a site path. `redirects`: pages
   * that only redirect (not built), so that a link to one goes where it redirects.
   */
  constructor(docs: D[], hidden: HiddenDoc[] = [], options: { siteUrl?: string; redirects?: RedirectStub[] } = {}) {
    this.docs = docs;
    if (options.siteUrl) this.siteBase = options.siteUrl.replace(/\/+$/, '').toLowerCase();
    for (const d of [...docs, ...hidden]) {
      if (!this.all.has(keyOf(d))) this.all.set(keyOf(d), d);
      if (d.id && !this.byId.has(d.id.toLowerCase())) this.byId.set(d.id.toLowerCase(), d);
      this.byRepoPath.set(`${d.repoKey}\0${d.repoPath}`, d);
      this.bySlug.set(d.slug, this.bySlug.has(d.slug) ? null : d);
      for (const key of pageKeysOf(d.repoPath, d.sitePaths)) {
        const at = `${d.repoKey}\0${key}`;
        if (!this.bySiteKey.has(at)) this.bySiteKey.set(at, d);
      }
    }
    for (const r of options.redirects ?? []) {
      const to = { redirect: r.to };
      for (const key of [`path:${r.repoPath}`, ...pageKeysOf(r.repoPath, r.sitePaths)]) {
        const at = `${r.repoKey}\0${key}`;
        if (!this.redirects.has(at)) this.redirects.set(at, to);
      }
    }
    for (const d of docs) this.byKey.set(keyOf(d), d);
    for (const h of hidden) this.hidden.add(this.all.get(keyOf(h))!);
    for (const d of docs) {
      const targets = new Map<string, D>();
      for (const ref of d.related) {
        // A web page is shown as an external link; any other scheme was refused when the document was read.
        // (An address of one of this site's documents is a reference like its site path.)
        const web = EXTERNAL.test(ref);
        if (web && this.leadsToHidden(ref.trim(), d)) continue;
        const local = web ? this.sitePath(ref.trim()) : undefined;
        const t = web ? (local === undefined ? undefined : this.find(local)) : this.find(ref);
        if (web && !t) continue;
        if (t && this.hidden.has(t)) continue;
        if (t) {
          if (t !== d) targets.set(keyOf(t), t as D);
        } else this.unresolved.push({ doc: d, what: 'related', target: ref });
      }
      for (const link of d.links) {
        const r = this.resolveLink(link.url, d);
        if (r === 'external' || r === 'hidden' || isRedirected(r)) continue;
        if (r) {
          if (r !== d) targets.set(keyOf(r), r);
        } else this.unresolved.push({ doc: d, what: 'link', target: link.url, line: link.line });
      }
      this.forward.set(keyOf(d), [...targets.values()]);
      for (const t of targets.values()) this.backward.set(keyOf(t), [...(this.backward.get(keyOf(t)) ?? []), d]);
    }
  }

  /** `kind/slug`, an id (any case), a site path (`/standards/x/`), or a bare slug when it is unique; undefined for a hidden document. */
  resolveRef(ref: string): D | undefined {
    const t = this.find(ref);
    return t && !this.hidden.has(t) ? (t as D) : undefined;
  }

  /** True when `ref` names a document this audience may not see. */
  isHidden(ref: string): boolean {
    const t = this.find(ref);
    return !!t && this.hidden.has(t);
  }

  private find(ref: string): D | HiddenDoc | undefined {
    const r = ref.trim();
    const direct = this.all.get(r) ?? this.byId.get(r.toLowerCase());
    if (direct) return direct;
    const parts = r
      .replace(/^\/+|\/+$/g, '')
      .replace(/[#?].*$/, '')
      .replace(/\/index\.html?$/i, '')
      .split('/')
      .filter(Boolean);
    if (parts.length === 2) {
      const first = parts[0]!.toLowerCase();
      const kind =
        kindByPath.get(first) ?? ((kinds as readonly string[]).includes(first) ? (first as Kind) : undefined);
      const hit = kind && (this.all.get(`${kind}/${parts[1]}`) ?? this.all.get(`${kind}/${parts[1]!.toLowerCase()}`));
      if (hit) return hit;
    }
    const last = parts.at(-1);
    return last ? (this.bySlug.get(last.replace(DOC_FILE, '').toLowerCase()) ?? undefined) : undefined;
  }

  /**
   * A link as written in `from`'s body: `'external'` when it leaves the site, `'hidden'` when it leads to a document
   * this audience may not see (its words stay, its target goes), the document, where a redirect-only page leads, or
   * undefined when broken.
   */
  resolveLink(url: string, from: D): D | 'external' | 'hidden' | Redirected | undefined {
    const t = this.findLink(url, from);
    if (isRedirected(t)) return t;
    if ((t === 'external' || t === undefined) && this.leadsToHidden(url, from)) return 'hidden';
    return t === 'external' || t === undefined ? t : this.hidden.has(t) ? 'hidden' : (t as D);
  }

  /** True when a browser on `from`'s page would go from `url` to a hidden document's page (`../x/`, `/a/./x/%E0/..`). */
  private leadsToHidden(url: string, from: { kind: Kind; slug: string }): boolean {
    let base: URL;
    let u: URL;
    try {
      base = new URL(`${this.siteBase ?? 'https://site.invalid'}${urlOf(from)}`);
      u = new URL(url, base);
    } catch {
      return false;
    }
    if (u.hostname !== base.hostname) return false;
    const prefix = base.pathname.slice(0, base.pathname.length - urlOf(from).length);
    if (!u.pathname.toLowerCase().startsWith(prefix.toLowerCase())) return false;
    const parts = u.pathname
      .slice(prefix.length)
      .split('/')
      .filter(Boolean)
      .map((p) => {
        try {
          return decodeURIComponent(p);
        } catch {
          return p;
        }
      });
    const kind = parts.length >= 2 ? kindByPath.get(parts[0]!.toLowerCase()) : undefined;
    const t = kind && (this.all.get(`${kind}/${parts[1]}`) ?? this.all.get(`${kind}/${parts[1]!.toLowerCase()}`));
    return !!t && this.hidden.has(t);
  }

  /** `https://<site>/postmortems/x/` → `/postmortems/x/`; undefined for any other address. */
  private sitePath(url: string): string | undefined {
    const base = this.siteBase;
    if (!base || !/^https?:/i.test(url)) return undefined;
    // Read as a browser would: any scheme or port of the site's host, `/./`, `%73` for `s`.
    let u: URL;
    let b: URL;
    try {
      u = new URL(url);
      b = new URL(`${base}/`);
    } catch {
      return undefined;
    }
    if (u.hostname !== b.hostname || !u.pathname.toLowerCase().startsWith(b.pathname.toLowerCase())) return undefined;
    let rest = u.pathname.slice(b.pathname.length);
    try {
      rest = decodeURIComponent(rest);
    } catch {
      /* keep as written */
    }
    return `/${rest.replace(/^\/+/, '')}`;
  }

  private basesOf(from: D): string[] {
    let bases = this.bases.get(from);
    if (!bases) this.bases.set(from, (bases = pageBasesOf(from.repoPath, from.sitePaths)));
    return bases;
  }

  /** The document of `from`'s repository a link points to when read as that repository's own site would read it. */
  private findOnRepoSite(decoded: string, from: D): D | HiddenDoc | undefined {
    for (const p of sitePathsOfLink(decoded, this.basesOf(from))) {
      const hit = this.bySiteKey.get(`${from.repoKey}\0${pageKey(p)}`);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The redirect-only page of `from`'s repository a link points to, by its file or its site address. */
  private findRedirect(decoded: string, from: D): Redirected | undefined {
    if (!this.redirects.size) return undefined;
    if (!decoded.startsWith('/')) {
      const file = path.posix.normalize(path.posix.join(path.posix.dirname(from.repoPath), decoded));
      const hit = this.redirects.get(`${from.repoKey}\0path:${file}`);
      if (hit) return hit;
    }
    for (const p of sitePathsOfLink(decoded, this.basesOf(from))) {
      const hit = this.redirects.get(`${from.repoKey}\0${pageKey(p)}`);
      if (hit) return hit;
    }
    return undefined;
  }

  private findLink(url: string, from: D): D | HiddenDoc | Redirected | 'external' | undefined {
    const local = this.sitePath(url);
    if (local !== undefined) return this.findLink(local, from);
    if (!url || url.startsWith('#') || EXTERNAL.test(url)) return 'external';
    const clean = url.replace(/[#?].*$/, '');
    // `?query` alone, or `#` after nothing: the page itself.
    if (!clean) return 'external';
    let decoded = clean;
    try {
      decoded = decodeURIComponent(clean);
    } catch {
      /* keep as written */
    }
    decoded = decoded.replace(/(^|\/)index\.html?$/i, '$1');
    if (!clean.startsWith('/')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(from.repoPath), decoded));
      const hit =
        this.byRepoPath.get(`${from.repoKey}\0${target}`) ??
        this.findOnRepoSite(decoded, from) ??
        this.findRedirect(decoded, from);
      if (hit) return hit;
      // An id as the whole link: `[the outage](PM-2024-012)`.
      const byId = /^[^/]+$/.test(decoded) ? this.byId.get(decoded.trim().toLowerCase()) : undefined;
      if (byId) return byId;
      if (DOC_FILE.test(decoded)) return this.find(decoded) ?? undefined;
      return /^[a-z]+\/[^/]+\/?$/i.test(decoded) ? this.find(decoded) : undefined;
    }
    const onSite = this.findOnRepoSite(decoded, from) ?? this.findRedirect(decoded, from);
    if (onSite) return onSite;
    const parts = decoded.split('/').filter(Boolean);
    // A path below a hidden document's page (`/postmortems/<hidden>/more/`) names it as much as its page does.
    const under = parts.length > 2 && kindByPath.has(parts[0]!) ? this.find(`${parts[0]}/${parts[1]}`) : undefined;
    if (under && this.hidden.has(under)) return under;
    if (parts.length >= 1 && (kindByPath.has(parts[0]!) || DOC_FILE.test(decoded) || parts.length === 2)) {
      const found = this.find(decoded);
      if (found) return found;
    }
    // This site's own pages (listings, tags, search, the API) are not documents; anything else leads nowhere.
    const first = (parts[0] ?? '').toLowerCase();
    const second = (parts[1] ?? '').toLowerCase();
    if (SITE_PAGES.has(first) || (kindByPath.has(first) && (parts.length !== 2 || KIND_PAGES.has(second))))
      return 'external';
    return undefined;
  }

  /** `related` entries that are web addresses rather than documents (only those the URL policy allows). */
  externalRelated(d: D): string[] {
    // An address of one of this site's documents is a reference, resolved (or left out when hidden) above.
    return d.related.filter(
      (ref) =>
        isWebAddress(ref) &&
        !this.leadsToHidden(ref.trim(), d) &&
        !(this.sitePath(ref.trim()) !== undefined && this.find(this.sitePath(ref.trim())!)),
    );
  }

  /** Documents this one points to (related and links), without duplicates. */
  outgoing(d: { kind: Kind; slug: string }): D[] {
    return this.forward.get(keyOf(d)) ?? [];
  }

  /** Documents that point to this one. */
  backlinks(d: { kind: Kind; slug: string }): D[] {
    return this.backward.get(keyOf(d)) ?? [];
  }
}
