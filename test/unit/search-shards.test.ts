import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import picomatch from 'picomatch';
import { buildSearchIndex, startEarlyIndex } from '../../src/search/build-index.ts';
import { planShards, type ShardPlan } from '../../src/search/shard-plan.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

/** `n` document pages in `folder`, named `<stem><i>` (site-relative paths). */
const pagesIn = (folder: string, stem: string, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `${folder}/${stem}${from + i}/index.html`);

/** Every shard's glob matches its own pages and no page of another shard (picomatch reads globs as Pagefind does). */
function expectGlobsPartition(shards: ShardPlan[]) {
  const all = shards.flatMap((s) => s.files);
  for (const shard of shards) {
    if (!shard.glob) continue;
    const matches = picomatch(shard.glob);
    expect(all.filter((f) => matches(f)).sort()).toEqual([...shard.files].sort());
  }
}

describe('search index shards', () => {
  it('keeps a small site in one shard, read by one glob per folder', () => {
    const shards = planShards([...pagesIn('postmortems', 'pm-', 10), ...pagesIn('katas', 'kata-', 20)], 2000);
    expect(shards).toEqual([{ files: expect.any(Array), glob: '{katas/*/index.html,postmortems/*/index.html}' }]);
    expect(shards[0]!.files).toHaveLength(30);
  });

  it('cuts a large folder by the leading characters of the page names, the same way whatever the order', () => {
    const pages = [
      ...pagesIn('postmortems', '2019-', 700),
      ...pagesIn('postmortems', '2020-', 700),
      ...pagesIn('postmortems', '2021-', 700),
    ];
    const shards = planShards(pages, 1000);
    expect(shards.flatMap((s) => s.files).sort()).toEqual([...pages].sort());
    for (const shard of shards) expect(shard.files.length).toBeLessThanOrEqual(1000);
    expect(shards.length).toBe(3);
    expect(shards[0]!.glob).toContain('postmortems/2019-');
    expectGlobsPartition(shards);
    expect(planShards([...pages].reverse(), 1000)).toEqual(shards);
  });

  it('keeps a page whose name is the start of other names apart from them', () => {
    // kata-1 is matched exactly: kata-1* would also match kata-10 … kata-19, which are in another piece.
    const pages = [...pagesIn('katas', 'kata-', 40), 'katas/kata-1/index.html'].filter((f, i, a) => a.indexOf(f) === i);
    const shards = planShards(pages, 8);
    expect(shards.flatMap((s) => s.files).sort()).toEqual([...pages].sort());
    expect(shards.some((s) => s.glob?.includes('katas/kata-1/index.html'))).toBe(true);
    expectGlobsPartition(shards);
  });

  it('fills shards with pieces of several folders, and never makes more than 16 shards: they grow instead', () => {
    const pages = ['postmortems', 'sessions', 'standards', 'katas', 'strategy'].flatMap((folder, k) =>
      pagesIn(folder, `${folder}-${k}-`, 10_000),
    );
    const shards = planShards(pages, 2000);
    expect(shards.length).toBeLessThanOrEqual(16);
    expect(shards.flatMap((s) => s.files)).toHaveLength(50_000);
    expectGlobsPartition(shards);
    const small = planShards(
      ['a', 'b', 'c'].flatMap((folder) => pagesIn(folder, 'x-', 300)),
      2000,
    );
    expect(small).toHaveLength(1);
  });

  it('puts pages that a glob cannot name safely in shards of their own, without a glob', () => {
    const odd = ['katas/a,b{c}[d]/index.html', 'notes/page.html'];
    const shards = planShards([...pagesIn('postmortems', 'pm-', 3), ...odd], 2000);
    expect(shards).toEqual([
      { files: pagesIn('postmortems', 'pm-', 3), glob: 'postmortems/*/index.html' },
      { files: odd },
    ]);
  });
});

describe('indexing a shard', () => {
  const work = makeTempDir('knowledge-glob-');
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  /** A document page as the site renders it. */
  const page = (source: string, title: string) =>
    `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article data-pagefind-body><h1>${title}</h1><p>The ${source} queue stalled after a deploy.</p></article></body></html>`;

  /** Writes pages into a fresh site folder: document pages, and any other page as a listing without a body. */
  function site(name: string, documents: string[], others: string[]) {
    const dir = path.join(work, name);
    for (const [i, p] of documents.entries()) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), page(p.split('/')[0]!, `Document ${i}`));
    }
    for (const p of others) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(
        path.join(dir, p),
        '<!doctype html><html lang="en"><body><h1>A listing</h1><p>Every document of the folder.</p></body></html>',
      );
    }
    return dir;
  }

  /** The URL of every page in a shard's index. */
  const urlsIn = (folder: string) =>
    readdirSync(path.join(folder, 'fragment'))
      .map((f) => {
        const raw = gunzipSync(readFileSync(path.join(folder, 'fragment', f)));
        return (JSON.parse(raw.subarray(raw.indexOf('{')).toString('utf8')) as { url: string }).url;
      })
      .sort();

  it('indexes every document page, and only those, also one whose path has characters a glob treats specially', async () => {
    const dir = site(
      'site',
      ['postmortems/pm-1/index.html', 'postmortems/pm-2/index.html', 'katas/a,b{c}[d]/index.html'],
      ['index.html', 'postmortems/actions/index.html'],
    );
    const index = await buildSearchIndex(dir, path.join(work, 'cache'));
    // The post-mortems are read by a glob that also matches their listing, which is not indexed; the kata with
    // glob characters in its path is linked into a folder of its own.
    expect(index).toMatchObject({ pages: 3, shards: 2, indexed: 2 });
    expect(urlsIn(path.join(dir, 'pagefind'))).toEqual(['/postmortems/pm-1/', '/postmortems/pm-2/']);
    expect(urlsIn(path.join(dir, 'pagefind-1'))).toEqual(['/katas/a,b%7Bc%7D[d]/']);
  }, 60_000);

  it('splits a folder into shards that together index each document page once', async () => {
    // kata-1 is a shard's page, kata-10 … kata-19 are other shards' pages that kata-1* would match.
    const documents = [
      ...pagesIn('postmortems', '2023-', 12),
      ...pagesIn('postmortems', '2024-', 12),
      'katas/kata-1/index.html',
      ...pagesIn('katas', 'kata-', 10, 10),
    ];
    const dir = site('split', documents, ['postmortems/actions/index.html', 'katas/index.html']);
    process.env.KNOWLEDGE_SEARCH_SHARD_PAGES = '3';
    try {
      const index = await buildSearchIndex(dir);
      expect(index.shards).toBeGreaterThan(3);
      const urls = Array.from({ length: index.shards }, (_, i) =>
        urlsIn(path.join(dir, i ? `pagefind-${i}` : 'pagefind')),
      )
        .flat()
        .sort();
      expect(urls).toEqual(documents.map((f) => `/${f.replace(/index\.html$/, '')}`).sort());
    } finally {
      delete process.env.KNOWLEDGE_SEARCH_SHARD_PAGES;
    }
  }, 60_000);

  it('indexes shards while pages are still being written, and again any shard whose pages changed after it read them', async () => {
    const dir = path.join(work, 'early');
    const shardOf = (year: number) => pagesIn('postmortems', `${year}-`, 3);
    const write = (files: string[], word = 'stalled') => {
      for (const f of files) {
        mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        writeFileSync(path.join(dir, f), page('queue', `${word} ${f}`));
      }
    };
    const words = (folder: string) =>
      readdirSync(path.join(folder, 'fragment'))
        .map((f) => gunzipSync(readFileSync(path.join(folder, 'fragment', f))).toString('utf8'))
        .join(' ');
    process.env.KNOWLEDGE_SEARCH_SHARD_PAGES = '3';
    try {
      const early = startEarlyIndex(dir, [...shardOf(2023), ...shardOf(2024), ...shardOf(2025)]);
      write(shardOf(2023));
      // The second shard's last page is read before it is complete (here: before its final words are written).
      write(shardOf(2024), 'unfinished');
      const deadline = Date.now() + 30_000;
      while (early.indexed.size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect([...early.indexed.keys()].sort()).toEqual(['pagefind', 'pagefind-1']);
      write(shardOf(2024).slice(2), 'zebra');
      write(shardOf(2025));
      await early.stop();
      const index = await buildSearchIndex(dir, undefined, early);
      // The first shard is taken as it was made; the second is made again from its final pages, the third at the end.
      expect(index).toMatchObject({ pages: 9, shards: 3, indexed: 3, indexedEarly: 1 });
      expect(words(path.join(dir, 'pagefind-1'))).toContain('zebra');
      expect(words(path.join(dir, 'pagefind'))).toContain('stalled');
    } finally {
      delete process.env.KNOWLEDGE_SEARCH_SHARD_PAGES;
    }
  }, 60_000);

  it('stops with what Pagefind said when it fails', async () => {
    const dir = site('failing', ['postmortems/pm-1/index.html'], []);
    const fake = path.join(work, 'fake-pagefind');
    writeFileSync(fake, '#!/bin/sh\necho "Error: the disk is full" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    process.env.PAGEFIND_BINARY_PATH = fake;
    try {
      await expect(buildSearchIndex(dir)).rejects.toThrow(/Pagefind failed \(--site .*\n\s+Error: the disk is full/);
    } finally {
      delete process.env.PAGEFIND_BINARY_PATH;
    }
  });
});
