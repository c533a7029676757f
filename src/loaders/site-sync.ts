/**
 * The sync of all sources, done once per build and shared by every collection's loader through the build
 * context. A build starts it as soon as Astro reads its config (see integration.ts), so that cloning and
 * fetching, which wait on git and the network, overlap with Astro's own start-up instead of following it.
 */
import path from 'node:path';
import type { BuildContext, SiteSync } from '../build/build-context.ts';
import { syncSources } from '../sources/sync.ts';

export async function syncSite(ctx: BuildContext, log: (message: string) => void): Promise<SiteSync> {
  const started = Date.now();
  const config = ctx.sources;
  log(`syncing ${config.sources.length} source(s) from ${path.relative(ctx.root, config.file)}`);
  const result = await syncSources(config, { log });
  if (result.failures.length) {
    throw new Error(
      `Some sources could not be synced; a missing repository would silently drop its documents, so the build stops:\n  ${result.failures.map((f) => `${f.source}: ${f.message}`).join('\n  ')}`,
    );
  }
  log(`sources synced in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { config, result };
}
