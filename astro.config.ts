import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { knowledgeSite } from './src/integration.ts';
import { loadSiteSettings } from './src/sources/site-settings.ts';

const settings = loadSiteSettings();

export default defineConfig({
  site: settings.url,
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  outDir: process.env.KNOWLEDGE_OUT_DIR || './dist',
  integrations: [mdx(), knowledgeSite()],
  devToolbar: { enabled: false },
  server: { host: '127.0.0.1' },
});
