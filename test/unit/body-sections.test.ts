import { describe, expect, it } from 'vitest';
import { anchorRequirements, headingAnchors, placeUnderHeading, usableId } from '../../src/site/body-sections.ts';

const body = [
  '<h2 id="summary">Summary</h2><p>What happened.</p>',
  '<h2 id="action-items">Action <em>items</em></h2><ul><li>Fix it<ul><li>nested</li></ul></li><li>Drill</li></ul><p>After.</p>',
  '<h2 id="lessons">Lessons</h2><ul><li>Keep</li></ul>',
].join('');

describe('placing a structured field in the body section of the same name', () => {
  it('inserts right under the heading, matched by its text in any case', () => {
    const out = placeUnderHeading(body, 'ACTION ITEMS', '<table></table>');
    expect(out).toContain('Action <em>items</em></h2><table></table><ul><li>Fix it');
  });

  it('replaces the list the section opens with, nested lists and all, and leaves the next section alone', () => {
    const out = placeUnderHeading(body, 'Action items', '<table></table>', { replaceList: true })!;
    expect(out).toContain('</h2><table></table><p>After.</p><h2 id="lessons">Lessons</h2><ul><li>Keep</li></ul>');
    expect(out).not.toContain('Drill');
  });

  it('does not take a list from a later section when its own has none', () => {
    const html = '<h2 id="a">Action items</h2><h2 id="b">B</h2><ul><li>Keep</li></ul>';
    expect(placeUnderHeading(html, 'Action items', '<table></table>', { replaceList: true })).toBe(
      '<h2 id="a">Action items</h2><table></table><h2 id="b">B</h2><ul><li>Keep</li></ul>',
    );
  });

  it('leaves a section that lists its own items alone when asked, and says so when there is no heading', () => {
    expect(placeUnderHeading(body, 'Action items', '<ul></ul>', { unlessList: true })).toBeUndefined();
    expect(placeUnderHeading(body, 'Summary', '<ul></ul>', { unlessList: true })).toContain('Summary</h2><ul></ul>');
    expect(placeUnderHeading(body, 'Contributing factors', '<ul></ul>')).toBeUndefined();
  });
});

describe('requirement ids in the body', () => {
  it('gives the item stating a requirement its id and a link to itself', () => {
    const html = '<ul><li>Rotate keys <strong>yearly</strong>.</li><li>Other</li></ul>';
    const out = anchorRequirements(html, [{ id: 'SEC-002-R3', text: 'Rotate keys  yearly.' }]);
    expect(out.html).toBe(
      '<ul><li id="SEC-002-R3" class="requirement"><a class="req-id" href="#SEC-002-R3">SEC-002-R3</a> Rotate keys <strong>yearly</strong>.</li><li>Other</li></ul>',
    );
    expect([...out.placed]).toEqual(['SEC-002-R3']);
  });

  it("never lets a requirement take one of the page's own ids or break out of the attribute", () => {
    const html = '<ul><li>A</li><li>B</li><li>C</li><li>D</li></ul>';
    const hostile = [
      { id: 'theme', text: 'A' },
      { id: 'main', text: 'B' },
      { id: 'x" onclick="alert(1)', text: 'C' },
      { id: 'source-1', text: 'D' },
    ];
    const out = anchorRequirements(html, hostile);
    expect(out.html).toBe(html);
    expect(out.placed.size).toBe(0);
    expect(usableId('SEC-002-R3')).toBe(true);
  });

  it('places an id once when two items have the same text', () => {
    const out = anchorRequirements('<ul><li>A</li><li>A</li></ul>', [{ id: 'R1', text: 'A' }]);
    expect(out.html.match(/id="R1"/g)).toHaveLength(1);
  });
});

describe('heading anchors', () => {
  it('links every h2 and h3 with an id to itself and lists them, skipping headings without one', () => {
    const out = headingAnchors('<h2 id="a">A &amp; B</h2><h3 id="c">C</h3><h3>No id</h3><h4 id="d">D</h4>');
    expect(out.headings).toEqual([
      { id: 'a', text: 'A & B', level: 2 },
      { id: 'c', text: 'C', level: 3 },
    ]);
    expect(out.html).toContain(
      '<div class="heading-wrapper"><h2 id="a">A &amp; B</h2><a class="heading-anchor" href="#a" data-pagefind-ignore>',
    );
    expect(out.html).toContain('<span class="visually-hidden">Link to the section A &amp; B</span>');
    expect(out.html).toContain('<h3>No id</h3><h4 id="d">D</h4>');
  });

  it('leaves the heading of a folded section as it is, out of the contents', () => {
    const folded = '<details class="spoiler"><summary><h2 id="solution">Solution</h2></summary><p>x</p></details>';
    expect(headingAnchors(folded)).toEqual({ html: folded, headings: [] });
  });
});
