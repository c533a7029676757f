/** `/feed.xml`: everything new, as Atom. In a public build it holds public documents only. */
import type { APIRoute } from 'astro';
import { atomFeed } from '../lib/atom-feed.ts';
import { siteDocuments } from '../site/documents.ts';
import { feedEntries } from '../site/feed-entries.ts';
import { loadSiteSettings } from '../sources/site-settings.ts';

export const GET: APIRoute = async () => {
  const site = loadSiteSettings();
  const { docs, graph } = await siteDocuments();
  const body = atomFeed({ title: site.title, path: '/feed.xml', pagePath: '/', siteUrl: site.url, entries: feedEntries(docs, graph) });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
