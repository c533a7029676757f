import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { knowledgeSite } from './src/integration.ts';
import { buildInputsFromEnv } from './src/build/build-context.ts';
import { loadSourcesConfig } from './src/sources/config.ts';

// What a person sets for a build, read once here (see the README's reference); every stage gets it from the build's context.
const inputs = buildInputsFromEnv(process.env, fileURLToPath(new URL('.', import.meta.url)));
const sources = loadSourcesConfig(inputs.sourcesFile);

export default defineConfig({
  site: sources.site.url,
  // The path the site is served under (`site.base`); Astro puts it before its own assets, we before every link.
  base: sources.site.base,
  output: 'static',
  trailingSlash: 'always',
  // Render a few pages at once so that writing one page's file overlaps rendering the next.
  build: { format: 'directory', concurrency: 4 },
  // Where `astro preview` serves from; a build writes into a staging folder of its own and moves it here when it passes.
  outDir: inputs.outDir,
  integrations: [mdx(), knowledgeSite(inputs, sources)],
  devToolbar: { enabled: false },
  // Code in the page's own scheme, every token at 4.5:1 or more (site.css picks the colour with light-dark()).
  markdown: {
    shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' }, defaultColor: false },
  },
  // Astro's cache (content store, incremental build output); a benchmark or CI may keep it elsewhere.
  cacheDir: inputs.astroCacheDir,
  // Pages whose cacheKey (their document's digest and everything they show of other documents) is unchanged
  // are taken from the previous build instead of being rendered again.
  experimental: { incrementalBuild: inputs.incremental },
  server: { host: '127.0.0.1' },
});
