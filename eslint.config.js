// Lint rules: JavaScript's and typescript-eslint's recommended sets, and Astro's for components and pages.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-*/',
      '**/.astro/',
      '.cache/',
      'node_modules/',
      'test/fixtures/',
      'bench/results/',
      'content/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Untrusted text is checked for control characters on purpose (URLs, names, terminal output).
      'no-control-regex': 'off',
      // A git error's raw cause may hold a remote's credentials: it is redacted into the message instead.
      'preserve-caught-error': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['src/search/search-ui.ts', 'test/e2e/browser.test.ts', 'test/helpers/browser.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
