/**
 * What a reader's first search costs the network: a real Chromium opens `/search/` on a served build, waits for
 * the search to be ready, types a query and waits for its results. Every response is counted by the bytes the
 * server sent for it (status line, headers and body), a server that compresses
 * text as static hosts do (gzip for HTML, CSS, JavaScript and JSON; Pagefind's own files are gzipped already).
 */
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic } from '../test/helpers/static-server.ts';

/** Which part of the search a request belongs to. */
function partOf(p: string): string {
  if (/\.pf_fragment$/.test(p)) return 'fragments';
  if (/\.pf_index$/.test(p)) return 'index chunks';
  if (/\.pf_filter$/.test(p)) return 'filters';
  if (/\.pf_meta$|pagefind-entry\.json$|knowledge-(shards|filters)\.json$/.test(p)) return 'entry and meta';
  if (/\/pagefind(-\d+)?\//.test(p)) return 'Pagefind JS and WASM';
  return 'page (HTML, CSS, script)';
}

export interface SearchBytes {
  /** Bytes on the wire until the search page is ready and has shown its first (empty-query) listing. */
  pageBytes: number;
  /** Bytes of the first query, until its results are shown and the network is idle. */
  queryBytes: number;
  total: number;
  requests: number;
  byPart: Record<string, { bytes: number; requests: number }>;
}

export async function firstSearchBytes(siteDir: string, query: string, chromiumPath: string): Promise<SearchBytes> {
  const byPart: SearchBytes['byPart'] = {};
  let counted = 0;
  let requests = 0;
  // Counted where they are sent: the browser reports no size for a worker's own script.
  const sent = (pathname: string, bytes: number) => {
    const part = (byPart[partOf(pathname)] ??= { bytes: 0, requests: 0 });
    part.bytes += bytes;
    part.requests++;
    counted += bytes;
    requests++;
  };
  const server = await serveStatic(path.resolve(siteDir), { gzip: true, sent });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Done when the filters' counts of the last search are shown too (their files come after the results), and
    // nothing more arrives: `networkidle` alone does not see the worker's requests.
    const settled = async () => {
      await page.waitForFunction(
        () => {
          const d = document.documentElement.dataset;
          return d.searchRun !== undefined && (d.searchCounts === d.searchRun || d.searchCounts === undefined);
        },
        undefined,
        { timeout: 120_000 },
      );
      let seen = -1;
      while (seen !== requests) {
        seen = requests;
        await page.waitForTimeout(1000);
      }
    };
    await page.goto(`${server.url}/search/`);
    await page.waitForSelector('html[data-search-run]', { timeout: 120_000 });
    await settled();
    const pageBytes = counted;
    const before = await page.evaluate(() => document.documentElement.dataset.searchRun);
    await page.locator('#q').pressSequentially(query, { delay: 30 });
    await page.waitForFunction(
      (b) => document.documentElement.dataset.searchRun !== b && document.querySelectorAll('#results li').length > 0,
      before,
      { timeout: 120_000 },
    );
    await settled();
    await context.close();
    return { pageBytes, queryBytes: counted - pageBytes, total: counted, requests, byPart };
  } finally {
    await browser.close();
    await server.close();
  }
}

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/** One line: the total, then page and query, then each part. */
export function describeSearchBytes(b: SearchBytes): string {
  const parts = Object.entries(b.byPart)
    .sort((x, y) => y[1].bytes - x[1].bytes)
    .map(([k, v]) => `${k} ${kib(v.bytes)} (${v.requests})`)
    .join(', ');
  return `${kib(b.total)} in ${b.requests} requests (page ready ${kib(b.pageBytes)}, first query ${kib(b.queryBytes)}): ${parts}`;
}
