/**
 * The last check of a public build: no file of the output may contain the URL, id or title of an internal
 * document, nor text removed for the public (internal regions, internal-only fields). HTML is read both as
 * written and as text; Pagefind's compressed index and fragments are decompressed first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeHtmlText } from '../lib/html.ts';

export interface Canaries {
  /** Paths that must not be linked or exist: `/postmortems/internal-slug/`. */
  urls: string[];
  /** Ids, titles and removed text that must not appear anywhere. */
  strings: string[];
  /** `postmortems/<slug>` references: found only as a whole path, not continued by a letter, digit, `-`, `_`, `.` or a further part. */
  refs?: string[];
}

export interface Leak {
  file: string;
  found: string;
}

const SCANNED = /\.(html|js|mjs|json|xml|txt|css|svg|pf_meta|pf_fragment|pf_index|pf_filter|pagefind)$/i;

/** HTML's text, with a no-break space read as a space. */
const decodeEntities = (text: string) => decodeHtmlText(text.replace(/&nbsp;/g, ' '));

/** The readable forms of a file: as written, decompressed when gzipped, and as text without tags. */
export function readableForms(file: string, bytes: Buffer): string[] {
  let raw = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch {
      /* not gzip after all */
    }
  }
  const text = raw.toString('utf8');
  const forms = [text];
  if (/\.(html|xml|svg)$/i.test(file)) forms.push(decodeEntities(text.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' '));
  if (/\.json$|\.pf_fragment$/i.test(file)) {
    // JSON may escape what HTML would not; and fragments hold HTML-escaped content.
    forms.push(
      decodeEntities(
        text.replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\"/g, '"'),
      ),
    );
  }
  // Percent-encoded addresses (`/postmortems/%73ecret/`) name a page as much as plain ones.
  if (/%[0-9a-f]{2}/i.test(text))
    forms.push(
      text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
        try {
          return decodeURIComponent(run);
        } catch {
          return run;
        }
      }),
    );
  return forms;
}

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

const WORD = /[\p{L}\p{N}_-]/u;

/**
 * `needle` standing whole in `text`: no letter, digit, `-` or `_` on either side (`PM-2025-01` is not in
 * `PM-2025-011`). A `path` reference must also not go on with `.` or a further part: `postmortems/a.md` is another
 * document's file path, `/postmortems/team/payments/` a facet page, not the document `team`.
 */
function containsWhole(text: string, needle: string, path = false): boolean {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const next = text[at + needle.length];
    const before = text[at - 1];
    if (before !== undefined && WORD.test(before)) continue;
    if (next !== undefined && (WORD.test(next) || (path && next === '.'))) continue;
    if (path && next === '/' && /[\p{L}\p{N}_.%-]/u.test(text[at + needle.length + 1] ?? '')) continue;
    return true;
  }
  return false;
}

const DIGIT = /\p{N}/u;

/** `needle` in `text` anywhere, except where a number at either end of it goes on in the text. */
function containsSentence(text: string, needle: string): boolean {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const before = text[at - 1] ?? '';
    const next = text[at + needle.length] ?? '';
    if (DIGIT.test(needle[0]!) && DIGIT.test(before)) continue;
    if (DIGIT.test(needle[needle.length - 1]!) && DIGIT.test(next)) continue;
    return true;
  }
  return false;
}

export function findLeaks(siteDir: string, canaries: Canaries): Leak[] {
  const leaks: Leak[] = [];
  const refs = [...new Set(canaries.refs ?? [])];
  const needles = [...new Set([...canaries.urls, ...canaries.strings])].filter((s) => s.trim().length >= 4);
  const lowered = needles.map((n) => n.toLowerCase());
  let pages = 0;
  const onPages = new Map<string, number>();
  for (const file of walk(siteDir)) {
    const rel = path.relative(siteDir, file);
    if (!SCANNED.test(file)) continue;
    const page = file.endsWith('.html');
    if (page) pages++;
    const forms = readableForms(file, readFileSync(file)).map((f) => f.toLowerCase());
    const textForm = /\.(html|xml|svg)$/i.test(file) ? 1 : -1;
    lowered.forEach((needle, i) => {
      // A sentence is found anywhere; a word or id only as a whole (`PM-2025-01` is not in `PM-2025-011`).
      const sentence = needle.length >= 12 && /\s/.test(needle);
      // In the text without tags a sentence stands whole (`Tribe session 2024-01-01` does not hold the title
      // `Tribe session 202`); in any form a number in it must not go on (`CPC meeting 2024-01-10` vs `…-01-1`).
      if (
        !forms.some((f, k) =>
          sentence
            ? k === textForm
              ? containsWhole(f, needle)
              : containsSentence(f, needle)
            : containsWhole(f, needle),
        )
      )
        return;
      leaks.push({ file: rel, found: needles[i]! });
      if (page) onPages.set(needles[i]!, (onPages.get(needles[i]!) ?? 0) + 1);
    });
    for (const ref of refs)
      if (forms.some((f) => containsWhole(f, ref.toLowerCase(), true))) leaks.push({ file: rel, found: ref });
  }
  // Text on every page is the site's own (its title, the skip link, `html`), whatever an internal document is called.
  const chrome = new Set(pages >= 3 ? [...onPages].filter(([, n]) => n === pages).map(([needle]) => needle) : []);
  if (chrome.size) leaks.splice(0, leaks.length, ...leaks.filter((l) => !chrome.has(l.found)));
  for (const url of canaries.urls) {
    // An internal page must not exist either.
    const page = path.join(siteDir, url, 'index.html');
    try {
      readFileSync(page);
      leaks.push({ file: path.relative(siteDir, page), found: `the page ${url} exists` });
    } catch {
      /* good */
    }
  }
  return leaks;
}
