import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // Site builds share the Astro cache folder of the project: run test files one after another.
    fileParallelism: false,
  },
});
