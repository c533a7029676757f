/**
 * The sync of all sources, done once per build and shared by every collection's loader. A build starts it as soon
 * as Astro reads its config (see integration.ts), so that cloning and fetching, which wait on git and the
 * network, overlap with Astro's own start-up instead of following it; the loaders then take that sync.
 */
import path from 'node:path';
import { loadSourcesConfig, type SitesConfig } from '../sources/config.ts';
import { syncSources, type SyncResult } from '../sources/sync.ts';

export interface SiteSync {
  config: SitesConfig;
  result: SyncResult;
}

let pending: Promise<SiteSync> | undefined;

/**
 * The sync started early, handed from the integration to the loaders. They are loaded as separate module
 * instances (Astro's config and the content config), so it is passed through a global slot.
 */
const EARLY = Symbol.for('knowledge-site.early-sync');
type EarlySlot = { [EARLY]?: Promise<SiteSync> };

/** The sources file in use: KNOWLEDGE_SOURCES, else `content/sources.yaml`. */
export function sourcesFile(): string {
  return process.env.KNOWLEDGE_SOURCES || path.join('content', 'sources.yaml');
}

/** Starts the sync now, for the loaders of this build to take (see getSiteSync). */
export function startSiteSync(log: (message: string) => void): void {
  const early = startSync(log);
  // A failure is reported by the loader that takes this sync, not as an unhandled rejection here.
  early.catch(() => {});
  (globalThis as EarlySlot)[EARLY] = early;
}

export function getSiteSync(log: (message: string) => void): Promise<SiteSync> {
  if (!pending) {
    const slot = globalThis as EarlySlot;
    pending = slot[EARLY] ?? startSync(log);
    delete slot[EARLY];
  }
  return pending;
}

function startSync(log: (message: string) => void): Promise<SiteSync> {
  return (async () => {
    const started = Date.now();
    const config = loadSourcesConfig(sourcesFile());
    log(`syncing ${config.sources.length} source(s) from ${path.relative(process.cwd(), config.file)}`);
    const result = await syncSources(config, { log });
    if (result.failures.length) {
      throw new Error(`Some sources could not be synced; a missing repository would silently drop its documents, so the build stops:\n  ${result.failures.map((f) => `${f.source}: ${f.message}`).join('\n  ')}`);
    }
    log(`sources synced in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { config, result };
  })();
}
