/**
 * Two audiences from the same sources: `internal` (default) builds everything; `public` builds only documents marked
 * `visibility: public`, without their internal regions and internal-only fields.
 */
export type Audience = 'internal' | 'public';

export function audienceFromEnv(env: NodeJS.ProcessEnv = process.env): Audience {
  const value = (env.KNOWLEDGE_AUDIENCE ?? 'internal').trim().toLowerCase();
  if (value !== 'internal' && value !== 'public') {
    throw new Error(`KNOWLEDGE_AUDIENCE must be "internal" or "public", found "${env.KNOWLEDGE_AUDIENCE}"`);
  }
  return value;
}

const MARKER = /<!--[ \t]*(\/?)internal[ \t]*-->/gi;

export type Regions = { ok: true; body: string; removed: string[] } | { ok: false; line: number; message: string };

/** Letters that look like those of "internal" (Cyrillic, Greek, digits), folded so that a look-alike marker is caught. */
const LOOKALIKE: Record<string, string> = {
  і: 'i',
  ı: 'i',
  ι: 'i',
  ӏ: 'l',
  '1': 'l',
  '|': 'l',
  е: 'e',
  а: 'a',
  α: 'a',
  г: 'r',
  т: 't',
  τ: 't',
  п: 'n',
  ո: 'n',
  η: 'n',
  ɑ: 'a',
};

const LOOKALIKES = new RegExp(
  `[${Object.keys(LOOKALIKE)
    .join('')
    .replace(/[|\]\\^-]/g, '\\$&')}]`,
  'gu',
);

/** A line as a reader sees it: compatibility forms folded (`＜` → `<`), invisible characters dropped, entities decoded, look-alikes folded. */
function skeleton(line: string): string {
  const ascii = /^[\x00-\x7f]*$/.test(line);
  return (
    // eslint-disable-next-line no-misleading-character-class -- each invisible character is listed on purpose, combining ones included
    (ascii ? line : line.normalize('NFKC').replace(/[\p{Cf}\p{Mn}\p{Cc}\u00ad\u034f\u115f\u1160\u3164\uffa0]/gu, ''))
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
      .replace(/&(?:lt|#0*60|#x0*3c);/gi, '<')
      .replace(/&(?:gt|#0*62|#x0*3e);/gi, '>')
      .replace(/&(?:excl|#0*33|#x0*21);/gi, '!')
      .toLowerCase()
      .replace(LOOKALIKES, (c) => LOOKALIKE[c]!)
  );
}

/** Something a writer may have meant as a region marker: `<!` then "internal" on a line, or "internal" then `->`. */
const LOOKS_LIKE_MARKER = /<\s*!.{0,16}?i\W*n\W*t\W*e\W*r\W*n\W*a\W*l|i\W*n\W*t\W*e\W*r\W*n\W*a\W*l\W*-\s*>/;

/** The 0-based line of an offset, by binary search over line starts (a body may hold thousands of markers). */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

/** True when `offset` is inside one of `ranges` (sorted, not overlapping). */
function inRanges(ranges: CodeRanges, offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = ranges[mid]!;
    if (offset < s) hi = mid - 1;
    else if (offset >= e) lo = mid + 1;
    else return true;
  }
  return false;
}

/** A line without any of these cannot look like a marker (all forms of `<`, `>` and `&` for entities). */
const MAY_HOLD_MARKER = /[<>&\uff1c\uff1e\ufe64\ufe65]/;

/** Shows invisible and non-ASCII characters of a found marker as `\u200b`, so that the message shows what is wrong. */
function shown(text: string): string {
  const t = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return t.replace(/[^\x20-\x7e…]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** Offsets (UTF-16) of code spans and code blocks (`true` third: a fence never closed): a marker there is text. */
export type CodeRanges = Array<[number, number, boolean?]>;

/**
 * Marker-like text outside code that is not exactly `<!-- internal -->` or `<!-- /internal -->` (ASCII, spaces or
 * tabs only, one line): a public build must fail on it rather than publish what the writer meant to hide.
 */
export function findNearMisses(
  text: string,
  code: CodeRanges = [],
  lineOffset = 1,
): Array<{ line: number; found: string }> {
  const chars = text.split('');
  for (const [s, e] of code) for (let i = s; i < e && i < chars.length; i++) if (chars[i] !== '\n') chars[i] = ' ';
  const masked = chars.join('').replace(MARKER, (m) => ' '.repeat(m.length));
  const out: Array<{ line: number; found: string }> = [];
  const lines = masked.split('\n');
  const original = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (MAY_HOLD_MARKER.test(line) && LOOKS_LIKE_MARKER.test(skeleton(line)))
      out.push({ line: i + lineOffset, found: markerIn(original[i]!) });
  }
  // A comment across lines that mentions internal (`<!--\ninternal\n-->`).
  const lineOf = lineIndex(masked);
  for (const m of masked.matchAll(/<!--[\s\S]*?(?:-->|$)/g)) {
    if (!m[0].includes('\n') || !/i\W*n\W*t\W*e\W*r\W*n\W*a\W*l/.test(skeleton(m[0]))) continue;
    const line = lineOf(m.index) + lineOffset;
    if (!out.some((o) => o.line === line))
      out.push({
        line,
        found: text
          .slice(m.index, m.index + m[0].length)
          .replace(/\s+/g, ' ')
          .trim(),
      });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** The marker-like part of a line (`<!-- internal: x -->`), so that a message does not repeat the text around it. */
function markerIn(line: string): string {
  for (const m of line.matchAll(/(?:<|&lt;|\uff1c)[^>\uff1e]*?(?:>|&gt;|\uff1e|$)/gi)) {
    if (/i\W*n\W*t\W*e\W*r\W*n\W*a\W*l/.test(skeleton(m[0]))) return m[0].trim();
  }
  return line.trim();
}

/** False when `text` holds nothing marker-like, in code or not: then its code need not be located. */
export function mayHoldMarkers(text: string): boolean {
  return /<!--[ \t]*\/?internal[ \t]*-->/i.test(text) || findNearMisses(text).length > 0;
}

export function nearMissMessage(found: string): string {
  return `expected an internal region marker written exactly \`<!-- internal -->\` or \`<!-- /internal -->\` (ASCII, on one line, outside code), found "${shown(found)}"; write the marker exactly so, or remove it`;
}

/** How many region markers of `body` are inside its `code` ranges (text there, not markers). */
export function markersInCode(body: string, code: CodeRanges = []): number {
  const sorted = [...code].sort((a, b) => a[0] - b[0]);
  return [...body.matchAll(MARKER)].filter((m) => inRanges(sorted, m.index)).length;
}

/**
 * Removes every region between `<!-- internal -->` and `<!-- /internal -->`: alone on lines (in a blockquote or list
 * item too: the whole lines go) or inline, within a line or across lines. Markers in `code` ranges are text.
 * `lineOffset` is the file line of the body's first line. An unclosed, stray or near-miss marker is an error: a leak
 * must never be a typo away.
 */
export function stripInternalRegions(body: string, lineOffset = 1, code: CodeRanges = []): Regions {
  const lineOf = lineIndex(body);
  const lineAt = (offset: number) => lineOf(offset) + lineOffset;
  const sorted = [...code].sort((a, b) => a[0] - b[0]);
  const inCode = (offset: number) => inRanges(sorted, offset);
  // A fence left open runs to the end and would turn the markers after it into text, published as code.
  for (const [s, e, unclosed] of code) {
    const inside = body.slice(s, e);
    if (unclosed && (/<!--[ \t]*\/?internal[ \t]*-->/i.test(inside) || findNearMisses(inside).length)) {
      return {
        ok: false,
        line: lineAt(s),
        message:
          'the code block opened here is never closed, and region markers after it would be published as code; close it with a fence line',
      };
    }
  }
  const nearMiss = findNearMisses(body, code, lineOffset)[0];
  if (nearMiss) return { ok: false, line: nearMiss.line, message: nearMissMessage(nearMiss.found) };
  const markers = [...body.matchAll(MARKER)].filter((m) => !inCode(m.index));
  const kept: string[] = [];
  const removed: string[] = [];
  let at = 0;
  for (let i = 0; i < markers.length; i += 2) {
    const open = markers[i]!;
    const close = markers[i + 1];
    if (open[1] === '/')
      return {
        ok: false,
        line: lineAt(open.index),
        message: 'an <!-- /internal --> closes a region that was never opened',
      };
    if (!close)
      return {
        ok: false,
        line: lineAt(open.index),
        message: 'the <!-- internal --> region opened here is never closed with <!-- /internal -->',
      };
    if (close[1] !== '/')
      return {
        ok: false,
        line: lineAt(close.index),
        message: `an <!-- internal --> region opens inside the one opened on line ${lineAt(open.index)}`,
      };
    let start = open.index;
    let end = close.index + close[0].length;
    // A marker alone on its line (after a `>` or list prefix): the region takes whole lines, as it always did.
    const lineStart = body.lastIndexOf('\n', start - 1) + 1;
    const closeLineStart = body.lastIndexOf('\n', close.index - 1) + 1;
    const lineEnd = body.indexOf('\n', end) < 0 ? body.length : body.indexOf('\n', end);
    // Prefixes are short: a long one is read as inline (the two runs of the pattern would be quadratic on it).
    const alone = (s: number, e: number, from: number, to: number) =>
      s - from <= 200 &&
      to - e <= 200 &&
      /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t>]*$/.test(body.slice(from, s)) &&
      /^[ \t]*$/.test(body.slice(e, to));
    const openLineEnd = body.indexOf('\n', start) < 0 ? body.length : body.indexOf('\n', start);
    if (
      alone(start, open.index + open[0].length, lineStart, openLineEnd) &&
      alone(close.index, end, closeLineStart, lineEnd)
    ) {
      start = lineStart;
      end = Math.min(lineEnd + 1, body.length);
    }
    kept.push(body.slice(at, start));
    removed.push(body.slice(open.index + open[0].length, close.index));
    at = end;
  }
  kept.push(body.slice(at));
  return { ok: true, body: kept.join(''), removed };
}

/** Pieces of removed text long enough to be recognised if they leaked: lines stripped of Markdown marks. */
/** Canaries kept per document: the guard's time grows with their number times the output's size. */
export const CANARIES_PER_DOCUMENT = 500;

export function canaryStrings(texts: string[], minLength = 12): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const raw of text.split('\n')) {
      if (out.size >= CANARIES_PER_DOCUMENT) return [...out];
      const line = raw
        .replace(/^[\s>*+-]*(\d+\.)?\s*/, '')
        .replace(/[*_`~#|[\]]/g, '')
        .replace(/\(https?:[^()]*\)/g, '')
        .replace(/\s+/g, ' ')
        .trim();
      if (line.length >= minLength) out.add(line.length > 80 ? line.slice(0, 80) : line);
    }
  }
  return [...out];
}
