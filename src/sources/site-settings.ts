/** The `site:` part of the sources file, for the Astro config and the page header. */
import { loadSourcesConfig, type SitesConfig } from './config.ts';
import path from 'node:path';

export function loadSiteSettings(): SitesConfig['site'] {
  return loadSourcesConfig(process.env.KNOWLEDGE_SOURCES || path.join('content', 'sources.yaml')).site;
}
