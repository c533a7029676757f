/** `/<kind>/feed.xml`: one Atom feed per kind (post-mortems are how the wider organisation follows incidents). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { atomFeed } from '../../lib/atom-feed.ts';
import { kindInfo, kinds, type Kind } from '../../schemas/index.ts';
import { siteDocuments } from '../../site/documents.ts';
import { feedEntries } from '../../site/feed-entries.ts';
import { buildFacts } from '../../site/build-facts.ts';

export const getStaticPaths = (() =>
  kinds.map((kind) => ({ params: { kind: kindInfo[kind].path }, props: { kind } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const kind = (props as { kind: Kind }).kind;
  const { site, bodyDir, href } = await buildFacts();
  const { docs, graph } = await siteDocuments();
  const body = atomFeed({
    title: `${kindInfo[kind].plural} · ${site.title}`,
    path: href(`/${kindInfo[kind].path}/feed.xml`),
    pagePath: href(`/${kindInfo[kind].path}/`),
    siteUrl: site.url,
    entries: feedEntries(
      docs.filter((d) => d.kind === kind),
      graph,
      bodyDir,
      site.base,
    ),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
