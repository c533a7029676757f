/**
 * What a document's sanitised HTML needs to read well with assistive technology, added after sanitising (the
 * markup is ours, never the document's): headings that descend one level at a time, and tables that scroll
 * sideways in a box the keyboard can focus.
 */

const HEADING_TAG = /<(\/?)h([1-6])\b/g;

/**
 * Moves up each heading that skips levels (`## A` then `#### B` becomes h2 then h3), counting from the page's
 * h1, so that the body's outline has no gap (WCAG 1.3.1, axe's heading-order). A heading may always go back up.
 * Sanitised HTML escapes `<` in text and attributes, so every match is a tag.
 */
export function levelHeadings(html: string): string {
  let previous = 1;
  const open: number[] = [];
  return html.replace(HEADING_TAG, (_tag, closing: string, digit: string) => {
    if (closing) return `</h${open.pop() ?? digit}`;
    const level = Math.min(Number(digit), previous + 1);
    previous = level;
    open.push(level);
    return `<h${level}`;
  });
}

/**
 * Wraps each table in a focusable, named region that scrolls it sideways, so that a table wider than a phone
 * can be scrolled with the keyboard (axe's scrollable-region-focusable).
 */
export function scrollableTables(html: string): string {
  if (!html.includes('<table')) return html;
  return html
    .replace(/<table\b/g, '<div class="table-scroll" tabindex="0" role="region" aria-label="Table"><table')
    .replace(/<\/table>/g, '</table></div>');
}
