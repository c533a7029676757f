import { describe, expect, it } from 'vitest';
import { assignSlugs, MAX_SLUG_BYTES, slugify, slugOfPath } from '../../src/lib/slugs.ts';
import { tagGroups } from '../../src/lib/tags.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('slugify', () => {
  it('keeps C, C++ and C# apart', () => {
    expect(['C', 'C++', 'C#', 'F#', 'Notepad++'].map(slugify)).toEqual([
      'c',
      'c-plus-plus',
      'c-sharp',
      'f-sharp',
      'notepad-plus-plus',
    ]);
  });

  it('reads Latin names as before', () => {
    expect(
      ['Secure development', 'secure-development', 'Café crème', '#incident', '2024-03-07 DB failover', 'node.js'].map(
        slugify,
      ),
    ).toEqual([
      'secure-development',
      'secure-development',
      'cafe-creme',
      'incident',
      '2024-03-07-db-failover',
      'node-js',
    ]);
  });

  it('keeps the letters of other scripts, lower-cased and normalised', () => {
    expect(slugify('事故')).toBe('事故');
    expect(slugify('Инцидент в БД')).toBe('инцидент-в-бд');
    expect(slugify('Йогурт')).toBe('йогурт');
    expect(slugify('ガス')).toBe('ガス');
    expect(slugify('हिन्दी')).toBe('हिन्दी');
    expect(slugify('ｆｕｌｌ　ｗｉｄｔｈ')).toBe('full-width');
    expect(slugify('Straße')).toBe('straße');
    expect(slugify('事故') === slugify('инцидент')).toBe(false);
  });

  it('names what has no letter or digit by a hash of it', () => {
    expect(slugify('!!!')).toMatch(/^x-[0-9a-f]{8}$/);
    expect(slugify('???')).toMatch(/^x-[0-9a-f]{8}$/);
    expect(slugify('!!!')).not.toBe(slugify('???'));
    expect(slugify('!!!')).toBe(slugify('!!!'));
  });

  it(`caps a slug at ${100} bytes with a hash, keeping long names apart`, () => {
    expect(MAX_SLUG_BYTES).toBe(100);
    const a = slugify(`${'a'.repeat(250)}-one`);
    const b = slugify(`${'a'.repeat(250)}-two`);
    expect(bytes(a)).toBeLessThanOrEqual(100);
    expect(a).toMatch(/^a{91}-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    const cyrillic = slugify('д'.repeat(200));
    expect(bytes(cyrillic)).toBeLessThanOrEqual(100);
    expect(cyrillic).toMatch(/^д{45}-[0-9a-f]{8}$/);
    expect(slugify('a'.repeat(100))).toBe('a'.repeat(100));
  });
});

describe('document slugs', () => {
  it('keeps non-Latin file names', () => {
    expect(slugOfPath('postmortems/事故.md')).toBe('事故');
    expect(slugOfPath('postmortems/инцидент.md')).toBe('инцидент');
  });

  it("keeps a slug and its collision prefix within a file name's 255 bytes", () => {
    const name = `postmortems/${'b'.repeat(252)}.md`;
    const slugs = assignSlugs([
      { source: 'first', path: name },
      { source: 'second-source', path: name },
    ]);
    expect(slugs.map((s) => s.slug)).toEqual([
      expect.stringMatching(/^b{91}-[0-9a-f]{8}$/),
      expect.stringMatching(/^second-source-b{91}-[0-9a-f]{8}$/),
    ]);
    for (const s of slugs) expect(bytes(s.slug)).toBeLessThanOrEqual(255);
  });
});

describe('tag groups', () => {
  it('gives C, C++, C#, 事故 and инцидент a page each', () => {
    const groups = tagGroups([{ tags: ['C', 'C++', 'C#'] }, { tags: ['事故', 'инцидент', 'c'] }]);
    expect(groups.map((g) => g.slug).sort()).toEqual(['c', 'c-plus-plus', 'c-sharp', 'инцидент', '事故'].sort());
  });
});
