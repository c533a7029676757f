/**
 * The Markdown renderer of document bodies, made from the build's Markdown settings with Astro's default
 * processor (Sätteri) and, for code, Astro's own Shiki highlighter: the same HTML as Astro's renderer, in the
 * order untrusted input needs. The body is rendered with its code blocks plain, sanitised, and then highlighted
 * (see highlight-code-blocks.ts), so that the sanitiser never has to read the highlighter's spans.
 * Used by the parse workers, and on the main thread when there are too few files to start them.
 */
import type { AstroConfig } from 'astro';
import { createShikiHighlighter } from '@astrojs/internal-helpers/shiki';
import { satteri } from '@astrojs/markdown-satteri';
import { bundledLanguages } from 'shiki';
import { highlightCodeBlocks } from '../lib/highlight-code-blocks.ts';
import type { RenderMarkdown } from './prepare-document.ts';

/** The Markdown settings of the build (Astro's `markdown` config) that rendering depends on. */
export interface MarkdownSettings {
  image?: unknown;
  syntaxHighlight?: AstroConfig['markdown']['syntaxHighlight'];
  shikiConfig?: Partial<AstroConfig['markdown']['shikiConfig']>;
  gfm?: boolean;
  smartypants?: unknown;
}

/** Astro leaves these code blocks plain for other renderers (`math`), as does its own highlighter. */
const ALWAYS_PLAIN = ['math'];

const LANGUAGE_NAME = /^[a-z0-9][a-z0-9_+#.-]{0,63}$/i;

/**
 * The language a code block is highlighted as: the name its info string gives when Shiki or the site's own
 * settings know it, else `plaintext`. Checked as an own key only: `constructor` or `__proto__` looked up in a
 * plain object reach Object's prototype, which broke the highlighter for every later document.
 */
export function codeLanguage(lang: string, settings: MarkdownSettings): string {
  if (!LANGUAGE_NAME.test(lang)) return 'plaintext';
  const alias = settings.shikiConfig?.langAlias ?? {};
  const own = (settings.shikiConfig?.langs ?? []).some(
    (l) =>
      typeof l === 'object' &&
      l !== null &&
      ((l as { name?: string }).name === lang || ((l as { aliases?: string[] }).aliases ?? []).includes(lang)),
  );
  return Object.hasOwn(bundledLanguages, lang) || Object.hasOwn(alias, lang) || own ? lang : 'plaintext';
}

/** True when code is highlighted by Shiki as configured, without transformers (functions, which only Astro's renderer can run). */
export function highlightsAfterSanitising(settings: MarkdownSettings): boolean {
  const type =
    typeof settings.syntaxHighlight === 'object'
      ? (settings.syntaxHighlight.type ?? 'shiki')
      : settings.syntaxHighlight;
  return type === 'shiki' && !settings.shikiConfig?.transformers?.length;
}

export async function createMarkdownRenderer(settings: MarkdownSettings): Promise<RenderMarkdown> {
  if (!highlightsAfterSanitising(settings)) {
    const renderer = await satteri().createRenderer(settings as never);
    return { render: async (markdown) => (await renderer.render(markdown, { frontmatter: {} })).code };
  }
  const renderer = await satteri().createRenderer({ ...settings, syntaxHighlight: false } as never);
  const shiki = settings.shikiConfig ?? {};
  // Astro's helper makes one highlighter per theme and process: every renderer made here shares it.
  const highlighter = await createShikiHighlighter({
    theme: shiki.theme,
    themes: shiki.themes,
    langs: shiki.langs,
    langAlias: shiki.langAlias,
  });
  const excluded = [
    ...ALWAYS_PLAIN,
    ...(typeof settings.syntaxHighlight === 'object' ? (settings.syntaxHighlight.excludeLangs ?? []) : []),
  ];
  const options = { wrap: shiki.wrap ?? undefined, defaultColor: shiki.defaultColor } as const;
  return {
    render: async (markdown) => (await renderer.render(markdown, { frontmatter: {} })).code,
    afterSanitising: (html) =>
      highlightCodeBlocks(
        html,
        (code, lang) => highlighter.codeToHtml(code, codeLanguage(lang, settings), options),
        excluded,
      ),
  };
}
