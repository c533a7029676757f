/**
 * Lighthouse over a built site: serves an existing output folder on a local port (it builds nothing) and audits
 * the home page, the first page of each kind, the search page and the action items, on a phone and on a desktop.
 * Prints the four category scores per page and exits non-zero when any is below the bar.
 *
 *   npm run audit [-- dist/] [--desktop-only | --mobile-only] [--page=/search/]
 *
 * Chromium is Debian's (/usr/bin/chromium or CHROMIUM_PATH), started without network features; nothing is
 * downloaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import { serveStatic } from '../test/helpers/static-server.ts';

const BAR = 95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const KIND_FOLDERS = ['postmortems', 'sessions', 'standards', 'katas', 'strategy'];

const args = process.argv.slice(2);
const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'dist');
const forms = args.includes('--desktop-only')
  ? ['desktop']
  : args.includes('--mobile-only')
    ? ['mobile']
    : ['mobile', 'desktop'];
if (!existsSync(path.join(dir, 'index.html'))) {
  console.error(`audit: no built site in ${dir} (run npm run build first, or pass the output folder)`);
  process.exit(2);
}

/** The home page, one document of each kind (the newest, from the JSON API), the search page, the actions. */
function pagesToAudit(): string[] {
  const documents = KIND_FOLDERS.flatMap((folder) => {
    const api = path.join(dir, 'api', `${folder}.json`);
    if (!existsSync(api)) return [];
    const first = (JSON.parse(readFileSync(api, 'utf8')) as { documents: Array<{ url: string }> }).documents[0];
    return first ? [first.url] : [];
  });
  const only = args.find((a) => a.startsWith('--page='))?.slice('--page='.length);
  return only ? [only] : ['/', ...documents, '/search/', '/postmortems/actions/'];
}

const server = await serveStatic(dir);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const rows: Array<Record<string, string | number>> = [];
const failures: string[] = [];
try {
  for (const form of forms)
    for (const page of pagesToAudit()) {
      const result = await lighthouse(
        `${server.url}${page}`,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
        form === 'desktop' ? desktopConfig : undefined,
      );
      const lhr = result!.lhr;
      const row: Record<string, string | number> = { page, form };
      for (const c of CATEGORIES) {
        const score = Math.round((lhr.categories[c]?.score ?? 0) * 100);
        row[c] = score;
        if (score < BAR) {
          const failed = Object.values(lhr.audits)
            .filter(
              (a) =>
                a.score !== null &&
                a.score < 1 &&
                lhr.categories[c]?.auditRefs.some((r) => r.id === a.id && r.weight > 0),
            )
            .map((a) => a.id);
          failures.push(`${form} ${page} ${c} ${score}: ${failed.join(', ')}`);
        }
      }
      rows.push(row);
    }
} finally {
  chrome.kill();
  await server.close();
}
console.table(rows);
if (failures.length) {
  console.error(`below ${BAR}:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`every score is ${BAR} or more`);
