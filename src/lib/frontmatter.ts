/**
 * Frontmatter with gray-matter, read with YAML's core schema: dates stay the strings the author wrote,
 * so that schemas can check them strictly. Hugo's TOML frontmatter (`+++`) is read with smol-toml, its dates
 * turned back into the strings written. Keeps the line of every top-level key for error messages.
 */
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';

export type Frontmatter =
  | { ok: true; data: Record<string, unknown>; body: string; bodyLine: number; keyLines: Map<string, number> }
  | { ok: false; line: number; field?: string; message: string };

/** Limits on the frontmatter as parsed, aliases expanded: a few kilobytes of YAML aliases can stand for gigabytes. */
export const FRONTMATTER_LIMITS = { values: 20_000, characters: 1_000_000, stringCharacters: 100_000, depth: 32 };

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Walks the parsed value counting every use of an alias again, without copying anything, and stops at the first
 * limit crossed: the walk itself never does more than the limits allow. Returns the top-level key and what was crossed.
 */
function overLimit(data: Record<string, unknown>): { key: string; message: string } | undefined {
  const L = FRONTMATTER_LIMITS;
  let values = 0;
  let characters = 0;
  let crossed: string | undefined;
  const aliases = '(*name) are expanded';
  const text = (s: string): boolean => {
    if (s.length > L.stringCharacters) {
      crossed = `a string of ${count(s.length)} characters, over the limit of ${count(L.stringCharacters)} per string; move long text into the body`;
      return false;
    }
    characters += s.length;
    if (characters > L.characters) {
      crossed = `the frontmatter holds more than ${count(L.characters)} characters once YAML aliases ${aliases}, over the limit of ${count(L.characters)}; move long text into the body`;
      return false;
    }
    return true;
  };
  const visit = (v: unknown, depth: number): boolean => {
    if (++values > L.values) {
      crossed = `the frontmatter holds more than ${count(L.values)} values once YAML aliases ${aliases}, over the limit of ${count(L.values)}; write fewer values, or write them out instead of repeating aliases`;
      return false;
    }
    if (typeof v === 'string') return text(v);
    if (v === null || typeof v !== 'object') return true;
    if (depth >= L.depth) {
      crossed = `values nested more than ${L.depth} levels deep, over the limit of ${L.depth}; write a flatter structure`;
      return false;
    }
    if (Array.isArray(v)) {
      for (const item of v) if (!visit(item, depth + 1)) return false;
      return true;
    }
    for (const [k, item] of Object.entries(v)) if (!text(k) || !visit(item, depth + 1)) return false;
    return true;
  };
  for (const [key, value] of Object.entries(data)) {
    if (!text(key) || !visit(value, 1)) return { key, message: crossed! };
  }
  return undefined;
}

const readYaml = (s: string) => yaml.load(s, { schema: yaml.CORE_SCHEMA }) as object;
const refuse = () => {
  throw new Error('only YAML frontmatter is read');
};
/**
 * gray-matter merges these over its own engines, one of which evaluates JavaScript: every engine it ships is
 * replaced, so that nothing in a document can run even if the language check below is bypassed.
 */
const engines = {
  yaml: readYaml,
  yml: readYaml,
  javascript: refuse,
  js: refuse,
  coffee: refuse,
  coffeescript: refuse,
  cson: refuse,
  json: refuse,
  toml: refuse,
};

/** The language written after the opening `---` (`---js`), lower-cased; empty for plain YAML frontmatter. */
function markerOf(text: string): string {
  if (!text.startsWith('---') || text[3] === '-') return '';
  const end = text.indexOf('\n');
  return text.slice(3, end === -1 ? undefined : end).trim();
}

/** Lines (1-based) of a TOML frontmatter's top-level keys, up to its first table. */
function tomlKeyLinesOf(raw: string): Map<string, number> {
  const map = new Map<string, number>();
  const lines = raw.split('\n');
  for (let i = 1; i < lines.length; i++) {
    if (/^\s*(\+\+\+|\[)/.test(lines[i]!)) break;
    const key = /^\s*"?([A-Za-z0-9_-]+)"?\s*=/.exec(lines[i]!);
    if (key && !map.has(key[1]!)) map.set(key[1]!, i + 1);
  }
  return map;
}

/** TOML dates as the strings written (`2021-03-04`, an offset date-time in ISO form); tables as plain objects. */
function plainToml(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainToml);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainToml(v)]));
  return value;
}

/** Hugo's `+++` TOML frontmatter; undefined when the file does not open with one. */
function parseTomlFrontmatter(text: string): Frontmatter | undefined {
  if (!/^\+\+\+[ \t]*\r?\n/.test(text)) return undefined;
  const close = /^\+\+\+[ \t]*$/m.exec(text.slice(3));
  if (!close)
    return {
      ok: false,
      line: 1,
      message: 'the TOML frontmatter opened with +++ is never closed: end it with a +++ line',
    };
  const end = 3 + close.index;
  const raw = text.slice(text.indexOf('\n') + 1, end);
  const afterClose = text.indexOf('\n', end);
  const bodyStart = afterClose === -1 ? text.length : afterClose + 1;
  let data: Record<string, unknown>;
  try {
    data = plainToml(parseToml(raw, { maxDepth: FRONTMATTER_LIMITS.depth })) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line + 1 : 1;
    const reason = (error as Error).message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    return { ok: false, line, message: `the frontmatter is not valid TOML: ${reason}` };
  }
  const head = text.slice(0, bodyStart);
  const over = overLimit(data);
  if (over) return { ok: false, line: tomlKeyLinesOf(head).get(over.key) ?? 1, field: over.key, message: over.message };
  let keyLines: Map<string, number> | undefined;
  return {
    ok: true,
    data,
    body: text.slice(bodyStart),
    bodyLine: head.split('\n').length,
    get keyLines() {
      return (keyLines ??= tomlKeyLinesOf(head));
    },
  };
}

/** Lines (1-based, in the whole file) of top-level keys and of nested `- key:` entries, by dotted path prefix. */
function keyLinesOf(raw: string): Map<string, number> {
  const lines = raw.split('\n');
  const map = new Map<string, number>();
  if (lines[0]?.trim() !== '---') return map;
  let top: string | undefined;
  const counters = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^(---|\.\.\.)\s*$/.test(line)) break;
    const key = /^([A-Za-z0-9_-]+)\s*:/.exec(line);
    if (key) {
      top = key[1]!;
      map.set(top, i + 1);
      counters.set(top, -1);
      continue;
    }
    if (!top) continue;
    const item = /^\s*-\s*(?:([A-Za-z0-9_-]+)\s*:)?/.exec(line);
    if (item && /^\s{0,4}-/.test(line)) {
      const n = (counters.get(top) ?? -1) + 1;
      counters.set(top, n);
      map.set(`${top}.${n}`, i + 1);
      if (item[1]) map.set(`${top}.${n}.${item[1]}`, i + 1);
      continue;
    }
    const nested = /^\s+([A-Za-z0-9_-]+)\s*:/.exec(line);
    const n = counters.get(top) ?? -1;
    if (nested && n >= 0) map.set(`${top}.${n}.${nested[1]}`, i + 1);
  }
  return map;
}

/** The line of the deepest known prefix of `field` (`action_items.2.status` → its line, else the item's, else the key's). */
export function lineOfField(keyLines: Map<string, number>, field: string): number | undefined {
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n--) {
    const line = keyLines.get(parts.slice(0, n).join('.'));
    if (line !== undefined) return line;
  }
  return undefined;
}

export function parseFrontmatter(text: string): Frontmatter {
  const toml = parseTomlFrontmatter(text);
  if (toml) return toml;
  const marker = markerOf(text);
  if (marker && !/^ya?ml$/i.test(marker)) {
    return {
      ok: false,
      line: 1,
      message: `the frontmatter is marked as "${marker}"; only YAML frontmatter is read (open it with a plain --- line)`,
    };
  }
  try {
    // Options are given on purpose: without them gray-matter caches every file's text forever.
    const parsed = matter(text, { engines });
    const data = parsed.data && typeof parsed.data === 'object' && !Array.isArray(parsed.data) ? parsed.data : {};
    const bodyStart = text.length - parsed.content.length;
    const bodyLine = text.slice(0, bodyStart).split('\n').length;
    // Key lines are wanted only for a problem's message: found when first asked for, in the frontmatter alone.
    let keyLines: Map<string, number> | undefined;
    const head = text.slice(0, bodyStart);
    const over = overLimit(data as Record<string, unknown>);
    if (over) return { ok: false, line: keyLinesOf(head).get(over.key) ?? 1, field: over.key, message: over.message };
    return {
      ok: true,
      data: data as Record<string, unknown>,
      body: parsed.content,
      bodyLine,
      get keyLines() {
        return (keyLines ??= keyLinesOf(head));
      },
    };
  } catch (error) {
    const e = error as yaml.YAMLException;
    // js-yaml counts lines inside the frontmatter block from 0; the block starts after the first `---` line.
    const line = e.mark ? e.mark.line + 2 : 1;
    return { ok: false, line, message: `the frontmatter is not valid YAML: ${e.reason ?? e.message}` };
  }
}
