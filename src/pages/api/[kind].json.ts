/** `/api/<kind>.json`: the frontmatter and provenance of every document of a kind, for other tools. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { urlOf } from '../../lib/site-graph.ts';
import { kindInfo, kinds, type Kind } from '../../schemas/index.ts';
import { siteDocuments } from '../../site/documents.ts';
import { buildFacts } from '../../site/build-facts.ts';

export const getStaticPaths = (() =>
  kinds.map((kind) => ({ params: { kind: kindInfo[kind].path }, props: { kind } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const kind = (props as { kind: Kind }).kind;
  const { docs, graph } = await siteDocuments();
  const { href } = await buildFacts();
  const documents = docs
    .filter((d) => d.kind === kind)
    .map((d) => {
      const {
        meta,
        related: _related,
        superseded_by: supersededBy,
        ...frontmatter
      } = d.entry.data as Record<string, unknown> & { meta: Record<string, unknown> };
      // Site paths are in the frontmatter already (`permalink`, `redirect_from`, `aliases`).
      const { links: _links, repo_key: _key, site_paths: _sitePaths, ...provenance } = meta;
      // References as the site resolves them: only documents that are in this build, as URLs.
      const superseded = typeof supersededBy === 'string' ? graph.resolveRef(supersededBy) : undefined;
      return {
        url: href(urlOf(d)),
        ...frontmatter,
        related: [...graph.outgoing(d).map((t) => href(urlOf(t))), ...graph.externalRelated(d)],
        ...(superseded ? { superseded_by: href(urlOf(superseded)) } : {}),
        provenance,
      };
    });
  // Compact: at 10,000 documents, indented JSON was 26 MB and a second of every build.
  return new Response(JSON.stringify({ kind, count: documents.length, documents }), {
    headers: { 'Content-Type': 'application/json' },
  });
};
