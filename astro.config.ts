import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { knowledgeSite } from './src/integration.ts';
import { loadSiteSettings } from './src/sources/site-settings.ts';

const settings = loadSiteSettings();

export default defineConfig({
  site: settings.url,
  output: 'static',
  trailingSlash: 'always',
  // Render a few pages at once so that writing one page's file overlaps rendering the next.
  build: { format: 'directory', concurrency: 4 },
  outDir: process.env.KNOWLEDGE_OUT_DIR || './dist',
  integrations: [mdx(), knowledgeSite()],
  devToolbar: { enabled: false },
  // Astro's cache (content store, incremental build output); a benchmark or CI may keep it elsewhere.
  cacheDir: process.env.KNOWLEDGE_ASTRO_CACHE || './node_modules/.astro',
  // Pages whose cacheKey (their document's digest and everything they show of other documents) is unchanged
  // are copied from the previous build instead of being rendered again.
  experimental: { incrementalBuild: process.env.KNOWLEDGE_INCREMENTAL !== '0' },
  server: { host: '127.0.0.1' },
});
