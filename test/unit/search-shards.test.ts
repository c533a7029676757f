import { describe, expect, it } from 'vitest';
import { assignShards, type Page } from '../../src/search/build-index.ts';

/** Pages of `sources` (name → count), as document pages carrying their source. */
function pagesOf(sources: Record<string, number>): Page[] {
  return Object.entries(sources).flatMap(([source, n]) => Array.from({ length: n }, (_, i) => ({
    file: `postmortems/${source}-${i}/index.html`,
    source,
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
