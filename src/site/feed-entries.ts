/** Documents as feed entries: full content with links between documents resolved, newest first. */
import type { FeedEntry } from '../lib/atom-feed.ts';
import { bodyDir, readBody } from '../loaders/body-store.ts';
import { rewriteLinks } from '../lib/rewrite-links.ts';
import { linkHref, urlOf } from '../lib/site-graph.ts';
import type { SiteDoc } from './documents.ts';
import type { SiteGraph } from '../lib/site-graph.ts';

/** The rendered body of a Markdown document with its links resolved, as on its page. */
export function renderedBody(doc: SiteDoc, graph: SiteGraph<SiteDoc>, bodies: string): string | undefined {
  // MDX entries are compiled, not stored as HTML: the page renders them with render().
  if (doc.entry.filePath || !doc.entry.digest) return undefined;
  const html = readBody(bodyDir(bodies, doc.kind), String(doc.entry.digest), `${doc.source}:${doc.path}`);
  // A link that leads nowhere (the graph reports it) keeps its words and loses its target.
  return rewriteLinks(html, (url) => linkHref(graph.resolveLink(url, doc)));
}

export function feedEntries(docs: SiteDoc[], graph: SiteGraph<SiteDoc>, bodies: string, limit = 50): FeedEntry[] {
  return docs.slice(0, limit).map((d) => {
    const data = d.entry.data as { authors: string[]; meta: { last_commit?: { date: string } } };
    const changed = data.meta.last_commit ? new Date(data.meta.last_commit.date) : d.date;
    return {
      path: urlOf(d),
      title: d.title,
      summary: d.summary,
      html: renderedBody(d, graph, bodies),
      published: d.date,
      updated: changed > d.date ? changed : d.date,
      authors: data.authors,
      categories: d.tags,
    };
  });
}
