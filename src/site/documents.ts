/**
 * Every document of every kind, read once per build (not once per page) and joined into one graph
 * for related links and backlinks.
 */
import { getCollection, getEntry, type CollectionEntry } from 'astro:content';
import type { BuildReport } from '../loaders/report-loader.ts';
import { SiteGraph, type GraphDoc } from '../lib/site-graph.ts';
import { pagedTagGroups, tagGroups, type TagGroup } from '../lib/tags.ts';
import { buildFacts } from './build-facts.ts';
import { publicRoot } from '../lib/base-path.ts';
import { kinds, type Kind } from '../schemas/index.ts';

export type AnyEntry = CollectionEntry<Kind>;

export interface SiteDoc extends GraphDoc {
  entry: AnyEntry;
  /** The entry's data (frontmatter and meta), for facets. */
  data: Record<string, unknown>;
  date: Date;
  summary?: string;
  tags: string[];
  teams: string[];
}

let cached: Promise<{ docs: SiteDoc[]; graph: SiteGraph<SiteDoc>; report?: BuildReport }> | undefined;

function toSiteDoc(entry: AnyEntry): SiteDoc {
  const d = entry.data;
  return {
    entry,
    data: d as unknown as Record<string, unknown>,
    kind: entry.collection,
    slug: entry.id,
    id: 'id' in d && typeof d.id === 'string' ? d.id : undefined,
    title: d.title,
    date: d.date,
    summary: d.summary,
    tags: d.tags,
    teams: d.teams,
    source: d.meta.source,
    path: d.meta.path,
    repoKey: d.meta.repo_key,
    repoPath: d.meta.repo_path,
    related: d.related,
    links: d.meta.links,
    sitePaths: d.meta.site_paths,
  };
}

/** All documents, newest first, their graph, and the build report (sources, commits, problems). */
export function siteDocuments(): Promise<{ docs: SiteDoc[]; graph: SiteGraph<SiteDoc>; report?: BuildReport }> {
  cached ??= (async () => {
    // Ask only for kinds that have documents: Astro warns about every empty collection it is asked for.
    const report = (await getEntry('report', 'report'))?.data as unknown as BuildReport | undefined;
    const present = kinds.filter((k) => !report || report.sources.some((s) => s.kind === k && s.documents > 0));
    const all = (await Promise.all(present.map((k) => getCollection(k)))).flat() as AnyEntry[];
    const docs = all
      .map(toSiteDoc)
      .sort((a, b) => b.date.getTime() - a.date.getTime() || a.title.localeCompare(b.title));
    const { site } = await buildFacts();
    // Links to documents this audience may not see lose their target: the graph knows them, without titles.
    return {
      docs,
      graph: new SiteGraph(docs, report?.hidden ?? [], {
        siteUrl: site.url && publicRoot(site.url, site.base),
        redirects: report?.redirects ?? [],
      }),
      report,
    };
  })();
  return cached;
}

const byKind = new Map<Kind, SiteDoc[]>();

/** The documents of one kind, newest first: the same array on every call, so that facet counts are computed once. */
export async function documentsOf<K extends Kind>(kind: K): Promise<Array<SiteDoc & { entry: CollectionEntry<K> }>> {
  const { docs } = await siteDocuments();
  if (!byKind.has(kind))
    byKind.set(
      kind,
      docs.filter((d) => d.kind === kind),
    );
  return byKind.get(kind) as Array<SiteDoc & { entry: CollectionEntry<K> }>;
}

const byService = new WeakMap<SiteDoc[], Map<string, SiteDoc[]>>();

/** How many other incidents on the same services a post-mortem lists. */
const SAME_SERVICES = 8;

/** Incidents sharing a service with this one, newest first (an index by service, built once per build). */
export function sameServices(doc: SiteDoc, docs: SiteDoc[]): SiteDoc[] {
  if (doc.kind !== 'postmortem') return [];
  let index = byService.get(docs);
  if (!index) {
    index = new Map();
    for (const d of docs) {
      if (d.kind !== 'postmortem') continue;
      for (const s of new Set((d.entry.data as { services: string[] }).services)) {
        const list = index.get(s) ?? [];
        list.push(d);
        index.set(s, list);
      }
    }
    // Newest first, once: a page then needs only the first few of each of its services.
    for (const list of index.values()) list.sort((a, b) => b.date.getTime() - a.date.getTime());
    byService.set(docs, index);
  }
  const found = new Set<SiteDoc>();
  for (const s of (doc.entry.data as { services: string[] }).services) {
    let taken = 0;
    for (const d of index.get(s) ?? []) {
      if (d === doc || found.has(d)) continue;
      found.add(d);
      if (++taken === SAME_SERVICES) break;
    }
  }
  return [...found].sort((a, b) => b.date.getTime() - a.date.getTime()).slice(0, SAME_SERVICES);
}

let tags: Promise<Array<TagGroup<SiteDoc>>> | undefined;

/** Tags across all documents, computed once per build (not once per tag page). */
export function siteTags(): Promise<Array<TagGroup<SiteDoc>>> {
  tags ??= siteDocuments().then(({ docs }) => tagGroups(docs));
  return tags;
}

let tagPages: Promise<Set<string>> | undefined;

/** Slugs of the tags that have a page of their own (at most SITE_TAG_LIMIT, the most used). */
export function siteTagPages(): Promise<Set<string>> {
  tagPages ??= siteTags().then((groups) => new Set(pagedTagGroups(groups).map((g) => g.slug)));
  return tagPages;
}
