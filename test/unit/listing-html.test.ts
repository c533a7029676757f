import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../src/lib/html.ts';

describe('html templates for long lists', () => {
  it('escapes every value as Astro escapes text, and inserts only what html made as it is', () => {
    const title = `<img src=x onerror="alert('1')"> & co`;
    const link = html`<a href="${'/x?a=1&b="2"'}">${title}</a>`;
    expect(link.toString()).toBe(
      '<a href="/x?a=1&amp;b=&quot;2&quot;">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co</a>',
    );
    expect(html`<li>${link}</li>`.toString()).toBe(`<li>${link.toString()}</li>`);
    // A string that looks like markup is text, wherever it comes from.
    expect(html`<p>${'<b>bold</b>'}</p>`.toString()).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
  });

  it('joins lists, and leaves nothing for undefined, null, false and empty strings, but keeps 0', () => {
    const items = ['a', 'b<'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.toString()).toBe('<ul><li>a</li><li>b&lt;</li></ul>');
    expect(html`[${undefined}${null}${false}${''}${0}]`.toString()).toBe('[0]');
  });

  it('cannot be faked by an object that only looks like its output', () => {
    const fake = { toString: () => '<script>alert(1)</script>' };
    expect(html`${fake}`.toString()).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`"'&<>`)).toBe('&quot;&#39;&amp;&lt;&gt;');
  });
});
