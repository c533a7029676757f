/**
 * The search index made while pages render (stream-index.ts), with the real Pagefind: pages handed over in any
 * order give the index that the pages on disk give, shard by shard; and a streamed shard that does not match the
 * pages on disk is never used: that shard is indexed from disk instead.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSearchIndex } from '../../src/search/build-index.ts';
import { fileOfPathname, SearchStream } from '../../src/search/stream-index.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

const work = makeTempDir('knowledge-stream-');
afterAll(async () => {
  await pagefind.close();
  rmSync(work, { recursive: true, force: true });
});

/** Document pages of three sources, as the site renders them. */
const pages = ['alpha', 'alpha', 'alpha', 'beta', 'gamma', 'gamma'].map((source, i) => ({
  pathname: `/postmortems/${source}-${i}/`,
  source,
  html: `<!doctype html><html lang="en"><head><title>${source} ${i}</title></head><body><article data-pagefind-body data-source="${source}"><h1>Incident ${source} ${i}</h1><p>The ${source} queue stalled after deploy number ${i}.</p></article></body></html>`,
}));
const counts = () => new Map([['alpha', 3], ['beta', 1], ['gamma', 2]]);

function writeSite(dir: string, edit?: (html: string) => string): void {
  for (const p of pages) {
    const file = path.join(dir, fileOfPathname(p.pathname));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, edit ? edit(p.html) : p.html);
  }
}

const fragments = (dir: string) => readdirSync(path.join(dir, 'fragment')).sort();

describe('the search index made while pages render', () => {
  it('maps a page path to the file it is written to', () => {
    expect(fileOfPathname('/postmortems/pm-1/')).toBe(path.join('postmortems', 'pm-1', 'index.html'));
    expect(fileOfPathname('/')).toBe('index.html');
    expect(fileOfPathname('/caf%C3%A9/')).toBe(path.join('café', 'index.html'));
  });

  it('gives, from pages in any order, the shards the pages on disk give', async () => {
    process.env.KNOWLEDGE_SEARCH_SHARD_PAGES = '3';
    try {
      // Reference: indexed from disk.
      const disk = path.join(work, 'disk');
      writeSite(disk);
      const fromDisk = await buildSearchIndex(disk, path.join(work, 'disk-cache'));
      expect(fromDisk).toMatchObject({ pages: 6, shards: 2, indexed: 2, streamed: 0 });

      // Streamed, pages arriving out of order.
      const site = path.join(work, 'streamed');
      writeSite(site);
      const stream = new SearchStream(counts, 3, path.join(work, 'staging'));
      for (const p of [...pages].reverse()) stream.add(p.pathname, p.html);
      const { shards, notes } = await stream.finish();
      expect(notes).toEqual([]);
      expect([...shards.keys()].sort()).toEqual([0, 1]);
      const streamed = await buildSearchIndex(site, path.join(work, 'streamed-cache'), shards);
      expect(streamed).toMatchObject({ pages: 6, shards: 2, indexed: 2, streamed: 2 });
      for (const folder of ['pagefind', 'pagefind-1']) expect(fragments(path.join(site, folder))).toEqual(fragments(path.join(disk, folder)));
      await stream.discard();
    } finally {
      delete process.env.KNOWLEDGE_SEARCH_SHARD_PAGES;
    }
  }, 60_000);

  it('does not use a streamed shard whose pages differ from those on disk', async () => {
    // What was streamed is not what was written (as if a page changed after it was rendered).
    const site = path.join(work, 'edited');
    writeSite(site, (html) => html.replace('stalled', 'drained'));
    const stream = new SearchStream(counts, 2000, path.join(work, 'staging-2'));
    for (const p of pages) stream.add(p.pathname, p.html);
    const { shards } = await stream.finish();
    expect(shards.size).toBe(1);
    const index = await buildSearchIndex(site, path.join(work, 'edited-cache'), shards);
    expect(index).toMatchObject({ pages: 6, shards: 1, indexed: 1, streamed: 0 });
    await stream.discard();
  }, 60_000);

  it('indexes from disk a page whose path has characters a glob treats specially', async () => {
    const site = path.join(work, 'odd');
    writeSite(site);
    const odd = path.join(site, 'postmortems', 'a,b{c}[d]', 'index.html');
    mkdirSync(path.dirname(odd), { recursive: true });
    writeFileSync(odd, pages[0]!.html.replace('Incident alpha 0', 'Incident with an odd path'));
    const index = await buildSearchIndex(site, path.join(work, 'odd-cache'));
    expect(index).toMatchObject({ pages: 7, shards: 1, indexed: 1 });
    expect(fragments(path.join(site, 'pagefind'))).toHaveLength(7);
  }, 60_000);

  it('stops, and says why, when a page comes that the counts do not know', async () => {
    const stream = new SearchStream(() => new Map([['alpha', 1]]), 2000, path.join(work, 'staging-3'));
    for (const p of pages) stream.add(p.pathname, p.html);
    const { shards, notes } = await stream.finish();
    expect(shards.size).toBe(0);
    expect(notes.join('\n')).toMatch(/source "alpha" that the build report does not count/);
  }, 60_000);
});
