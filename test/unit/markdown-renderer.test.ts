import { satteri } from '@astrojs/markdown-satteri';
import { describe, expect, it } from 'vitest';
import { highlightCodeBlocks } from '../../src/lib/highlight-code-blocks.ts';
import { decodeHtmlText } from '../../src/lib/html.ts';
import { sanitizeRendered } from '../../src/lib/sanitize-rendered.ts';
import {
  createMarkdownRenderer,
  highlightsAfterSanitising,
  type MarkdownSettings,
} from '../../src/loaders/markdown-renderer.ts';

/** Astro's Markdown defaults, as the loader receives them from the build's config. */
const defaults: MarkdownSettings = {
  syntaxHighlight: { type: 'shiki', excludeLangs: ['math'] },
  shikiConfig: { langs: [], theme: 'github-dark', themes: {}, wrap: false, transformers: [], langAlias: {} },
  gfm: true,
  smartypants: true,
};

async function renderSafe(markdown: string, settings = defaults): Promise<string> {
  const renderer = await createMarkdownRenderer(settings);
  const safe = sanitizeRendered(await renderer.render(markdown));
  return renderer.afterSanitising ? renderer.afterSanitising(safe) : safe;
}

const CODE = [
  '# Code',
  '',
  '```ts title="x"',
  'const a = \'<b>\' && "q"; // ü 😀 &amp;',
  '```',
  '',
  '```',
  'plain & <x>',
  '```',
  '',
  '```diff',
  '+ added',
  '- removed',
  '```',
  '',
  '~~~c++',
  'int x;',
  '~~~',
  '',
  '    indented',
  '',
  '```yaml',
  "a: 'x' # c",
  '```',
  '',
].join('\n');

describe('code blocks highlighted after sanitising', () => {
  it("look as Astro's own renderer makes them, up to how characters are escaped", async () => {
    const astro = (await (await satteri().createRenderer(defaults as never)).render(CODE, { frontmatter: {} })).code;
    const ours = await renderSafe(CODE);
    expect(ours.match(/<pre class="astro-code github-dark"/g)).toHaveLength(6);
    expect(decodeHtmlText(ours.replace(/&#x3C;/g, '&lt;').replace(/&#x26;/g, '&amp;'))).toBe(decodeHtmlText(astro));
  });

  it("keep the highlighter's styles, which the sanitiser would strip (the diff marker is not selectable)", async () => {
    const html = await renderSafe(CODE);
    expect(html).toContain('<span style="user-select: none;">+</span>');
    expect(html).toContain('style="background-color:#24292e;color:#e1e4e8; overflow-x: auto;"');
  });

  it('leave `math` and configured languages plain', async () => {
    const md = '```math\nx^2\n```\n\n```mermaid\ngraph TD\n```\n';
    const html = await renderSafe(md);
    expect(html).toContain('<pre><code class="language-math">x^2\n</code></pre>');
    expect(html).toContain('data-language="mermaid"');
    const settings = { ...defaults, syntaxHighlight: { type: 'shiki' as const, excludeLangs: ['mermaid'] } };
    expect(await renderSafe(md, settings)).toContain('<pre><code class="language-mermaid">graph TD\n</code></pre>');
  });

  it('cannot be used to smuggle markup: a hostile info string or raw HTML stays inert', async () => {
    const md = [
      '```ts"onmouseover="alert(1)',
      'x',
      '```',
      '',
      '<pre><code class="language-js"><img src=x onerror=alert(1)></code></pre>',
      '',
      '<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>',
      '',
      '<pre><code class="language-js">alert("raw")</code></pre>',
      '',
    ].join('\n');
    const html = await renderSafe(md);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('data-language="plaintext"><code><span class="line"><span>x</span>');
    // Raw HTML shaped like a code block is highlighted like one: as text.
    expect(html).toContain('&#x3C;/script>');
    expect(html).toContain('data-language="js"');
  });

  it("are left to Astro's renderer when Shiki has transformers or another highlighter is set", () => {
    expect(highlightsAfterSanitising(defaults)).toBe(true);
    expect(
      highlightsAfterSanitising({ ...defaults, shikiConfig: { ...defaults.shikiConfig, transformers: [{}] } }),
    ).toBe(false);
    expect(highlightsAfterSanitising({ ...defaults, syntaxHighlight: 'prism' })).toBe(false);
    expect(highlightsAfterSanitising({ ...defaults, syntaxHighlight: false })).toBe(false);
  });
});

describe('highlightCodeBlocks', () => {
  const mark = (code: string, lang: string) => `[${lang}:${code}]`;

  it('hands over the decoded text and language of exactly-plain blocks only', async () => {
    const html =
      '<pre><code class="language-c&#43;&#x2B;">a &lt; b &amp;&amp; c\n</code></pre><pre class="x"><code>kept</code></pre><pre><code>x<b>y</b></code></pre><pre><code>z</code></pre>';
    expect(await highlightCodeBlocks(html, mark)).toBe(
      '[c++:a < b && c]<pre class="x"><code>kept</code></pre><pre><code>x<b>y</b></code></pre>[plaintext:z]',
    );
  });

  it('returns the same string when there is nothing to highlight', async () => {
    const html = '<p>no code</p><code>inline</code>';
    expect(await highlightCodeBlocks(html, mark)).toBe(html);
  });

  it('decodes only what a sanitiser writes, and leaves unknown entities as they are', () => {
    expect(decodeHtmlText('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&nbsp;&#0;&')).toBe('<>&"\'AB&nbsp;&#0;&');
  });
});

describe('code block languages from documents', () => {
  const highlighted = (html: string) => /<span style="color:#[0-9A-F]{6}">(const|let|var)<\/span>/i.test(html);
  // Each pair takes a language not loaded yet: a corrupted highlighter fails when it next loads one.
  const pairs = [
    ['constructor', 'javascript'],
    ['__proto__', 'rust'],
    ['toString', 'swift'],
    ['valueOf', 'kotlin'],
    ['hasOwnProperty', 'scala'],
    ['prototype', 'dart'],
    ['__defineGetter__', 'groovy'],
  ];
  for (const [lang, next] of pairs) {
    it(`treat "${lang}" as plain text and leave the highlighting of other documents intact`, async () => {
      const bad = await renderSafe(`\`\`\`${lang}\nconst x = 1;\n\`\`\`\n`);
      expect(bad).toContain('const x = 1;');
      expect(bad).toContain('data-language="plaintext"');
      const good = await renderSafe(`\`\`\`${next}\nvar y = 2;\n\`\`\`\n`);
      expect(good).toContain(`data-language="${next}"`);
      expect(new Set(good.match(/<span style="color:#[0-9A-F]{6}"/gi)).size, good).toBeGreaterThan(1);
    });
  }

  it('highlight known languages and their aliases, and show unknown ones as plain text', async () => {
    expect(highlighted(await renderSafe('```typescript\nconst a = 1;\n```\n'))).toBe(true);
    expect(highlighted(await renderSafe('```js\nconst a = 1;\n```\n'))).toBe(true);
    expect(await renderSafe('```no-such-language\nconst a = 1;\n```\n')).toContain('data-language="plaintext"');
  });
});

describe('code highlighting is bounded per document', () => {
  it('highlights blocks until the budget is spent and leaves the rest plain', async () => {
    const small = '```ts\nconst a = 1;\n```\n';
    const big = `\`\`\`ts\n${'const b = 2;\n'.repeat(10_000)}\`\`\`\n`;
    const html = await renderSafe(`${small}\n${big}\n${small}`);
    expect(html.match(/<pre class="astro-code/g)).toHaveLength(2);
    expect(html).toContain('<pre><code class="language-ts">const b = 2;');
    expect(html.length).toBeLessThan(big.length * 2);
  });
});
