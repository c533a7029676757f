import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldSpoilers } from '../../src/lib/fold-spoilers.ts';

/** The implementation before it was made linear (it searched a copy of the rest of the headings for each one). */
function foldSpoilersBefore(html: string): string {
  const SPOILER = /\b(hints?|solutions?|answers?|spoilers?|sample solution|walkthrough)\b/i;
  const heading = /<h([23])\b[^>]*>([\s\S]*?)<\/h\1>/g;
  const marks: Array<{ start: number; end: number; level: number; text: string }> = [];
  for (const m of html.matchAll(heading)) {
    marks.push({
      start: m.index,
      end: m.index + m[0].length,
      level: Number(m[1]),
      text: m[2]!.replace(/<[^>]+>/g, '').trim(),
    });
  }
  let out = '';
  let cursor = 0;
  for (let i = 0; i < marks.length; i++) {
    const h = marks[i]!;
    if (h.start < cursor || !SPOILER.test(h.text)) continue;
    const next = marks.slice(i + 1).find((n) => n.level <= h.level);
    const end = next ? next.start : html.length;
    out += html.slice(cursor, h.start);
    out += `<details class="spoiler"><summary>${html.slice(h.start, h.end)}</summary>${html.slice(h.end, end)}</details>`;
    cursor = end;
  }
  return out + html.slice(cursor);
}

describe('folding kata spoilers', () => {
  // The quadratic version took 26 s on this input, and hit the timeout; the linear one takes a fraction of a second.
  it('folds 60,000 hint sections, each up to the next heading of its level', () => {
    const n = 60_000;
    const section = (i: number) => `<h2 id="h${i}">Hint ${i}</h2><p>Try ${i}.</p><h3>Step</h3><p>Detail.</p>`;
    const html = Array.from({ length: n }, (_, i) => section(i)).join('');
    const folded = foldSpoilers(html);
    expect(folded.match(/<details class="spoiler">/g)).toHaveLength(n);
    expect(folded).toBe(
      Array.from(
        { length: n },
        (_, i) =>
          `<details class="spoiler"><summary><h2 id="h${i}">Hint ${i}</h2></summary><p>Try ${i}.</p><h3>Step</h3><p>Detail.</p></details>`,
      ).join(''),
    );
  }, 10_000);

  it('gives what the quadratic version gave, on any sequence of headings and text', () => {
    const heading = fc.record({
      level: fc.constantFrom(2, 3, 4),
      text: fc.constantFrom(
        'Hint',
        'Hints',
        'Solution',
        'The exercise',
        'Answer 2',
        'Walkthrough',
        'Notes',
        'A <em>spoiler</em>',
        'Setup',
      ),
      after: fc.constantFrom('', '<p>text</p>', '<pre>code</pre>', '<ul><li>x</li></ul>'),
    });
    fc.assert(
      fc.property(fc.array(heading, { maxLength: 30 }), fc.constantFrom('', '<p>intro</p>'), (hs, intro) => {
        const html = intro + hs.map((h) => `<h${h.level} id="x">${h.text}</h${h.level}>${h.after}`).join('');
        expect(foldSpoilers(html)).toBe(foldSpoilersBefore(html));
      }),
      { seed: 16, numRuns: 2000 },
    );
  });
});
