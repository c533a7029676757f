/** Documents as feed entries: full content with links between documents resolved, newest first. */
import type { FeedEntry } from '../lib/atom-feed.ts';
import { bodyDir, readBody } from '../loaders/body-store.ts';
import { rewriteLinks } from '../lib/rewrite-links.ts';
import { linkHref, urlOf } from '../lib/site-graph.ts';
import { imagesWithBase, withBase } from '../lib/base-path.ts';
import type { SiteDoc } from './documents.ts';
import type { SiteGraph } from '../lib/site-graph.ts';

/** The rendered body of a Markdown document with its links resolved, as on its page (served under `base`). */
export function renderedBody(
  doc: SiteDoc,
  graph: SiteGraph<SiteDoc>,
  bodies: string,
  base: string,
): string | undefined {
  // MDX entries are compiled, not stored as HTML: the page renders them with render().
  if (doc.entry.filePath || !doc.entry.digest) return undefined;
  const html = readBody(bodyDir(bodies, doc.kind), String(doc.entry.digest), `${doc.source}:${doc.path}`);
  // A link that leads nowhere (the graph reports it) keeps its words and loses its target.
  const linked = rewriteLinks(html, (url) => {
    const target = linkHref(graph.resolveLink(url, doc));
    return target && target.startsWith('/') ? withBase(base, target) : target;
  });
  return imagesWithBase(linked, base);
}

export function feedEntries(
  docs: SiteDoc[],
  graph: SiteGraph<SiteDoc>,
  bodies: string,
  base: string,
  limit = 50,
): FeedEntry[] {
  return docs.slice(0, limit).map((d) => {
    const data = d.entry.data as { authors: string[]; meta: { last_commit?: { date: string } } };
    const changed = data.meta.last_commit ? new Date(data.meta.last_commit.date) : d.date;
    return {
      path: withBase(base, urlOf(d)),
      title: d.title,
      summary: d.summary,
      html: renderedBody(d, graph, bodies, base),
      published: d.date,
      updated: changed > d.date ? changed : d.date,
      authors: data.authors,
      categories: d.tags,
    };
  });
}
