// The floor: a bare Astro 7 site over the same Markdown (glob loader, one plain template, no search).
import { defineConfig } from 'astro/config';

export default defineConfig({
  outDir: process.env.FLOOR_OUT_DIR || './dist',
  cacheDir: process.env.FLOOR_ASTRO_CACHE || './node_modules/.astro',
  devToolbar: { enabled: false },
});
