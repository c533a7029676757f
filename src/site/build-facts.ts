/** What every page needs of the build it belongs to (today, the site's settings, where bodies are), read once. */
import { getEntry } from 'astro:content';
import type { PageFacts } from '../loaders/report-loader.ts';
import { withBase } from '../lib/base-path.ts';

export interface BuildFacts extends Omit<PageFacts, 'today'> {
  today: Date;
  /** The address a browser follows to a site path (`/tags/` → `/handbook/tags/` under `site.base`). */
  href: (sitePath: string) => string;
}

let cached: Promise<BuildFacts> | undefined;

export function buildFacts(): Promise<BuildFacts> {
  cached ??= (async () => {
    const facts = (await getEntry('report', 'build'))?.data as unknown as PageFacts | undefined;
    if (!facts)
      throw new Error('The content store has no build facts: the report loader did not run; build with `astro build`');
    const base = facts.site.base;
    return { ...facts, today: new Date(`${facts.today}T00:00:00Z`), href: (p: string) => withBase(base, p) };
  })();
  return cached;
}
