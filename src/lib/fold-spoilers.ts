/**
 * Folds a kata's hints and solutions into closed `<details>`, so that the page does not spoil the exercise.
 * Works on rendered HTML: a section starts at an h2/h3 whose text names a hint, solution or answer, and runs
 * to the next heading of the same or a higher level.
 */
const SPOILER = /\b(hints?|solutions?|answers?|spoilers?|sample solution|walkthrough)\b/i;

export function foldSpoilers(html: string): string {
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
  // Where each section ends: the next heading of the same or a higher level, found in one backward pass.
  const ends = new Array<number>(marks.length);
  const nextAt = [html.length, html.length, html.length, html.length];
  for (let i = marks.length - 1; i >= 0; i--) {
    const h = marks[i]!;
    ends[i] = Math.min(...nextAt.slice(0, h.level + 1));
    nextAt[h.level] = h.start;
  }
  let out = '';
  let cursor = 0;
  for (let i = 0; i < marks.length; i++) {
    const h = marks[i]!;
    if (h.start < cursor || !SPOILER.test(h.text)) continue;
    const end = ends[i]!;
    out += html.slice(cursor, h.start);
    out += `<details class="spoiler"><summary>${html.slice(h.start, h.end)}</summary>${html.slice(h.end, end)}</details>`;
    cursor = end;
  }
  return out + html.slice(cursor);
}
