/**
 * Our Astro integration. It makes the build's context (see build/build-context.ts) and hands it to the loaders;
 * points Astro at the build's own staging folder, started from the last good output (see build/staging.ts); and at
 * the end prints what each source gave and every problem, prunes what the build did not produce, writes the
 * sitemap and the search index, runs the leak guard of a public build, and only then puts the site in place.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { formatProblem, printable } from './lib/problems.ts';
import type { BuildReport } from './loaders/report-loader.ts';
import { findLeaks, type Canaries } from './build/leak-guard.ts';
import { buildSearchIndex, startEarlyIndex, type EarlyIndex } from './search/build-index.ts';
import { writeSitemap } from './build/sitemap.ts';
import {
  canKeepOutput,
  forgetBuild,
  pruneStaleOutput,
  rememberBuild,
  type BuildIdentity,
} from './build/kept-output.ts';
import {
  CONTEXT_HOOK,
  createBuildContext,
  INTEGRATION_NAME,
  type BuildContext,
  type BuildInputs,
} from './build/build-context.ts';
import { cleanAbandoned, publishStaging, stageFromPrevious, unlinkOutputOf } from './build/staging.ts';
import { adoptionNote } from './loaders/adoption.ts';
import { copySiteFiles } from './loaders/document-files.ts';
import { syncSite } from './loaders/site-sync.ts';
import type { SitesConfig } from './sources/config.ts';
import { publicRoot } from './lib/base-path.ts';

/** The route of document pages: the pages the search index is made of. */
const DOCUMENT_ROUTE = '/[kind]/[slug]';

/** Document pages first, each group in its own order. */
export function documentPagesFirst<T extends { route: { route: string } }>(paths: T[]): T[] {
  const isDocument = (p: T) => p.route.route === DOCUMENT_ROUTE;
  return [...paths.filter(isDocument), ...paths.filter((p) => !isDocument(p))];
}

export function knowledgeSite(inputs: BuildInputs, sources: SitesConfig): AstroIntegration {
  let ctx: BuildContext | undefined;
  let identity: BuildIdentity | undefined;
  let keepOutput = false;
  let building = false;
  let buildStarted = 0;
  let earlyIndex: EarlyIndex | undefined;
  return {
    name: INTEGRATION_NAME,
    hooks: {
      // Not a hook Astro calls: how the loaders, handed Astro's config, find this build's context.
      [CONTEXT_HOOK]: () => ctx,
      'astro:config:setup': ({ command, updateConfig, logger }) => {
        if (command === 'preview') return;
        ctx = createBuildContext(inputs, sources, syncSite);
        // Clone and fetch the sources while Astro starts up; the loaders take this sync.
        void ctx.sync((m) => logger.info(m));
        if (command !== 'build') return;
        building = true;
        identity = { audience: ctx.audience, cacheDir: ctx.astroCacheDir };
        for (const gone of cleanAbandoned(ctx.workDir, ctx.outDir))
          logger.info(`deleted ${path.relative(ctx.root, gone)}, left by a build that did not finish`);
        // Start from the last good output when it is exactly what Astro's cache last recorded (see build/kept-output.ts).
        keepOutput = ctx.incremental && canKeepOutput(ctx.outDir, identity);
        forgetBuild(identity);
        rmSync(ctx.stagingDir, { recursive: true, force: true });
        if (keepOutput) {
          const staged = stageFromPrevious(ctx.outDir, ctx.stagingDir);
          logger.info(
            `starting from the pages of the last build (${staged.linked} linked, ${staged.copied} copied); what this build does not produce is deleted at its end`,
          );
        }
        // Astro writes into this build's staging folder, inside the project: its own working files (`.prerender`) are then this build's too.
        updateConfig({
          outDir: pathToFileURL(`${ctx.stagingDir}${path.sep}`),
          vite: { build: { emptyOutDir: !keepOutput } },
        });
      },
      'astro:build:start': ({ setPrerenderer }) => {
        buildStarted = Date.now();
        const stagingDir = ctx?.stagingDir;
        setPrerenderer((prerenderer) => {
          // Document pages first, in path order (the order of the search index's shards; see startEarlyIndex):
          // the last shard's pages are then written before the listings and tag pages render, not after them.
          const paths = prerenderer.getStaticPaths.bind(prerenderer);
          prerenderer.getStaticPaths = async () => documentPagesFirst(await paths());
          // A page rendered again replaces its file instead of writing through a link to the published one.
          if (keepOutput && stagingDir) {
            const render = prerenderer.render.bind(prerenderer);
            prerenderer.render = async (request, options) => {
              const result = await render(request, options);
              unlinkOutputOf(stagingDir, new URL(request.url).pathname);
              return result;
            };
          }
          return prerenderer;
        });
      },
      'astro:build:setup': () => {
        // The staging folder is empty (unless started from the last output): every page will be written once,
        // and the search index can start on the pages as they come (see startEarlyIndex).
        if (!ctx || keepOutput || earlyIndex || !ctx.earlyIndex) return;
        try {
          earlyIndex = startEarlyIndex(
            ctx.stagingDir,
            JSON.parse(readFileSync(ctx.files.pages, 'utf8')) as string[],
            ctx.astroCacheDir,
          );
        } catch {
          // No list of pages (collections not synced): the index is made at the end only.
        }
      },
      'astro:build:done': async ({ logger, dir, assets }) => {
        if (!ctx || !building) return;
        const siteDir = fileURLToPath(dir);
        try {
          await finishBuild(
            ctx,
            siteDir,
            logger,
            [...assets.values()].flat().map((u) => fileURLToPath(u)),
          );
        } catch (error) {
          // Nothing of a rejected site is published, nor kept: the output folder holds the last good site.
          await earlyIndex?.stop();
          rmSync(ctx.stagingDir, { recursive: true, force: true });
          throw error;
        }
      },
    },
  };

  async function finishBuild(
    ctx: BuildContext,
    siteDir: string,
    logger: { info(m: string): void; warn(m: string): void },
    produced: string[],
  ) {
    let report: BuildReport;
    try {
      report = JSON.parse(readFileSync(ctx.files.report, 'utf8')) as BuildReport;
    } catch {
      throw new Error(`no build report at ${ctx.files.report}; the content layer did not run`);
    }
    for (const s of report.sources) {
      logger.info(
        `${s.name} (${s.kind}): ${s.documents} document(s) from ${s.repo}${s.commit ? ` @ ${s.commit.slice(0, 12)}` : ''}${s.drafts ? `, ${s.drafts} draft(s) not built` : ''}${adoptionNote(s.adoption)}`,
      );
    }
    const { errors, warnings } = report.totals;
    if (report.problems.length) {
      logger.warn(
        `${errors} document(s) skipped with errors, ${warnings} warning(s):\n  ${report.problems.map((p) => `${p.severity === 'error' ? 'error  ' : 'warning'} ${formatProblem(p)}`).join('\n  ')}`,
      );
    }
    logger.info(
      `${report.totals.documents} documents built (${report.totals.parsed} parsed, ${report.totals.reused} unchanged).`,
    );
    // The repositories' images the pages show (see loaders/document-files.ts): produced by this build too.
    const siteFiles = existsSync(ctx.files.siteFiles)
      ? (JSON.parse(readFileSync(ctx.files.siteFiles, 'utf8')) as string[])
      : [];
    if (siteFiles.length) {
      const copied = await copySiteFiles(ctx.filesDir, siteFiles, siteDir);
      produced.push(...siteFiles.map((name) => path.join(siteDir, '_files', name)));
      logger.info(`images of the repositories: ${siteFiles.length} in /_files/ (${copied} copied)`);
    }
    if (keepOutput) {
      const stale = pruneStaleOutput(siteDir, new Set(produced), buildStarted);
      if (stale.length)
        logger.info(
          `deleted ${stale.length} file(s) of the last build that this one did not produce: ${stale.slice(0, 10).join(', ')}${stale.length > 10 ? ', …' : ''}`,
        );
    }
    const siteUrl = ctx.sources.site.url;
    if (siteUrl) logger.info(`sitemap.xml: ${writeSitemap(siteDir, publicRoot(siteUrl, ctx.sources.site.base))} pages`);
    else logger.info('no sitemap.xml: set site.url in the sources file to get one');
    const started = Date.now();
    // The shard being indexed early is finished (it went on while the above ran); the rest is done here.
    await earlyIndex?.stop();
    const index = await buildSearchIndex(siteDir, ctx.astroCacheDir, earlyIndex);
    const shards = index.shards > 1 ? ` in ${index.shards} shards` : '';
    const early = index.indexedEarly
      ? ` after the pages (${index.indexedEarly} of them while the pages were rendered)`
      : '';
    logger.info(
      index.pages === 0
        ? 'search index: none, as there are no document pages; the search page says so'
        : index.reused
          ? `search index: unchanged (${index.pages} document pages${shards}), kept in ${Date.now() - started} ms`
          : `search index: ${index.pages} document pages${index.shards > 1 ? `${shards}, ${index.indexed} shard(s)` : ''} indexed in ${Date.now() - started} ms${early}`,
    );
    // The build's own audience decides whether the guard runs; the report must be this build's.
    if (ctx.audience === 'public') {
      if (report.audience !== 'public')
        throw new Error(
          `Public build stopped: the build report at ${ctx.files.report} is of an ${report.audience} build; build again`,
        );
      const canaries = JSON.parse(readFileSync(ctx.files.canaries, 'utf8')) as Canaries;
      const leaks = findLeaks(siteDir, canaries);
      if (leaks.length) {
        throw new Error(
          `Public build stopped: internal content found in the output, which was not published${existsSync(ctx.outDir) ? ` (${ctx.outDir} still holds the last good site)` : ''}:\n  ${leaks.map((l) => printable(`${l.file}: "${l.found}"`)).join('\n  ')}`,
        );
      }
      logger.info(
        `leak guard: no internal URL, id, title or removed text in the output (${canaries.urls.length} internal documents, ${canaries.strings.length} strings checked)`,
      );
    }
    rememberBuild(siteDir, identity!, ctx.id);
    await mkdir(path.dirname(ctx.outDir), { recursive: true });
    const how = publishStaging(siteDir, ctx.outDir, ctx.id);
    rmSync(ctx.files.canaries, { force: true });
    rmSync(ctx.files.pages, { force: true });
    rmSync(ctx.files.siteFiles, { force: true });
    logger.info(`site ${how === 'copied' ? 'copied (another file system)' : 'moved'} into ${ctx.outDir}`);
  }
}
