/** `/feed.xml`: everything new, as Atom. In a public build it holds public documents only. */
import type { APIRoute } from 'astro';
import { atomFeed } from '../lib/atom-feed.ts';
import { siteDocuments } from '../site/documents.ts';
import { feedEntries } from '../site/feed-entries.ts';
import { buildFacts } from '../site/build-facts.ts';

export const GET: APIRoute = async () => {
  const { site, bodyDir, href } = await buildFacts();
  const { docs, graph } = await siteDocuments();
  const body = atomFeed({
    title: site.title,
    path: href('/feed.xml'),
    pagePath: href('/'),
    siteUrl: site.url,
    entries: feedEntries(docs, graph, bodyDir, site.base),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
