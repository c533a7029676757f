/** Text patterns fed by documents: pathological inputs finish at once (each stalled a build for minutes). */
import { describe, expect, it } from 'vitest';
import { canaryStrings, CANARIES_PER_DOCUMENT, stripInternalRegions } from '../../src/lib/audience.ts';
import { checkUrl } from '../../src/lib/url-policy.ts';
import { minutesOf, readBodyStructure } from '../../src/lib/body-structure.ts';
import { pageKey, sitePathsOfLink } from '../../src/lib/site-urls.ts';
import { MAX_SLUG_BYTES, slugify } from '../../src/lib/slugs.ts';

describe('patterns over document text', () => {
  it('read durations from a line of 400,000 digits, and still read ordinary ones', () => {
    expect(minutesOf('1'.repeat(400_000))).toBeUndefined();
    expect(minutesOf('1.5 h and 30 min')).toBe(120);
    expect(minutesOf('2 days')).toBe(2880);
  });

  it('take link targets out of a region of 120,000 "(http:"', () => {
    expect(canaryStrings([`${'(http:'.repeat(120_000)}`])[0]!.length).toBeLessThanOrEqual(80);
    expect(canaryStrings(['See the runbook (https://wiki.example.org/x) for details'])).toEqual([
      'See the runbook for details',
    ]);
  });

  it('slug a 100,000-character tag within the byte limit, distinct from its neighbour', () => {
    const a = slugify(`!${'+'.repeat(100_000)}`);
    const b = slugify(`x${'\u0301'.repeat(100_000)}y`);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(MAX_SLUG_BYTES);
    expect(Buffer.byteLength(b)).toBeLessThanOrEqual(MAX_SLUG_BYTES);
    expect(slugify(`a${'b'.repeat(500)}1`)).not.toBe(slugify(`a${'b'.repeat(500)}2`));
    expect(slugify('C++')).toBe('c-plus-plus');
    expect(slugify('Café')).toBe('cafe');
  });

  it('read raw <img> and <a> tags out of an HTML block of 20,000 unclosed ones', () => {
    const started = Date.now();
    const s = readBodyStructure(
      `<div>\n${'<a href=x <img src=y '.repeat(10_000)}\n</div>\n\n<img src="z.png" alt="ok">\n`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(s.images.at(-1)).toEqual({ url: 'z.png', text: 'ok', line: 5 });
  });

  it('key a site path of 100,000 slashes and dots', () => {
    expect(pageKey(`/${'/'.repeat(100_000)}x.html`)).toBe('/x');
    expect(pageKey(`/${'.html'.repeat(20_000)}`).length).toBeLessThan(100_001);
    expect(sitePathsOfLink(`${'../'.repeat(30_000)}x`, ['/a/b/'])).toEqual(['/x']);
  });

  it('trim a URL padded with 100,000 spaces, and still refuse a hidden scheme', () => {
    expect(checkUrl(`http:${' '.repeat(100_000)}x`).ok).toBe(true);
    expect(checkUrl(`${' '.repeat(100_000)}javascript:x${' '.repeat(100_000)}`)).toEqual({
      ok: false,
      scheme: 'javascript',
    });
  });

  it('cut a region out of a line indented by 200,000 spaces', () => {
    const r = stripInternalRegions(
      `A paragraph line.\n${' '.repeat(200_000)}x<!-- internal -->hidden words<!-- /internal --> tail\n`,
    );
    expect(r.ok && r.body.includes('hidden')).toBe(false);
    expect(r.ok && r.body.trimStart()).toMatch(/^A paragraph line\.\n\s*x {0,1}tail/);
  });

  it('keep at most 500 canaries of one document', () => {
    expect(
      canaryStrings([Array.from({ length: 150_000 }, (_, i) => `internal line number ${i}`).join('\n')]),
    ).toHaveLength(CANARIES_PER_DOCUMENT);
  });
});
