/**
 * The sync of all sources, done once per build and shared by every collection's loader.
 */
import path from 'node:path';
import { loadSourcesConfig, type SitesConfig } from '../sources/config.ts';
import { syncSources, type SyncResult } from '../sources/sync.ts';

export interface SiteSync {
  config: SitesConfig;
  result: SyncResult;
}

let pending: Promise<SiteSync> | undefined;

/** The sources file in use: KNOWLEDGE_SOURCES, else `content/sources.yaml`. */
export function sourcesFile(): string {
  return process.env.KNOWLEDGE_SOURCES || path.join('content', 'sources.yaml');
}

export function getSiteSync(log: (message: string) => void): Promise<SiteSync> {
  pending ??= (async () => {
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
  return pending;
}
