/**
 * What a document's page shows of other documents, of the site and of today, computed once: the page renders
 * from it, and its cache key is a hash of it, so that what is shown and what the key covers cannot drift apart.
 * The page's own document is covered by its digest (its data and body).
 */
import { createHash } from 'node:crypto';
import { actionRows, type ActionRow } from '../lib/action-items.ts';
import { addPeriod } from '../lib/durations.ts';
import type { SiteGraph } from '../lib/site-graph.ts';
import { isRedirected, urlOf } from '../lib/site-graph.ts';
import { facetsByKind, hasFacetPage } from '../lib/facets.ts';
import { slugify } from '../lib/slugs.ts';
import { kindInfo, type Kind } from '../schemas/index.ts';
import { withBase } from '../lib/base-path.ts';
import { sameServices, type SiteDoc } from './documents.ts';

/** A link to another document, as the page shows it. */
export interface ShownLink {
  href: string;
  title: string;
  kind: string;
}

/** A document linked from a page's side column, once, with how it relates to the page. */
export interface LinkedDoc extends ShownLink {
  /** In the order shown: "links here", "linked from here", "same service: payments-api". */
  relations: string[];
}

/** A page's facts that have a facet page of their own: `severity/sev1` → `/postmortems/severity/sev1/`. */
export type FactLinks = Record<string, string>;

/** An action item as a post-mortem's own page shows it: without its age, which the page does not show. */
export type ShownActionRow = Omit<ActionRow, 'ageDays'>;

export interface DocumentPageView {
  /** The document's own data and body. */
  digest: string;
  /** The site's settings, shown in the header and footer. */
  site: unknown;
  /** Each tag, with the address of its page when it has one (depends on the whole site's tags). */
  tags: Array<{ tag: string; href?: string }>;
  /** Related documents, backlinks and incidents on the same services, each document once. */
  linked: LinkedDoc[];
  /** Links of the facts shown in the header to their facet pages. */
  factLinks: FactLinks;
  /** `related` entries that are web addresses. */
  external: string[];
  /** Where the body's links to redirect-only pages go (the body shows them, the digest does not cover them). */
  redirects?: string[];
  /** The standard that replaces this one, when it resolves and may be shown. */
  supersededBy?: { href: string; title: string };
  /** A post-mortem's action items, in the author's order, each marked overdue or not as of today. */
  actionRows?: ShownActionRow[];
  /** A standard's or pillar's review is overdue as of today (undefined when it has no due date). */
  reviewOverdue?: boolean;
}

const shown = (d: SiteDoc, base: string): ShownLink => ({
  href: withBase(base, urlOf(d)),
  title: d.title,
  kind: kindInfo[d.kind].label,
});

/** Outgoing links, backlinks and same-service incidents as one list: each document once, its relations named. */
function linkedDocs(
  doc: SiteDoc,
  base: string,
  outgoing: SiteDoc[],
  backlinks: SiteDoc[],
  same: SiteDoc[],
): LinkedDoc[] {
  const byDoc = new Map<SiteDoc, LinkedDoc>();
  const add = (d: SiteDoc, relation: string) => {
    const found = byDoc.get(d);
    if (found) found.relations.push(relation);
    else byDoc.set(d, { ...shown(d, base), relations: [relation] });
  };
  for (const d of outgoing) add(d, 'linked from here');
  for (const d of backlinks) add(d, 'links here');
  const own = new Set((doc.entry.data as { services?: string[] }).services ?? []);
  for (const d of same) {
    const shared = ((d.entry.data as { services?: string[] }).services ?? []).filter((s) => own.has(s));
    add(d, `same service: ${[...new Set(shared)].join(', ')}`);
  }
  return [...byDoc.values()];
}

/** The facet pages of a document's facts, for those values that have one. */
function factLinksOf(doc: SiteDoc, kindDocs: SiteDoc[], base: string): FactLinks {
  const links: FactLinks = {};
  for (const facet of facetsByKind[doc.kind]) {
    for (const value of facet.values(doc)) {
      const slug = slugify(value);
      if (hasFacetPage(facet, kindDocs, slug))
        links[`${facet.key}/${slug}`] = withBase(base, `/${kindInfo[doc.kind].path}/${facet.key}/${slug}/`);
    }
  }
  return links;
}

/** Everything a document's page shows beyond its own document, as of `today`. */
export function documentPageView(
  doc: SiteDoc,
  ctx: {
    docs: SiteDoc[];
    /** The documents of each kind, which decide which facet pages exist. */
    kindDocs: Record<Kind, SiteDoc[]>;
    graph: SiteGraph<SiteDoc>;
    tagPages: Set<string>;
    /** The site's settings; its `base` goes before every link the page shows. */
    site: { base: string };
    today: Date;
  },
): DocumentPageView {
  const { docs, graph, tagPages, site, today } = ctx;
  const { base } = site;
  const { entry } = doc;
  const view: DocumentPageView = {
    digest: String(entry.digest ?? ''),
    site,
    tags: doc.tags.map((tag) =>
      tagPages.has(slugify(tag)) ? { tag, href: withBase(base, `/tags/${slugify(tag)}/`) } : { tag },
    ),
    linked: linkedDocs(doc, base, graph.outgoing(doc), graph.backlinks(doc), sameServices(doc, docs)),
    factLinks: factLinksOf(doc, ctx.kindDocs[doc.kind], base),
    external: graph.externalRelated(doc),
  };
  const redirects = doc.links.map((l) => graph.resolveLink(l.url, doc)).filter(isRedirected);
  if (redirects.length) view.redirects = redirects.map((r) => r.redirect);
  if (entry.collection === 'standard' && entry.data.superseded_by) {
    const target = graph.resolveRef(entry.data.superseded_by);
    if (target) view.supersededBy = { href: withBase(base, urlOf(target)), title: target.title };
  }
  if (entry.collection === 'postmortem') {
    const d = entry.data;
    view.actionRows = actionRows(
      [
        {
          slug: entry.id,
          title: d.title,
          id: d.id,
          date: d.date,
          teams: d.teams,
          services: d.services,
          ticketUrl: d.meta.ticket_url,
          items: d.action_items,
        },
      ],
      today,
    )
      // Keep the author's order on the incident's own page.
      .sort(
        (a, b) =>
          d.action_items.findIndex((x) => x.title === a.title) - d.action_items.findIndex((x) => x.title === b.title),
      )
      .map(({ ageDays: _, ...row }) => row);
  }
  if (entry.collection === 'standard' || entry.collection === 'strategy') {
    const d = entry.data;
    const due = d.last_reviewed && d.review_every ? addPeriod(d.last_reviewed, d.review_every) : undefined;
    if (due) view.reviewOverdue = due < today;
  }
  return view;
}

/** The cache key of a document's page: a hash of all it shows. */
export function documentPageKey(view: DocumentPageView): string {
  return createHash('sha256').update(JSON.stringify(view)).digest('base64url');
}
