import { describe, expect, it } from 'vitest';
import { levelHeadings, scrollableTables } from '../../src/lib/accessible-body.ts';
import { sanitizeRendered } from '../../src/lib/sanitize-rendered.ts';

describe('levelHeadings', () => {
  it('moves up a heading that skips levels, counting from the page’s h1, and lets headings go back up', () => {
    expect(levelHeadings('<h3 id="a">A</h3><h2>B</h2><h4 id="c">C</h4><h6>D</h6><h2>E</h2>')).toBe(
      '<h2 id="a">A</h2><h2>B</h2><h3 id="c">C</h3><h4>D</h4><h2>E</h2>',
    );
  });

  it('leaves an outline without gaps as it is', () => {
    const html = '<h2>A</h2><h3>B</h3><h4>C</h4><h3>D</h3><h2>E</h2><h3>F</h3>';
    expect(levelHeadings(html)).toBe(html);
  });

  it('changes no text: a heading written in code or an attribute stays', () => {
    const html = sanitizeRendered('<h4 title="<h4>">x</h4><pre><code>&lt;h6&gt;</code></pre><p>&lt;h5&gt;</p>');
    expect(levelHeadings(html)).toBe(html.replace('<h4 ', '<h2 ').replace('</h4>', '</h2>'));
  });
});

describe('scrollableTables', () => {
  it('puts every table in a focusable, named region', () => {
    expect(scrollableTables('<table><tr><td>a</td></tr></table><p>b</p>')).toBe(
      '<div class="table-scroll" tabindex="0" role="region" aria-label="Table"><table><tr><td>a</td></tr></table></div><p>b</p>',
    );
  });
});
