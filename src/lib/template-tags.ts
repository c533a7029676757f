/**
 * Template tags of other site generators taken out of a Markdown body, so that a page never shows them as text:
 * ERB (`<%= … %>`, Middleman), Liquid (`{{ … }}`, `{% … %}`, Jekyll), Jinja (also `{# … #}`) and Hugo shortcodes
 * (`{{< … >}}`, `{{% … %}}`). In code spans and code blocks a tag is an example the author shows: it stays.
 *
 * A tag whose meaning is plain becomes that (`{{< ref "x.md" >}}` → `x.md`, `{{< figure src="a.png" >}}` → an
 * image, `{% highlight ruby %}` a fenced code block); comments go with their content; `{% raw %}` keeps its
 * content, its tags as code spans. Line numbers are kept: a removed tag keeps its newlines, and a heading or line
 * that was only tags becomes an empty line (a heading made of tags is gone; the page shows the title).
 * One pass, linear in the body's length: each closer is searched for from a position past its last search.
 */
import { parseMarkdownTree } from './body-structure.ts';

export interface TemplateTags {
  body: string;
  /** Tags removed or turned into what they mean. */
  removed: number;
  /** The first of them as written (cut to about 60 characters), with its 0-based line in the body. */
  first?: { text: string; line: number };
}

/** A tag longer than this (from its opener to its closer) is taken for stray text: only its opener goes. */
export const MAX_TAG_CHARS = 4000;

const MAY_HOLD = /<%|\{\{|\{%|\{#/;

type Range = [number, number];

/** Code spans and code blocks of `body`, in order, as offsets. */
function codeRanges(body: string): Range[] {
  const ranges: Range[] = [];
  type Node = { type: string; position?: { start: { offset?: number }; end: { offset?: number } }; children?: Node[] };
  // Depth-first, in document order, without recursion.
  const stack: Node[] = [parseMarkdownTree(body) as unknown as Node];
  while (stack.length) {
    const n = stack.pop()!;
    const start = n.position?.start.offset;
    const end = n.position?.end.offset;
    if ((n.type === 'code' || n.type === 'inlineCode') && start !== undefined && end !== undefined) {
      ranges.push([start, end]);
      continue;
    }
    const children = n.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return ranges;
}

/** `indexOf` for searches whose start only grows: an answer is reused while it still lies ahead, so the whole scan stays linear. */
function forwardFinder(find: (from: number) => number): (from: number) => number {
  let lastFrom = -1;
  let last = -1;
  return (from) => {
    if (lastFrom >= 0 && from >= lastFrom && (last === -1 || last >= from)) return last;
    lastFrom = from;
    last = find(from);
    return last;
  };
}

function regexFinder(body: string, source: string): (from: number) => { at: number; end: number } | undefined {
  const re = new RegExp(source, 'g');
  let match: { at: number; end: number } | undefined;
  const find = forwardFinder((from) => {
    re.lastIndex = from;
    const m = re.exec(body);
    match = m ? { at: m.index, end: m.index + m[0].length } : undefined;
    return m ? m.index : -1;
  });
  return (from) => (find(from) === -1 ? undefined : match);
}

/** Only the newlines of `text`: what a removed tag leaves, so that the lines after it keep their numbers. */
const newlinesOf = (text: string) => text.replace(/[^\n]+/g, '');

/**
 * `text` as a code span, or undefined when it cannot be one (a blank line ends a paragraph). Its fence is a run of
 * backticks longer than any in `text` and of a length found nowhere in the body (`runs`), so that no stray
 * backtick of the body can pair with it.
 */
function codeSpan(text: string, runs: Set<number>): string | undefined {
  if (/\n[ \t]*\n/.test(text)) return undefined;
  let size = 1;
  for (const run of text.match(/`+/g) ?? []) size = Math.max(size, run.length + 1);
  while (runs.has(size)) size++;
  const fence = '`'.repeat(size);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A link target or image source from inside a tag: one token, nothing that could open another tag. */
function plainTarget(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!v || v.length > 2000 || /[\s<>"'`{}\\]|%>|<%/.test(v)) return undefined;
  return v;
}

const QUOTED = String.raw`(?:"([^"\n]*)"|'([^'\n]*)')`;
const REF = new RegExp(String.raw`^\s*(?:rel)?ref\s+(?:path=)?${QUOTED}\s*$`);
const URL_FILTER = new RegExp(
  String.raw`^\s*${QUOTED}\s*\|\s*(?:relative_url|absolute_url|relURL|absURL|relLangURL|absLangURL|prepend:\s*site\.(?:baseurl|url))\s*$`,
);
const URL_FUNCTION = new RegExp(String.raw`^\s*(?:relURL|absURL|relLangURL|absLangURL)\s+${QUOTED}\s*$`);
const LIQUID_LINK = /^\s*link\s+(\S+)\s*$/;
// Matched against the trimmed tag, with no two quantifiers side by side that could take the same spaces (a long
// run of them would be tried in every split).
const ERB_LINK = new RegExp(String.raw`^=[\s(]*link_to[\s(]+${QUOTED}\s*,\s*${QUOTED}[\s)]*$`);
const ERB_IMAGE = new RegExp(String.raw`^=[\s(]*image_tag[\s(]+${QUOTED}(?:[\s,)][^%]*)?$`);
const ERB_PATH = new RegExp(String.raw`^=[\s(]*(?:image_path|asset_path|url_for)[\s(]+${QUOTED}[\s)]*$`);
/** GOV.UK tech docs' warning callout: its text is for readers. */
const ERB_WARNING = new RegExp(String.raw`^=[\s(]*warning_text[\s(]+${QUOTED}[\s)]*$`);
const FIGURE = /^\s*figure\s/;
const HIGHLIGHT = /^[-~]?\s*highlight(?:\s+([^\s"'`]+))?[^`\n]*$/;

function attribute(inner: string, name: string): string | undefined {
  const m = new RegExp(String.raw`(?:^|\s)${name}=${QUOTED}`).exec(inner);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Link text or image alt text from a tag: one line, brackets escaped. */
const linkText = (text: string) => text.replace(/\s+/g, ' ').replace(/[[\]\\]/g, '\\$&');

const quoted = (m: RegExpExecArray | null, at = 1) => (m ? (m[at] ?? m[at + 1]) : undefined);

/** What a tag means in Markdown, when that is plain: a link target, an image, a link. */
function meaningOf(open: string, inner: string): string | undefined {
  if (open === '{{<' || open === '{{%') {
    const ref = plainTarget(quoted(REF.exec(inner)));
    if (ref) return ref;
    if (FIGURE.test(inner)) {
      const src = plainTarget(attribute(inner, 'src'));
      const alt = attribute(inner, 'alt') ?? attribute(inner, 'caption') ?? attribute(inner, 'title') ?? '';
      return src ? `![${linkText(alt)}](${src})` : undefined;
    }
    return undefined;
  }
  const bare = inner.replace(/^[-~+]/, '').replace(/[-~+]$/, '');
  if (open === '{{') return plainTarget(quoted(URL_FILTER.exec(bare)) ?? quoted(URL_FUNCTION.exec(bare)));
  if (open === '{%') return plainTarget(LIQUID_LINK.exec(bare)?.[1]);
  if (open === '<%') {
    const erb = inner.trim();
    const link = ERB_LINK.exec(erb);
    const href = plainTarget(quoted(link, 3));
    if (link && href) return `[${linkText(quoted(link) ?? '')}](${href})`;
    const src = plainTarget(quoted(ERB_IMAGE.exec(erb)));
    if (src) return `![](${src})`;
    const target = plainTarget(quoted(ERB_PATH.exec(erb)));
    if (target) return target;
    const warning = quoted(ERB_WARNING.exec(erb))?.trim();
    if (warning && warning.length <= 2000 && !/\{\{|\{%|<%/.test(warning)) return `**Warning:** ${warning}`;
  }
  return undefined;
}

/**
 * Characters a removal must not join: side by side they open a tag, make a longer run of backticks (which changes
 * where code spans end) or escape a backtick.
 */
function mustNotJoin(a: string, b: string): boolean {
  return (
    (a === '{' && (b === '{' || b === '%')) || (a === '<' && b === '%') || (b === '`' && (a === '`' || a === '\\'))
  );
}

/** An ATX heading with no text (`#`, `## ##`), or an HTML heading element with nothing in it, once trimmed. */
const EMPTY_HEADING = /^(?:#{1,6}(?:[ \t]+#+)?|<(h[1-6])\b[^>]*>[ \t]*<\/\1>)$/i;
const emptyHeading = (line: string) => /^ {0,3}[#<]/.test(line) && EMPTY_HEADING.test(line.trim());
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;

/** Lines that only held tags become empty, headings left without text go, and no line is indented more than before. */
function tidyLines(before: string, after: string): string {
  const old = before.split('\n');
  const lines = after.split('\n');
  if (old.length !== lines.length) return after;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const was = old[i]!;
    if (line === was) continue;
    if (line.trim() === '' || emptyHeading(line)) {
      lines[i] = '';
      // A setext heading whose text was only tags: its underline goes too.
      const alone = i === 0 || old[i - 1]!.trim() === '';
      if (was.trim() && alone && i + 1 < lines.length && SETEXT_UNDERLINE.test(old[i + 1]!)) lines[++i] = '';
      continue;
    }
    // A tag at the start of a line must not leave it indented into a code block.
    const wasIndent = /^[ \t]*/.exec(was)![0].length;
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (indent > wasIndent) lines[i] = line.slice(0, wasIndent) + line.slice(indent);
  }
  return lines.join('\n');
}

const CLOSERS: Record<string, string> = { '<%': '%>', '{%': '%}', '{#': '#}', '{{': '}}', '{{<': '>}}', '{{%': '%}}' };

export function stripTemplateTags(body: string): TemplateTags {
  if (!MAY_HOLD.test(body)) return { body, removed: 0 };
  const code = codeRanges(body);
  const closers = new Map(
    Object.entries(CLOSERS).map(([open, close]) => [open, forwardFinder((from) => body.indexOf(close, from))]),
  );
  const endComment = regexFinder(body, String.raw`\{%[-~]?\s{0,40}endcomment\s{0,40}[-~]?%\}`);
  const endRaw = regexFinder(body, String.raw`\{%[-~]?\s{0,40}endraw\s{0,40}[-~]?%\}`);
  const endHighlight = {
    '{%': regexFinder(body, String.raw`\{%[-~]?\s{0,40}endhighlight\s{0,40}[-~]?%\}`),
    '{{': regexFinder(body, String.raw`\{\{[<%]\s{0,40}/highlight\s{0,40}[>%]\}\}`),
  };
  /** Where the code of a highlight block ends (the start of its closing tag's line), when both tags are alone on their lines. */
  const highlightBlock = (open: string, start: number, end: number) => {
    const endTag = endHighlight[open === '{%' ? '{%' : '{{'](end);
    if (!endTag || inCode(endTag.at)) return undefined;
    // The start of the tag's line when at most three spaces come before it and only blanks after (looked at
    // near the tag only: a long line of tags must not be read back once per tag).
    const alone = (from: number, to: number) => {
      let lineStart = from;
      while (lineStart > 0 && from - lineStart < 3 && body[lineStart - 1] === ' ') lineStart--;
      const atLineStart = lineStart === 0 || body[lineStart - 1] === '\n';
      return atLineStart && /^[ \t]*(?:\n|$)/.test(body.slice(to, to + 200)) ? lineStart : -1;
    };
    if (alone(start, end) === -1) return undefined;
    const closeLine = alone(endTag.at, endTag.end);
    return closeLine > end ? { closeLine, at: endTag.at, end: endTag.end } : undefined;
  };
  const inCode = (offset: number) => {
    let lo = 0;
    let hi = code.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < code[mid]![0]) hi = mid - 1;
      else if (offset >= code[mid]![1]) lo = mid + 1;
      else return true;
    }
    return false;
  };
  // Lengths of the backtick runs of the body (a few dozen at most), for the fences of code spans made here;
  // a run after a backslash is one shorter.
  const runs = new Set((body.match(/`+/g) ?? []).flatMap((r) => [r.length, r.length - 1]));

  const out: string[] = [];
  let last = '';
  const emit = (text: string) => {
    if (!text) return;
    if (mustNotJoin(last, text[0]!)) out.push(' ');
    out.push(text);
    last = text.at(-1)!;
  };
  let removed = 0;
  let first: TemplateTags['first'];
  const count = (at: number, text: string) => {
    removed++;
    if (first) return;
    let line = 0;
    for (let i = body.indexOf('\n'); i !== -1 && i < at; i = body.indexOf('\n', i + 1)) line++;
    const shown = text.replace(/\s+/g, ' ').trim();
    first = { text: shown.length > 60 ? `${shown.slice(0, 60)}…` : shown, line };
  };

  let pos = 0; // what is before `pos` is emitted
  let ci = 0; // the first code range that does not end before `i`
  let rawUntil = -1; // inside `{% raw %}`: its content ends here, where `{% endraw %}` starts
  let rawEnd = -1;
  let i = 0;
  while (i < body.length) {
    if (rawUntil >= 0 && i >= rawUntil) {
      emit(body.slice(pos, rawUntil));
      count(rawUntil, body.slice(rawUntil, rawEnd));
      pos = i = rawEnd;
      rawUntil = rawEnd = -1;
      continue;
    }
    while (ci < code.length && code[ci]![1] <= i) ci++;
    if (ci < code.length && code[ci]![0] <= i) {
      i = code[ci]![1];
      continue;
    }
    const c = body[i];
    const d = body[i + 1];
    if (!((c === '{' && (d === '{' || d === '%' || d === '#')) || (c === '<' && d === '%'))) {
      i++;
      continue;
    }
    const e = body[i + 2];
    const open = c === '{' && d === '{' && (e === '<' || e === '%') ? `{{${e}` : c + d;
    const close = CLOSERS[open]!;
    const at = closers.get(open)!(i + open.length);
    const end = at + close.length;
    const limit = rawUntil >= 0 ? rawUntil : body.length;
    const closed = at !== -1 && end - i <= MAX_TAG_CHARS && end <= limit && (ci >= code.length || code[ci]![0] >= end);
    if (!closed) {
      // A Jinja comment opener is also Markdown's `{#id}` heading attribute: text. Any other opener goes.
      if (open === '{#') {
        i += 2;
        continue;
      }
      emit(body.slice(pos, i));
      count(i, body.slice(i, i + 2));
      pos = i += 2;
      continue;
    }
    const start = i;
    const text = body.slice(i, end);
    const inner = body.slice(i + open.length, at);
    emit(body.slice(pos, i));
    count(i, text);
    pos = i = end;
    if (rawUntil >= 0) {
      // Inside `{% raw %}` the author shows tags on purpose: as code.
      const span = codeSpan(text, runs);
      emit(span ?? newlinesOf(text));
      continue;
    }
    if (open === '{{<' || open === '{{%') {
      // `{{</* x */>}}` is Hugo's way to show a shortcode as written.
      const escaped = /^\/\*([\s\S]*)\*\/$/.exec(inner);
      if (escaped) {
        emit(codeSpan(`${open}${escaped[1]}${close}`, runs) ?? newlinesOf(text));
        continue;
      }
    }
    const highlight = open === '{{' ? null : HIGHLIGHT.exec(inner);
    const block = highlight && highlightBlock(open, start, end);
    if (highlight && block) {
      // Jekyll's `{% highlight ruby %}` and Hugo's `{{< highlight go >}}` hold code: a fenced code block.
      const shown = body.slice(end, block.closeLine);
      let size = 3;
      for (const run of shown.match(/`{3,}/g) ?? []) size = Math.max(size, run.length + 1);
      const fence = '`'.repeat(size);
      emit(`${fence}${/^[\w+#.-]{1,40}$/.test(highlight[1] ?? '') ? highlight[1] : ''}`);
      emit(shown);
      emit(body.slice(block.closeLine, block.at));
      emit(fence);
      count(block.at, '');
      pos = i = block.end;
      continue;
    }
    if (open === '{%') {
      const name = /^[-~]?\s*(\w+)/.exec(inner)?.[1];
      if (name === 'comment') {
        const endTag = endComment(end);
        if (endTag && !inCode(endTag.at)) {
          emit(newlinesOf(body.slice(end, endTag.end)));
          count(endTag.at, '');
          pos = i = endTag.end;
          continue;
        }
      } else if (name === 'raw') {
        const endTag = endRaw(end);
        if (endTag && !inCode(endTag.at)) {
          rawUntil = endTag.at;
          rawEnd = endTag.end;
          continue;
        }
      }
    }
    emit(meaningOf(open, inner) ?? newlinesOf(text));
  }
  emit(body.slice(pos));
  if (!removed) return { body, removed: 0 };
  return { body: splitOpeners(tidyLines(body, out.join(''))), removed, first };
}

/**
 * A removal can change what is code (a tag before `~~~` on a line hid a fence): an opener that was in code and no
 * longer is gets a space (`{ {`), which changes no code span or block, rather than another pass.
 */
function splitOpeners(body: string): string {
  if (!/<%|\{\{|\{%/.test(body)) return body;
  const code = codeRanges(body);
  const out: string[] = [];
  let pos = 0;
  let ci = 0;
  for (let i = 0; i < body.length - 1; i++) {
    while (ci < code.length && code[ci]![1] <= i) ci++;
    if (ci < code.length && code[ci]![0] <= i) {
      i = code[ci]![1] - 1;
      continue;
    }
    if (mustNotJoin(body[i]!, body[i + 1]!) && body[i + 1] !== '`') {
      out.push(body.slice(pos, i + 1), ' ');
      pos = i + 1;
    }
  }
  out.push(body.slice(pos));
  return out.join('');
}
