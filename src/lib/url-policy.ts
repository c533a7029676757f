/**
 * The one URL policy of the site: every URL rendered as a link or image, from a document, the sources file or the
 * site's own settings, is `http:`, `https:`, `mailto:` or a relative reference. Anything else (`javascript:`,
 * `data:`, `vbscript:`, `file:`…) is refused, read as a browser reads it: tabs and newlines anywhere and control
 * characters and spaces at the ends do not hide a scheme.
 */

export type UrlVerdict = { ok: true; url: string } | { ok: false; scheme: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const ALLOWED = new Set(['http', 'https', 'mailto']);
/** Without what the WHATWG URL parser ignores at both ends (a loop: a `[…]+$` pattern is quadratic on spaces). */
function trimEdges(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && raw.charCodeAt(start) <= 0x20) start++;
  while (end > start && raw.charCodeAt(end - 1) <= 0x20) end--;
  return raw.slice(start, end);
}
const TAB_OR_NEWLINE = /[\t\n\r]/g;

/** Checks `raw` against the policy; the URL that is returned is the trimmed one to render. */
export function checkUrl(raw: string): UrlVerdict {
  const url = trimEdges(raw);
  const scheme = SCHEME.exec(url.replace(TAB_OR_NEWLINE, ''))?.[1]?.toLowerCase();
  if (scheme === undefined)
    return /[\u0000-\u001f\u007f]/.test(url) ? { ok: false, scheme: 'control characters' } : { ok: true, url };
  return ALLOWED.has(scheme) ? { ok: true, url } : { ok: false, scheme };
}

/** The URL to put in an `href` or `src`, or undefined when the policy refuses it. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const v = checkUrl(raw);
  return v.ok ? v.url : undefined;
}

/** True for an absolute web address (`http:`/`https:`/`mailto:`), as opposed to a relative reference or a refused URL. */
export function isWebAddress(raw: string): boolean {
  const v = checkUrl(raw);
  return v.ok && SCHEME.test(v.url);
}

/** Why a URL was refused, for a problem's message. */
export function refusal(raw: string, verdict: Extract<UrlVerdict, { ok: false }>): string {
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  return `expected an http(s) or mailto URL or a relative link, found "${shown.replace(/[\u0000-\u001f\u007f]/g, '?')}" (${verdict.scheme === 'control characters' ? 'it contains control characters' : `a ${verdict.scheme}: URL`}); it is left out`;
}

/** A web address as short link text: host and path, without the scheme, `www.` or a final slash. */
export function urlLabel(url: string): string {
  return url.replace(/^(https?:\/\/|mailto:)(www\.)?/i, '').replace(/\/$/, '');
}
