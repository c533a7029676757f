/**
 * Highlights the code blocks of sanitised HTML. Markdown is rendered with its code blocks left plain
 * (`<pre><code class="language-ts">…</code></pre>`), sanitised, and only then highlighted: the highlighter's
 * output is made by us from the block's text, so the sanitiser does not have to take apart hundreds of coloured
 * spans per page (a third of the time spent preparing a document), and the spans keep every style they are given.
 *
 * Only a block that is exactly a `pre` holding one `code` with text is highlighted; anything else (a `pre` with
 * attributes or markup inside, from raw HTML) stays as the sanitiser left it.
 */
import { decodeHtmlText } from './html.ts';

/** Turns the text of one code block into highlighted HTML (`<pre>…</pre>`); `lang` is `plaintext` when the block names none. */
export type HighlightBlock = (code: string, lang: string) => string | Promise<string>;

const PLAIN_BLOCK = /<pre><code(?: class="language-([^"]*)")?>([^<]*)<\/code><\/pre>/g;

/**
 * Replaces each plain code block of `html` with `highlight`'s output. Blocks whose language is in `excluded`
 * (Astro leaves `math` for a math renderer, for example) stay plain. The block's trailing newline is dropped,
 * as Astro's renderer does before highlighting.
 */
/** Characters of code highlighted per document: highlighting multiplies a block's size about thirteen times and costs seconds per megabyte, so beyond this blocks stay plain. */
export const HIGHLIGHT_BUDGET = 100_000;

export async function highlightCodeBlocks(
  html: string,
  highlight: HighlightBlock,
  excluded: readonly string[] = [],
  budget = HIGHLIGHT_BUDGET,
): Promise<string> {
  if (!html.includes('<pre><code')) return html;
  let out = '';
  let cursor = 0;
  let left = budget;
  for (const m of html.matchAll(PLAIN_BLOCK)) {
    const lang = m[1] === undefined ? 'plaintext' : decodeHtmlText(m[1]);
    if (excluded.includes(lang)) continue;
    const code = decodeHtmlText(m[2]!).replace(/\n$/, '');
    if (code.length > left) continue;
    left -= code.length;
    out += html.slice(cursor, m.index) + (await highlight(code, lang));
    cursor = m.index + m[0].length;
  }
  return cursor === 0 ? html : out + html.slice(cursor);
}
