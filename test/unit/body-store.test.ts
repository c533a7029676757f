import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasBody, openBodyWriter, pruneBodies, readBody } from '../../src/loaders/body-store.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

let root: string;
const dir = () => path.join(root, 'postmortem');
const files = () => readdirSync(dir()).sort();

function build(bodies: Record<string, string>): void {
  const w = openBodyWriter(dir());
  for (const [digest, html] of Object.entries(bodies)) w.write(digest, html);
  w.commit();
}

beforeEach(() => {
  root = makeTempDir('knowledge-bodies-');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the body store', () => {
  it('reads back what a build wrote, byte for byte, once the build committed it', () => {
    const w = openBodyWriter(dir());
    w.write('a1', '<p>Café — ✓ 🚒</p>');
    w.write('b2', '<p>second</p>');
    expect(hasBody(dir(), 'a1')).toBe(false);
    w.commit();
    expect(readBody(dir(), 'a1', 'pm:a.md')).toBe('<p>Café — ✓ 🚒</p>');
    expect(readBody(dir(), 'b2', 'pm:b.md')).toBe('<p>second</p>');
    expect(hasBody(dir(), 'b2')).toBe(true);
    expect(hasBody(path.join(root, 'session'), 'a1')).toBe(false);
    expect(files()).toEqual(['1.pack', 'index.json']);
  });

  it('keeps the bodies of the last build readable when the next one adds a pack, and forgets what the store dropped', () => {
    build({ a: 'A', b: 'B', c: 'C' });
    build({ d: 'D' });
    expect(files()).toEqual(['1.pack', '2.pack', 'index.json']);
    expect(pruneBodies(dir(), new Set(['a', 'b', 'c', 'd']))).toBe(0);
    expect(pruneBodies(dir(), new Set(['a', 'b', 'd']))).toBe(1);
    expect(hasBody(dir(), 'c')).toBe(false);
    expect(readBody(dir(), 'd', 'x')).toBe('D');
    // 'a' and 'b' still fill two thirds of the first pack: it stays.
    expect(files()).toEqual(['1.pack', '2.pack', 'index.json']);
  });

  it('rewrites the live bodies into one pack when less than half of the bytes are used, and deletes the rest', () => {
    build({ a: 'x'.repeat(100), b: 'y'.repeat(100), c: 'z'.repeat(100) });
    build({ d: 'D'.repeat(10) });
    pruneBodies(dir(), new Set(['a', 'd']));
    expect(files()).toEqual(['3.pack', 'index.json']);
    expect(readBody(dir(), 'a', 'x')).toBe('x'.repeat(100));
    expect(readBody(dir(), 'd', 'x')).toBe('D'.repeat(10));
    // The next pack does not reuse a name the index knew.
    build({ e: 'E' });
    expect(files()).toEqual(['3.pack', '4.pack', 'index.json']);
  });

  it('compacts many small packs into one', () => {
    const keep = new Set<string>();
    for (let i = 0; i < 18; i++) {
      build({ [`d${i}`]: `body ${i}` });
      keep.add(`d${i}`);
    }
    pruneBodies(dir(), keep);
    expect(files()).toEqual(['19.pack', 'index.json']);
    for (let i = 0; i < 18; i++) expect(readBody(dir(), `d${i}`, 'x')).toBe(`body ${i}`);
  });

  it('deletes the files of the old layout (one file per body) and of abandoned builds', () => {
    build({ a: 'A' });
    writeFileSync(path.join(dir(), '0123abcd.html'), '<p>old</p>');
    const w = openBodyWriter(dir());
    w.write('b', 'B');
    w.abandon();
    expect(hasBody(dir(), 'b')).toBe(false);
    writeFileSync(path.join(dir(), '7.pack'), 'left by a build that crashed before committing');
    pruneBodies(dir(), new Set(['a']));
    expect(files()).toEqual(['1.pack', 'index.json']);
  });

  it('counts a body whose pack went missing as missing, and names the file when asked for it', () => {
    build({ a: 'A' });
    rmSync(path.join(dir(), '1.pack'));
    expect(hasBody(dir(), 'a')).toBe(false);
    expect(() => readBody(dir(), 'a', 'repo-1:postmortems/a.md')).toThrow(
      /rendered body of repo-1:postmortems\/a\.md is missing \(.*1\.pack\).*Delete Astro's cache folder/,
    );
    pruneBodies(dir(), new Set(['a']));
    expect(existsSync(path.join(dir(), 'index.json'))).toBe(true);
    expect(hasBody(dir(), 'a')).toBe(false);
  });

  it('treats a damaged index as an empty one', () => {
    build({ a: 'A' });
    writeFileSync(path.join(dir(), 'index.json'), '{"next": 2, "bod');
    expect(hasBody(dir(), 'a')).toBe(false);
    build({ b: 'B' });
    expect(readBody(dir(), 'b', 'x')).toBe('B');
  });
});
