import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { afterAll, describe, expect, it } from 'vitest';
import { assignShards, buildSearchIndex, type Page } from '../../src/search/build-index.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

/** Pages of `sources` (name → count), as document pages carrying their source. */
function pagesOf(sources: Record<string, number>): Page[] {
  return Object.entries(sources).flatMap(([source, n]) => Array.from({ length: n }, (_, i) => ({
    file: `postmortems/${source}-${i}/index.html`,
    html: Buffer.from(`<html><body><article data-pagefind-body data-source="${source}"><h1>${source} ${i}</h1></article></body></html>`),
  })));
}
const sourcesIn = (shard: Page[]) => [...new Set(shard.map((p) => /data-source="([^"]*)"/.exec(p.html.toString())![1]))];

describe('search index shards', () => {
  it('keeps a small site in one shard', () => {
    expect(assignShards(pagesOf({ a: 10, b: 20 }), 2000)).toHaveLength(1);
  });

  it('keeps each source together, filling shards in the order of the sources', () => {
    const shards = assignShards(pagesOf({ a: 500, b: 500, c: 500, d: 500, e: 500 }), 1000);
    expect(shards.map(sourcesIn)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('cuts a source larger than a shard into pieces of a shard, the same way every time', () => {
    const pages = pagesOf({ big: 2500 });
    const shards = assignShards(pages, 1000);
    expect(shards.map((s) => s.length)).toEqual([1000, 1000, 500]);
    expect(assignShards([...pages].reverse(), 1000).map((s) => s.map((p) => p.file).sort())).toEqual(shards.map((s) => s.map((p) => p.file).sort()));
  });

  it('never makes more than 16 shards: they grow instead', () => {
    const shards = assignShards(pagesOf(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${String(i).padStart(2, '0')}`, 2500]))), 2000);
    expect(shards.length).toBeLessThanOrEqual(16);
    expect(shards.flat()).toHaveLength(50_000);
    for (const shard of shards) expect(sourcesIn(shard).length).toBeGreaterThanOrEqual(1);
  });
});

describe('indexing a shard', () => {
  const work = makeTempDir('knowledge-glob-');
  afterAll(async () => {
    await pagefind.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** A document page as the site renders it. */
  const page = (source: string, title: string) => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article data-pagefind-body data-source="${source}"><h1>${title}</h1><p>The ${source} queue stalled after a deploy.</p></article></body></html>`;

  it('indexes every document page of a shard, also one whose path has characters a glob treats specially', async () => {
    const site = path.join(work, 'site');
    const paths = ['postmortems/pm-1/index.html', 'postmortems/pm-2/index.html', 'katas/a,b{c}[d]/index.html', 'index.html'];
    for (const [i, p] of paths.entries()) {
      mkdirSync(path.dirname(path.join(site, p)), { recursive: true });
      // The home page is not a document page: it is not indexed.
      writeFileSync(path.join(site, p), p === 'index.html' ? '<html><body><h1>Home</h1></body></html>' : page(i < 2 ? 'pm' : 'kata', `Document ${i}`));
    }
    const index = await buildSearchIndex(site, path.join(work, 'cache'));
    expect(index).toMatchObject({ pages: 3, shards: 1, indexed: 1 });
    expect(readdirSync(path.join(site, 'pagefind', 'fragment'))).toHaveLength(3);
  }, 60_000);
});
