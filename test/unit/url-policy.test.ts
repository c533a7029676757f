import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUrl, isWebAddress, safeUrl } from '../../src/lib/url-policy.ts';

describe('the URL policy', () => {
  it('keeps http, https, mailto and relative references', () => {
    for (const url of [
      'https://example.org/a?b#c',
      'HTTP://example.org',
      'mailto:sre@example.org',
      '/standards/x/',
      '../x.md',
      'x.md#y',
      '#top',
      '?q=1',
      'postmortems/a',
    ]) {
      expect(safeUrl(url), url).toBe(url);
    }
    expect(safeUrl('  https://example.org  ')).toBe('https://example.org');
  });

  it('refuses every other scheme however it is written', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      '   javascript:alert(1)',
      '\u0001javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://x',
      'jar:x',
    ]) {
      expect(checkUrl(url).ok, JSON.stringify(url)).toBe(false);
    }
    expect(checkUrl('javascript:alert(1)')).toEqual({ ok: false, scheme: 'javascript' });
  });

  it('tells web addresses from relative references', () => {
    expect(isWebAddress('https://x.org')).toBe(true);
    expect(isWebAddress('javascript:x')).toBe(false);
    expect(isWebAddress('PM-2024-012')).toBe(false);
    expect(isWebAddress('standard/x')).toBe(false);
  });

  it('never keeps a URL a browser would run', () => {
    const noise = fc.constantFrom('', ' ', '\t', '\n', '\r', '\u0000', '\u001f', '\u000b');
    fc.assert(
      fc.property(
        noise,
        fc.constantFrom('javascript', 'vbscript', 'data'),
        fc.array(noise, { maxLength: 3 }),
        fc.string(),
        (lead, scheme, inner, rest) => {
          const letters = [...scheme].map((c, i) => (i % 2 ? c.toUpperCase() : c));
          const at = Math.min(inner.length, letters.length);
          letters.splice(at, 0, inner.join(''));
          const url = `${lead}${letters.join('')}:${rest}`;
          const kept = safeUrl(url);
          if (kept === undefined) return true;
          // What a browser would read as the scheme, after removing what it ignores.
          const read = kept.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
          return !/^(javascript|vbscript|data):/i.test(read);
        },
      ),
      { seed: 16, numRuns: 500 },
    );
  });
});
