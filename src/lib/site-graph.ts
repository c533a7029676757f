/**
 * How documents refer to each other: `related` references (by `kind/slug`, id, or site path) and Markdown links
 * (relative paths inside a repository, `kind/slug`, or site paths). Resolves both, finds what does not resolve,
 * and inverts them into backlinks. Pure: the same graph serves the report and the pages.
 */
import path from 'node:path';
import { kindInfo, kinds, type Kind } from '../schemas/index.ts';
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
}

export const keyOf = (d: { kind: Kind; slug: string }) => `${d.kind}/${d.slug}`;
export const urlOf = (d: { kind: Kind; slug: string }) => `/${kindInfo[d.kind].path}/${d.slug}/`;
/** The file of a document's page in the output folder (`postmortems/<slug>/index.html`), as the search index names pages. */
export const pageFileOf = (d: { kind: Kind; slug: string }) => `${urlOf(d).slice(1)}index.html`;

export interface Unresolved {
  doc: GraphDoc;
  what: 'related' | 'link';
  target: string;
  line?: number;
}

const kindByPath = new Map<string, Kind>(kinds.map((k) => [kindInfo[k].path, k]));
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const DOC_FILE = /\.(md|mdx|markdown)$/i;

export class SiteGraph<D extends GraphDoc = GraphDoc> {
  readonly byKey = new Map<string, D>();
  private byId = new Map<string, D>();
  private byRepoPath = new Map<string, D>();
  private bySlug = new Map<string, D | null>();
  private forward = new Map<string, D[]>();
  private backward = new Map<string, D[]>();
  readonly unresolved: Unresolved[] = [];

  readonly docs: D[];

  constructor(docs: D[]) {
    this.docs = docs;
    for (const d of docs) {
      this.byKey.set(keyOf(d), d);
      if (d.id) this.byId.set(d.id.toLowerCase(), d);
      this.byRepoPath.set(`${d.repoKey}\0${d.repoPath}`, d);
      this.bySlug.set(d.slug, this.bySlug.has(d.slug) ? null : d);
    }
    for (const d of docs) {
      const targets = new Map<string, D>();
      for (const ref of d.related) {
        // A web page is shown as an external link; any other scheme was refused when the document was read.
        if (EXTERNAL.test(ref)) continue;
        const t = this.resolveRef(ref);
        if (t) { if (t !== d) targets.set(keyOf(t), t); } else this.unresolved.push({ doc: d, what: 'related', target: ref });
      }
      for (const link of d.links) {
        const r = this.resolveLink(link.url, d);
        if (r === 'external') continue;
        if (r) { if (r !== d) targets.set(keyOf(r), r); } else this.unresolved.push({ doc: d, what: 'link', target: link.url, line: link.line });
      }
      this.forward.set(keyOf(d), [...targets.values()]);
      for (const t of targets.values()) this.backward.set(keyOf(t), [...(this.backward.get(keyOf(t)) ?? []), d]);
    }
  }

  /** `kind/slug`, an id (any case), a site path (`/standards/x/`), or a bare slug when it is unique. */
  resolveRef(ref: string): D | undefined {
    const r = ref.trim();
    const direct = this.byKey.get(r) ?? this.byId.get(r.toLowerCase());
    if (direct) return direct;
    const parts = r.replace(/^\/+|\/+$/g, '').replace(/[#?].*$/, '').split('/').filter(Boolean);
    if (parts.length === 2) {
      const kind = kindByPath.get(parts[0]!) ?? ((kinds as readonly string[]).includes(parts[0]!) ? (parts[0] as Kind) : undefined);
      const hit = kind && this.byKey.get(`${kind}/${parts[1]}`);
      if (hit) return hit;
    }
    const last = parts.at(-1);
    return last ? this.bySlug.get(last.replace(DOC_FILE, '').toLowerCase()) ?? undefined : undefined;
  }

  /** A link as written in `from`'s body: `'external'` when it leaves the site, the document, or undefined when broken. */
  resolveLink(url: string, from: D): D | 'external' | undefined {
    if (!url || url.startsWith('#') || EXTERNAL.test(url)) return 'external';
    const clean = url.replace(/[#?].*$/, '');
    let decoded = clean;
    try { decoded = decodeURIComponent(clean); } catch { /* keep as written */ }
    if (!clean.startsWith('/')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(from.repoPath), decoded));
      const hit = this.byRepoPath.get(`${from.repoKey}\0${target}`);
      if (hit) return hit;
      if (DOC_FILE.test(decoded)) return this.resolveRef(decoded) ?? undefined;
      const asRef = /^[a-z]+\/[^/]+$/.test(decoded) ? this.resolveRef(decoded) : undefined;
      return asRef ?? 'external';
    }
    const parts = decoded.split('/').filter(Boolean);
    if (parts.length >= 1 && (kindByPath.has(parts[0]!) || DOC_FILE.test(decoded) || parts.length === 2)) {
      return this.resolveRef(decoded) ?? (kindByPath.has(parts[0]!) && parts.length === 2 ? undefined : 'external');
    }
    return 'external';
  }

  /** `related` entries that are web addresses rather than documents (only those the URL policy allows). */
  externalRelated(d: D): string[] {
    return d.related.filter(isWebAddress);
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
