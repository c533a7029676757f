/**
 * Our Astro integration. Before a build: keeps the output folder of the last successful build in place when it
 * can (see build/kept-output.ts) and tells the loaders where rendered bodies live. At the end: prints what each
 * source gave and every problem, prunes what the build did not produce, writes the sitemap and the search index,
 * runs the leak guard of a public build, and in strict mode (KNOWLEDGE_STRICT=1) fails when there is any problem.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { formatProblem, printable } from './lib/problems.ts';
import type { BuildReport } from './loaders/report-loader.ts';
import { CANARY_FILE, PAGES_FILE, REPORT_FILE } from './loaders/report-loader.ts';
import { findLeaks, type Canaries } from './build/leak-guard.ts';
import { buildSearchIndex, startEarlyIndex, type EarlyIndex } from './search/build-index.ts';
import { writeSitemap } from './build/sitemap.ts';
import { canKeepOutput, forgetBuild, pruneStaleOutput, rememberBuild, type BuildIdentity } from './build/kept-output.ts';
import { audienceFromEnv } from './lib/audience.ts';
import { startSiteSync } from './loaders/site-sync.ts';

/** The route of document pages: the pages the search index is made of. */
const DOCUMENT_ROUTE = '/[kind]/[slug]';

/** Document pages first, each group in its own order. */
export function documentPagesFirst<T extends { route: { route: string } }>(paths: T[]): T[] {
  const isDocument = (p: T) => p.route.route === DOCUMENT_ROUTE;
  return [...paths.filter(isDocument), ...paths.filter((p) => !isDocument(p))];
}

export function knowledgeSite(): AstroIntegration {
  let siteUrl: string | undefined;
  let cacheDir: string | undefined;
  let outDir = '';
  let identity: BuildIdentity | undefined;
  let keepOutput = false;
  let buildStarted = 0;
  let earlyIndex: EarlyIndex | undefined;
  return {
    name: 'knowledge-site',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig, logger }) => {
        if (command !== 'build') return;
        // Clone and fetch the sources while Astro starts up; the loaders take this sync.
        startSiteSync((m) => logger.info(m));
        outDir = fileURLToPath(config.outDir);
        identity = { audience: audienceFromEnv(), cacheDir: fileURLToPath(config.cacheDir) };
        // Keep the pages of the last build in place (see build/kept-output.ts) when incremental builds are on.
        keepOutput = Boolean(config.experimental?.incrementalBuild) && canKeepOutput(outDir, identity);
        if (keepOutput) updateConfig({ vite: { build: { emptyOutDir: false } } });
      },
      'astro:build:start': ({ logger, setPrerenderer }) => {
        buildStarted = Date.now();
        // Document pages first, in path order (the order of the search index's shards; see startEarlyIndex):
        // the last shard's pages are then written before the listings and tag pages render, not after them.
        setPrerenderer((prerenderer) => {
          const paths = prerenderer.getStaticPaths.bind(prerenderer);
          prerenderer.getStaticPaths = async () => documentPagesFirst(await paths());
          return prerenderer;
        });
        if (!outDir) return;
        forgetBuild(outDir);
        if (keepOutput) logger.info('keeping the pages of the last build in place; what this build does not produce is deleted at its end');
      },
      'astro:build:setup': () => {
        // Astro has emptied the output folder by now (unless it is kept): every page will be written once, and
        // the search index can start on the pages as they come (see startEarlyIndex).
        if (keepOutput || earlyIndex || !outDir || process.env.KNOWLEDGE_EARLY_INDEX === '0') return;
        try {
          earlyIndex = startEarlyIndex(outDir, JSON.parse(readFileSync(PAGES_FILE, 'utf8')) as string[], cacheDir);
        } catch {
          // No list of pages (collections not synced): the index is made at the end only.
        }
      },
      'astro:config:done': ({ config }) => {
        siteUrl = config.site;
        cacheDir = fileURLToPath(config.cacheDir);
        // Where the loaders keep rendered bodies and the pages read them (see loaders/body-store.ts).
        process.env.KNOWLEDGE_BODY_DIR = path.join(cacheDir, 'knowledge-bodies');
      },
      'astro:build:done': async ({ logger, dir, assets }) => {
        let report: BuildReport;
        try {
          report = JSON.parse(readFileSync(REPORT_FILE, 'utf8')) as BuildReport;
        } catch {
          logger.warn(`no build report at ${REPORT_FILE}; were the collections synced?`);
          await earlyIndex?.stop();
          return;
        }
        for (const s of report.sources) {
          logger.info(`${s.name} (${s.kind}): ${s.documents} document(s) from ${s.repo}${s.commit ? ` @ ${s.commit.slice(0, 12)}` : ''}${s.drafts ? `, ${s.drafts} draft(s) not built` : ''}`);
        }
        const { errors, warnings } = report.totals;
        if (report.problems.length) {
          logger.warn(`${errors} document(s) skipped with errors, ${warnings} warning(s):\n  ${report.problems.map((p) => `${p.severity === 'error' ? 'error  ' : 'warning'} ${formatProblem(p)}`).join('\n  ')}`);
        }
        logger.info(`${report.totals.documents} documents built (${report.totals.parsed} parsed, ${report.totals.reused} unchanged).`);
        if (keepOutput) {
          const produced = new Set([...assets.values()].flat().map((u) => fileURLToPath(u)));
          const stale = pruneStaleOutput(fileURLToPath(dir), produced, buildStarted, ['sitemap.xml']);
          if (stale.length) logger.info(`deleted ${stale.length} file(s) of the last build that this one did not produce: ${stale.slice(0, 10).join(', ')}${stale.length > 10 ? ', …' : ''}`);
        }
        if (siteUrl) logger.info(`sitemap.xml: ${writeSitemap(fileURLToPath(dir), siteUrl)} pages`);
        else {
          rmSync(path.join(fileURLToPath(dir), 'sitemap.xml'), { force: true });
          logger.info('no sitemap.xml: set site.url in the sources file to get one');
        }
        const started = Date.now();
        // The shard being indexed early is finished (it went on while the above ran); the rest is done here.
        await earlyIndex?.stop();
        const index = await buildSearchIndex(fileURLToPath(dir), cacheDir, earlyIndex);
        const shards = index.shards > 1 ? ` in ${index.shards} shards` : '';
        const early = index.indexedEarly ? ` after the pages (${index.indexedEarly} of them while the pages were rendered)` : '';
        logger.info(index.reused
          ? `search index: unchanged (${index.pages} document pages${shards}), kept in ${Date.now() - started} ms`
          : `search index: ${index.pages} document pages${index.shards > 1 ? `${shards}, ${index.indexed} shard(s)` : ''} indexed in ${Date.now() - started} ms${early}`);
        // The build's own audience decides, not only the report: a report of another build must not skip the guard.
        if (report.audience === 'public' || identity?.audience === 'public') {
          if (report.audience !== 'public') throw new Error(`Public build stopped: the build report at ${REPORT_FILE} is of an ${report.audience} build; build again`);
          const canaries = JSON.parse(readFileSync(CANARY_FILE, 'utf8')) as Canaries;
          const leaks = findLeaks(fileURLToPath(dir), canaries);
          if (leaks.length) {
            // Nothing of a rejected site stays where it would be published.
            for (const entry of readdirSync(dir)) rmSync(path.join(fileURLToPath(dir), entry), { recursive: true, force: true });
            throw new Error(`Public build stopped: internal content found in the output, which was deleted:\n  ${leaks.map((l) => printable(`${l.file}: "${l.found}"`)).join('\n  ')}`);
          }
          logger.info(`leak guard: no internal URL, id, title or removed text in the output (${canaries.urls.length} internal documents, ${canaries.strings.length} strings checked)`);
        }
        const strict = /^(1|true|yes)$/i.test(process.env.KNOWLEDGE_STRICT ?? '');
        if (strict && report.problems.length) {
          throw new Error(`KNOWLEDGE_STRICT is set and the sources have ${report.problems.length} problem(s) (listed above).`);
        }
        if (identity && fileURLToPath(dir) === outDir) rememberBuild(outDir, identity);
      },
    },
  };
}
