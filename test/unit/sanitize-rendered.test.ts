import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_IDS, sanitizeRendered } from '../../src/lib/sanitize-rendered.ts';

const stylesheet = readFileSync(path.resolve(import.meta.dirname, '../../src/styles/site.css'), 'utf8');
const siteClasses = [...new Set([...stylesheet.matchAll(/\.([a-zA-Z][\w-]*)/g)].map((m) => m[1]!))];

describe("classes and ids in a document's HTML", () => {
  it("drops every class of the site's own stylesheet, on every tag", () => {
    expect(siteClasses).toContain('skip-link');
    for (const tag of ['pre', 'code', 'span', 'div', 'section', 'details', 'sup', 'p', 'ul', 'li', 'a', 'table']) {
      for (const cls of siteClasses) {
        const out = sanitizeRendered(`<${tag} class="${cls}" tabindex="0">x</${tag}>`);
        expect(out, `${tag}.${cls}`).not.toContain('class=');
      }
    }
    expect(sanitizeRendered('<pre class="skip-link" tabindex="0">x</pre>')).toBe('<pre tabindex="0">x</pre>');
    expect(sanitizeRendered('<pre tabindex="-5">x</pre>')).not.toContain('-5');
  });

  it('keeps the classes Markdown and Shiki write', () => {
    const html =
      '<ul class="contains-task-list"><li class="task-list-item">a</li></ul><pre class="astro-code github-dark"><code class="language-ts"><span class="line">x</span></code></pre><section class="footnotes">n</section>';
    expect(sanitizeRendered(html)).toBe(html);
  });

  it('drops roles, so that a document cannot add landmarks or dialogs to the page', () => {
    expect(
      sanitizeRendered('<div role="banner">a</div><p role="dialog">b</p><section role="navigation">c</section>'),
    ).toBe('<div>a</div><p>b</p><section>c</section>');
  });

  it("drops ids the site's own pages use", () => {
    expect(sanitizeRendered('<h2 id="main">a</h2><p id="q">b</p><p id="source-x">c</p><h2 id="summary">d</h2>')).toBe(
      '<h2>a</h2><p>b</p><p>c</p><h2 id="summary">d</h2>',
    );
  });

  it("knows every literal id of the site's own pages", () => {
    const src = path.resolve(import.meta.dirname, '../../src');
    const files = readdirSync(src, { recursive: true })
      .map(String)
      .filter((f) => /\.(astro|ts)$/.test(f));
    const ids = new Set(
      files.flatMap((f) => [...readFileSync(path.join(src, f), 'utf8').matchAll(/\bid="([\w-]+)"/g)].map((m) => m[1]!)),
    );
    expect([...ids].filter((id) => !SITE_IDS.includes(id))).toEqual([]);
  });
});

describe("a task list's checkboxes", () => {
  it('are named by their state, whatever name the document gave them', () => {
    expect(
      sanitizeRendered(
        '<li><input type="checkbox" disabled checked> a</li><li><input type="checkbox" disabled aria-label="x"> b</li>',
      ),
    ).toBe(
      '<li><input type="checkbox" disabled checked aria-label="done" /> a</li><li><input type="checkbox" disabled aria-label="not done" /> b</li>',
    );
  });
});
