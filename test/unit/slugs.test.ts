import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignSlugs,
  GENERIC_NAMES,
  hasGenericFileName,
  MAX_SLUG_BYTES,
  slugify,
  slugOfPath,
  stemOfPath,
  type SlugInput,
} from '../../src/lib/slugs.ts';
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

  it('keeps a slug with its collision prefix within 100 bytes', () => {
    const name = `postmortems/${'b'.repeat(252)}.md`;
    const slugs = assignSlugs([
      { source: 'first', path: name },
      { source: 'second-source', path: name },
    ]);
    expect(slugs.map((s) => s.slug)).toEqual([
      expect.stringMatching(/^b{91}-[0-9a-f]{8}$/),
      expect.stringMatching(/^second-source-postmortems-b{65}-[0-9a-f]{8}$/),
    ]);
    for (const s of slugs) expect(bytes(s.slug)).toBeLessThanOrEqual(MAX_SLUG_BYTES);
  });
});

describe('generic file names and extensions', () => {
  it('gives a generic file name its folder name, going up past generic folders', () => {
    expect(slugOfPath('exercises/bowling/description.md')).toBe('bowling');
    expect(slugOfPath('exercises/practice/bowling-game/.docs/instructions.md')).toBe('bowling-game');
    expect(slugOfPath('exercises/bowling/.docs/instructions.append.md')).toBe('bowling-append');
    // A secondary document beside the main one keeps its name, so the two never collide.
    expect(slugOfPath('exercises/bowling/.docs/introduction.md')).toBe('bowling-introduction');
    expect(slugOfPath('content/standards/logging/_index.md')).toBe('logging');
    expect(slugOfPath('guides/Onboarding/README.md')).toBe('onboarding');
    expect(slugOfPath('guides/deploys/docs/index.md')).toBe('deploys');
    // No folder names it: the source does, else the file itself.
    expect(slugOfPath('README.md', 'before-you-ship')).toBe('before-you-ship');
    expect(slugOfPath('_pages/index.md', 'before-you-ship')).toBe('before-you-ship');
    expect(slugOfPath('docs/introduction.md', 'guide')).toBe('guide-introduction');
    expect(slugOfPath('README.md')).toBe('readme');
    expect(slugOfPath('docs/README.md')).toBe('readme');
    // Not generic: the file name stays.
    expect(slugOfPath('exercises/bowling/scoring.md')).toBe('scoring');
    expect(slugOfPath('notes-on-dns.md')).toBe('notes-on-dns');
    for (const name of GENERIC_NAMES) expect(hasGenericFileName(`x/${name}.md`)).toBe(true);
    expect(hasGenericFileName('x/Instructions.MD')).toBe(true);
  });

  it('strips double extensions of template engines', () => {
    expect(stemOfPath('source/standards/x.html.md.erb')).toBe('x');
    expect(stemOfPath('x.html.md')).toBe('x');
    expect(stemOfPath('x.markdown')).toBe('x');
    expect(stemOfPath('x.mdx')).toBe('x');
    expect(stemOfPath('notes.txt')).toBe('notes');
    expect(stemOfPath('node.js.md')).toBe('node.js');
    expect(stemOfPath('.md')).toBe('.md');
    expect(slugOfPath('source/standards/monitoring.html.md.erb')).toBe('monitoring');
  });
});

describe('stable slugs', () => {
  it('keeps the older plain slug and qualifies a newer namesake with its source and folder', () => {
    const older = { source: 'katas-a', path: 'exercises/bowling/description.md', added: '2019-01-01T00:00:00Z' };
    const newer = { source: 'katas-b', path: 'katas/bowling/README.md', added: '2024-01-01T00:00:00Z' };
    // Whatever the input order, the older one holds the name.
    for (const items of [
      [older, newer],
      [newer, older],
    ]) {
      const out = assignSlugs(items);
      expect(out.find((o) => o.item === older)!.slug).toBe('bowling');
      expect(out.find((o) => o.item === newer)!).toMatchObject({
        slug: 'katas-b-katas-bowling',
        collidedWith: 'bowling',
      });
    }
  });

  it('never numbers by position: 77 description.md files get their folder names', () => {
    const items = Array.from({ length: 77 }, (_, i) => ({ source: 'k', path: `exercises/kata-${i}/description.md` }));
    expect(assignSlugs(items).map((o) => o.slug)).toEqual(items.map((_, i) => `kata-${i}`));
  });

  const folder = fc.constantFrom('', 'a/', 'b/', 'a/b/', 'exercises/x/', 'exercises/y/', 'docs/', 'c/.docs/');
  const name = fc.constantFrom('x', 'y', 'README', 'description', 'a-x', 'k-a-x', 'stats', 'instructions.append');
  const fileArb = fc.record({
    source: fc.constantFrom('k', 'k-a', 'm'),
    path: fc.tuple(folder, name, fc.constantFrom('.md', '.html.md.erb', '.markdown')).map((p) => p.join('')),
    // Files of a git repository: each has the date it was first added (ties are common: an import).
    added: fc.integer({ min: 0, max: 5 }).map((d) => `2020-01-0${d + 1}T00:00:00Z`),
  });
  // Grouped by source, in a fixed source order, as the loader lists them (the order of the sources file).
  const bySource = (a: SlugInput, b: SlugInput) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);
  const filesArb = fc
    .uniqueArray(fileArb, { selector: (f) => `${f.source}\0${f.path}`, maxLength: 25 })
    .map((files) => files.sort(bySource));
  const slugMap = (items: SlugInput[]) =>
    new Map(assignSlugs(items).map((o) => [`${o.item.source}\0${o.item.path}`, o.slug]));

  it('adding a file never changes another slug, and every slug is unique (property)', () => {
    fc.assert(
      fc.property(filesArb, fileArb, (files, extra) => {
        if (files.some((f) => f.source === extra.source && f.path === extra.path)) return;
        const before = slugMap(files);
        // A new file comes with the newest commit, or with none yet (a file not yet committed).
        for (const added of [
          { ...extra, added: '2021-06-01T00:00:00Z' },
          { ...extra, added: undefined },
        ]) {
          const after = slugMap([...files, added].sort(bySource));
          for (const [key, slug] of before) expect(after.get(key)).toBe(slug);
          expect(new Set(after.values()).size).toBe(after.size);
          for (const slug of after.values()) expect(['actions', 'stats', 'feed']).not.toContain(slug);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('removing a file changes no older file and no file that had its plain slug (property)', () => {
    fc.assert(
      fc.property(filesArb, fc.nat(), (files, pick) => {
        if (!files.length) return;
        const removed = files[pick % files.length]!;
        const before = assignSlugs(files);
        const after = slugMap(files.filter((f) => f !== removed));
        for (const { item, slug, collidedWith } of before) {
          if (item === removed) continue;
          const now = after.get(`${item.source}\0${item.path}`);
          if (item.added! < removed.added! || !collidedWith) expect(now).toBe(slug);
        }
        expect(new Set(after.values()).size).toBe(after.size);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same slugs whatever the order of files within a source (property)', () => {
    fc.assert(
      fc.property(filesArb, (files) => {
        const shuffled = [...files].reverse().sort(bySource);
        expect(slugMap(shuffled)).toEqual(slugMap(files));
      }),
      { numRuns: 300 },
    );
  });
});

describe('tag groups', () => {
  it('gives C, C++, C#, 事故 and инцидент a page each', () => {
    const groups = tagGroups([{ tags: ['C', 'C++', 'C#'] }, { tags: ['事故', 'инцидент', 'c'] }]);
    expect(groups.map((g) => g.slug).sort()).toEqual(['c', 'c-plus-plus', 'c-sharp', 'инцидент', '事故'].sort());
  });
});
