/** The `site:` part of the sources file, for the Astro config and the page header. */
import { loadSourcesConfig, type SitesConfig } from './config.ts';
import path from 'node:path';

let memo: { file: string; site: SitesConfig['site'] } | undefined;

/**
 * Read once per build and per sources file: every page's layout asks for it, and reading and validating the
 * YAML again for each of 10,000 pages cost seconds.
 */
export function loadSiteSettings(): SitesConfig['site'] {
  const file = process.env.KNOWLEDGE_SOURCES || path.join('content', 'sources.yaml');
  if (memo?.file !== file) memo = { file, site: loadSourcesConfig(file).site };
  return memo.site;
}
