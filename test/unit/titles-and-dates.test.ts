import { describe, expect, it } from 'vitest';
import { meaninglessTitle, titleFromFileName } from '../../src/lib/fallbacks.ts';
import {
  folderNameTitle,
  MAX_METADATA_BYTES,
  metadataPathsFor,
  metadataSource,
  titleFromMetadata,
} from '../../src/lib/folder-title.ts';
import { parseDocument } from '../../src/lib/parse-document.ts';
import { folderTitleOf, metadataDigest } from '../../src/loaders/folder-titles.ts';
import type { SyncedFile } from '../../src/sources/sync.ts';

const doc = (path: string, text: string, extra = {}) =>
  parseDocument({ kind: 'kata', source: 'src', path, bytes: Buffer.from(text), ...extra });
const bytes = (text: string) => Buffer.from(text);

describe('titles from file names', () => {
  it('has no extension, however many the file has', () => {
    expect(titleFromFileName('source/x.html.md.erb')).toBe('X');
    expect(titleFromFileName('standards/secure-development.html.md')).toBe('Secure development');
    expect(titleFromFileName('2024-03-07-db_failover.markdown')).toBe('Db failover');
  });

  it('flags a UUID, a date alone and a generic word', () => {
    expect(meaninglessTitle('3f2b8c1e-9d4a-4b7e-a1c2-0123456789ab')).toBe('a UUID');
    expect(meaninglessTitle('2021-03-04')).toBe('only a date');
    expect(meaninglessTitle('Instructions')).toBe('a generic word');
    expect(meaninglessTitle('Bowling')).toBeUndefined();
    expect(meaninglessTitle('2021-03-04 DB failover')).toBeUndefined();
  });
});

describe('titles from metadata beside a document', () => {
  it('reads title, else name, of TOML, YAML, JSON and a Hugo section; a blurb is not a title', () => {
    expect(titleFromMetadata('x/metadata.toml', bytes('title = "Bowling"\nblurb = "Score a game."\n'))).toEqual({
      ok: true,
      title: 'Bowling',
    });
    expect(titleFromMetadata('x/metadata.yaml', bytes('name: Bank account\nblurb: Money\n'))).toEqual({
      ok: true,
      title: 'Bank account',
    });
    expect(titleFromMetadata('x/.meta/config.json', bytes('{"title": "Two Fer", "blurb": "x"}'))).toEqual({
      ok: true,
      title: 'Two Fer',
    });
    expect(titleFromMetadata('x/_index.md', bytes('---\ntitle: Logging\n---\nSection.\n'))).toEqual({
      ok: true,
      title: 'Logging',
    });
    expect(titleFromMetadata('x/metadata.toml', bytes('blurb = "Only a blurb"\n'))).toEqual({ ok: true });
    expect(titleFromMetadata('x/metadata.json', bytes('{"title": 42}'))).toEqual({ ok: true });
  });

  it('ignores, with a reason, what is too large, too deep, broken or not text: never throws', () => {
    const huge = titleFromMetadata('x/metadata.toml', Buffer.alloc(10 * 1024 * 1024, 'a'));
    expect(huge).toMatchObject({ ok: false, reason: expect.stringContaining('over the 64 KB') });
    const deepInline = `title = "Deep"\nx = ${'{ a = '.repeat(5000)}1${' }'.repeat(5000)}\n`;
    expect(deepInline.length).toBeLessThan(MAX_METADATA_BYTES);
    expect(titleFromMetadata('x/metadata.toml', bytes(deepInline))).toMatchObject({ ok: false });
    const deepTables = `title = "Deep"\n[${Array.from({ length: 3000 }, () => 'a').join('.')}]\nb = 1\n`;
    expect(titleFromMetadata('x/metadata.toml', bytes(deepTables))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('levels deep'),
    });
    expect(titleFromMetadata('x/metadata.json', bytes(`${'['.repeat(60_000)}${']'.repeat(60_000)}`))).toMatchObject({
      ok: false,
    });
    expect(titleFromMetadata('x/metadata.yaml', bytes(`${'['.repeat(30_000)}`))).toMatchObject({ ok: false });
    expect(titleFromMetadata('x/metadata.toml', bytes('title = "unclosed\n'))).toMatchObject({ ok: false });
    expect(titleFromMetadata('x/metadata.toml', Buffer.from([0x74, 0xff, 0xfe]))).toMatchObject({ ok: false });
  });

  it('looks beside the document and in the folder that names it, not for a file with a name of its own', () => {
    expect(metadataPathsFor('exercises/bowling/.docs/instructions.md')).toEqual(
      expect.arrayContaining([
        'exercises/bowling/.docs/metadata.toml',
        'exercises/bowling/metadata.toml',
        'exercises/bowling/.meta/config.json',
        'exercises/bowling/_index.md',
      ]),
    );
    expect(metadataPathsFor('content/logging/_index.md')).not.toContain('content/logging/_index.md');
    expect(metadataPathsFor('exercises/bowling/scoring.md')).toEqual([]);
    expect(metadataSource('exercises/bowling/description.md', 'exercises/bowling/metadata.toml')).toBe(
      'metadata.toml beside it',
    );
    expect(folderNameTitle('exercises/bowling/.docs/introduction.md')?.title).toBe('Bowling: Introduction');
    expect(folderNameTitle('exercises/bowling/.docs/instructions.append.md')?.title).toBe('Bowling: Append');
    expect(folderNameTitle('exercises/bowling-game/description.md')).toEqual({
      title: 'Bowling game',
      from: 'the folder name',
    });
  });

  it('takes the first metadata with a title, warns about one it ignores, else the folder name', async () => {
    const files: Record<string, Buffer> = {
      'k/bowling/metadata.toml': Buffer.alloc(MAX_METADATA_BYTES + 1, 'a'),
      'k/bowling/.meta/config.json': bytes('{"title": "Bowling"}'),
    };
    const meta = (p: string): SyncedFile => ({ path: p, blob: '', size: files[p]!.length });
    const read = async (f: SyncedFile) => files[f.path]!;
    const found = await folderTitleOf(
      'src',
      'k/bowling/description.md',
      [meta('k/bowling/metadata.toml'), meta('k/bowling/.meta/config.json')],
      read,
    );
    expect(found.folderTitle).toEqual({ title: 'Bowling', from: '.meta/config.json beside it' });
    expect(found.problems).toEqual([
      expect.objectContaining({ path: 'k/bowling/metadata.toml', severity: 'warning', code: 'metadata' }),
    ]);
    // One metadata file beside many documents is read once a build.
    let reads = 0;
    const counted = async (f: SyncedFile) => (reads++, files[f.path]!);
    const memo = new Map();
    for (const name of ['description.md', 'introduction.md', 'notes.md'])
      await folderTitleOf('src', `k/bowling/${name}`, [meta('k/bowling/.meta/config.json')], counted, memo);
    expect(reads).toBe(1);
    const none = await folderTitleOf('src', 'k/two-fer/description.md', [], read);
    expect(none).toEqual({ folderTitle: { title: 'Two fer', from: 'the folder name' }, problems: [] });
  });
});

describe('metadata in the digest', () => {
  it('names a git blob by its id and a plain folder file by its content, so an edit rebuilds the document', async () => {
    const git = await metadataDigest([{ path: 'k/metadata.toml', blob: 'abc123', size: 10 }], async () => {
      throw new Error('a git blob is not read for its digest');
    });
    expect(git).toEqual(['k/metadata.toml@abc123']);
    let text = 'title = "One"\n';
    const file = { path: 'k/metadata.toml', blob: '', size: text.length };
    const before = await metadataDigest([file], async () => Buffer.from(text));
    text = 'title = "Two"\n';
    const after = await metadataDigest([file], async () => Buffer.from(text));
    expect(before).not.toEqual(after);
  });
});

describe('titles and dates of documents', () => {
  const folderTitle = { title: 'Bowling', from: 'metadata.toml beside it' };

  it('takes a generic file name under a generic heading from the metadata beside it', () => {
    const r = doc('exercises/bowling/instructions.md', '# Instructions\n\nScore a bowling game.\n', {
      folderTitle,
      firstAdded: '2019-01-02T00:00:00Z',
    });
    expect(r.ok && r.doc.data.title).toBe('Bowling');
    expect(r.ok && r.doc.derivedFrom.title).toBe('metadata.toml beside it');
    // The generic heading it replaced is not repeated under the title.
    expect(r.ok && r.doc.body.trim()).toBe('Score a bowling game.');
    expect(r.problems.filter((p) => p.code === 'generic-title')).toEqual([]);
  });

  it('keeps a heading that names the document, and the frontmatter title above all', () => {
    const r = doc('exercises/bowling/instructions.md', '# Score a bowling game\n\nText.\n', {
      folderTitle,
      firstAdded: '2019-01-02T00:00:00Z',
    });
    expect(r.ok && r.doc.data.title).toBe('Score a bowling game');
    const own = doc('exercises/bowling/instructions.md', '---\ntitle: Mine\n---\n# Instructions\n', {
      folderTitle,
      firstAdded: '2019-01-02T00:00:00Z',
    });
    expect(own.ok && own.doc.data.title).toBe('Mine');
  });

  it('flags a generic heading with nothing better, and a title that is a UUID or a date', () => {
    const generic = doc('README.md', '# Instructions\n\nText.\n', { firstAdded: '2019-01-02T00:00:00Z' });
    expect(generic.ok && generic.doc.data.title).toBe('Instructions');
    expect(generic.problems).toEqual([expect.objectContaining({ code: 'generic-title', field: 'title' })]);
    // A file with a name of its own is titled by it rather than by a generic heading.
    const named = doc('katas/bowling-game.md', '# Instructions\n\nText.\n', { firstAdded: '2019-01-02T00:00:00Z' });
    expect(named.ok && named.doc.data.title).toBe('Bowling game');
    expect(named.ok && named.doc.derivedFrom.title).toBe('the file name (the first heading is generic)');
    expect(named.problems).toEqual([]);
    const uuid = doc('katas/3f2b8c1e-9d4a-4b7e-a1c2-0123456789ab.md', 'Text.\n', {
      firstAdded: '2019-01-02T00:00:00Z',
    });
    expect(uuid.problems.map((p) => p.code)).toContain('generic-title');
    const date = doc('katas/x.md', '---\ntitle: "2021-03-04"\ndate: 2021-03-04\n---\nText.\n');
    expect(date.problems).toEqual([expect.objectContaining({ code: 'generic-title', line: 2 })]);
  });

  it('says a date from an import commit is uncertain, and prefers the file name', () => {
    const r = doc('katas/bowling.md', '# Bowling\n', { firstAdded: '2022-07-08T10:00:00Z', firstAddedInImport: 30 });
    expect(r.ok && r.doc.derivedFrom.date).toBe('the commit that added the file (an import of 30 files: uncertain)');
    const named = doc('katas/2019-05-06-bowling.md', '# Bowling\n', {
      firstAdded: '2022-07-08T10:00:00Z',
      firstAddedInImport: 30,
    });
    expect(named.ok && named.doc.derivedFrom.date).toBe('the file name');
  });
});
