/** What a template tag becomes (a link, an image, a warning's text) goes through the sanitiser like any Markdown. */
import { describe, expect, it } from 'vitest';
import { sanitizeRendered } from '../../src/lib/sanitize-rendered.ts';
import { stripTemplateTags } from '../../src/lib/template-tags.ts';
import { createMarkdownRenderer, type MarkdownSettings } from '../../src/loaders/markdown-renderer.ts';

const defaults: MarkdownSettings = {
  syntaxHighlight: { type: 'shiki', excludeLangs: ['math'] },
  shikiConfig: { langs: [], theme: 'github-dark', themes: {}, wrap: false, transformers: [], langAlias: {} },
  gfm: true,
  smartypants: true,
};

async function page(markdown: string): Promise<string> {
  const renderer = await createMarkdownRenderer(defaults);
  const safe = sanitizeRendered(await renderer.render(stripTemplateTags(markdown).body));
  return renderer.afterSanitising ? renderer.afterSanitising(safe) : safe;
}

const HOSTILE = [
  '[ref]({{< ref "javascript:alert(1)" >}})',
  '<%= link_to "click", "javascript:alert(2)" %>',
  '<%= link_to "click", "data:text/html,<script>alert(3)</script>" %>',
  '{{< figure src="javascript:alert(4)" alt="x" >}}',
  '<%= image_tag "javascript:alert(5)" %>',
  '<%= warning_text "<img src=x onerror=alert(6)>" %>',
  '<%= warning_text "<script>alert(7)</script>" %>',
  '<%= link_to "x\\" onmouseover=\\"alert(8)", "https://example.org/" %>',
  '{{< figure src="a.png" alt="\\"><img src=x onerror=alert(9)>" >}}',
  '[x]({{ "javascript:alert(10)" | relative_url }})',
  '{% link javascript:alert(11) %}',
  '<a href="{{ "x" }}javascript:alert(12)">x</a>',
  '<a href="java{{ x }}script:alert(13)">x</a>',
  '<scr{{ x }}ipt>alert(14)</scr{{ x }}ipt>',
  '<img src=x on{{ x }}error=alert(15)>',
].join('\n\n');

describe('template tags that mean a link, an image or a warning', () => {
  it('render nothing that could run', async () => {
    const html = await page(HOSTILE);
    expect(html).not.toMatch(/(?:href|src)="\s*(?:javascript|data):|<script|\son[a-z]+=/i);
    // A tag's link target stays text where it is not a link (`{% link %}` of a javascript: address).
    expect(html).toContain('<p>/javascript:alert(11)</p>');
  });
});
