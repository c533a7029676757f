import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanAbandoned, publishStaging, stageFromPrevious, unlinkOutputOf } from '../../src/build/staging.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

let work: string;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};
const exdev = () => Object.assign(new Error('cross-device link not permitted'), { code: 'EXDEV' });

beforeEach(() => {
  work = makeTempDir('knowledge-staging-');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('the staging folder', () => {
  it('starts as links to the last output, and skips what is made anew', () => {
    const out = path.join(work, 'dist');
    write(path.join(out, 'a', 'index.html'), 'A');
    write(path.join(out, 'pagefind', 'pagefind.js'), 'P');
    write(path.join(out, '_astro', 'site.css'), 'C');
    write(path.join(out, 'sitemap.xml'), 'S');
    write(path.join(out, '.knowledge-build.json'), '{}');
    const staging = path.join(work, 'staging');
    expect(stageFromPrevious(out, staging)).toEqual({ linked: 2, copied: 0 });
    expect(statSync(path.join(staging, 'a', 'index.html')).ino).toBe(statSync(path.join(out, 'a', 'index.html')).ino);
    expect(statSync(path.join(staging, 'pagefind', 'pagefind.js')).ino).toBe(
      statSync(path.join(out, 'pagefind', 'pagefind.js')).ino,
    );
    expect(readdirSync(staging).sort()).toEqual(['a', 'pagefind']);
  });

  it('unlinks the files a page is written to, so that the published file keeps its text', () => {
    const out = path.join(work, 'dist');
    write(path.join(out, 'postmortems', 'café', 'index.html'), 'old');
    write(path.join(out, 'feed.xml'), 'old feed');
    write(path.join(out, '404.html'), 'old 404');
    const staging = path.join(work, 'staging');
    stageFromPrevious(out, staging);
    unlinkOutputOf(staging, '/postmortems/caf%C3%A9/');
    unlinkOutputOf(staging, '/feed.xml');
    unlinkOutputOf(staging, '/404');
    unlinkOutputOf(staging, '/../dist/feed.xml');
    expect(existsSync(path.join(staging, 'postmortems', 'café', 'index.html'))).toBe(false);
    expect(existsSync(path.join(staging, 'feed.xml'))).toBe(false);
    expect(existsSync(path.join(staging, '404.html'))).toBe(false);
    expect(readFileSync(path.join(out, 'postmortems', 'café', 'index.html'), 'utf8')).toBe('old');
    expect(readFileSync(path.join(out, 'feed.xml'), 'utf8')).toBe('old feed');
  });

  it('replaces the output folder, by copying when a rename crosses file systems', () => {
    const out = path.join(work, 'site', 'dist');
    write(path.join(out, 'old.html'), 'old');
    const staging = path.join(work, 'staging');
    write(path.join(staging, 'new.html'), 'new');
    let calls = 0;
    const how = publishStaging(staging, out, 'b1-1', {
      rename: (from, to) => {
        calls++;
        if (calls === 1) throw exdev();
        renameSync(from, to);
      },
    });
    expect(how).toBe('copied');
    expect(readdirSync(out)).toEqual(['new.html']);
    expect(existsSync(staging)).toBe(false);
    expect(readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  it('replaces what is inside an output folder that cannot be renamed (a mount point)', () => {
    const out = path.join(work, 'dist');
    write(path.join(out, 'old.html'), 'old');
    const staging = path.join(work, 'staging');
    write(path.join(staging, 'sub', 'new.html'), 'new');
    const how = publishStaging(staging, out, 'b2-1', {
      rename: (from, to) => {
        if (from === out) throw Object.assign(new Error('busy'), { code: 'EBUSY' });
        renameSync(from, to);
      },
    });
    expect(how).toBe('renamed');
    expect(readdirSync(out)).toEqual(['sub']);
    expect(readFileSync(path.join(out, 'sub', 'new.html'), 'utf8')).toBe('new');
    expect(readdirSync(work).sort()).toEqual(['dist']);
  });

  it('deletes what builds that no longer run left, and keeps what a running build is using', () => {
    const workDir = path.join(work, 'builds', 'dist-internal-abc');
    const out = path.join(work, 'dist');
    for (const name of ['staging-m1-999999', 'staging-m2-424242', 'leak-canaries-m1-999999.json', 'build-report.json'])
      write(path.join(workDir, name, name.endsWith('.json') ? '' : 'x'), '');
    mkdirSync(path.join(work, '.dist.old-m1-999999'));
    mkdirSync(path.join(work, '.dist.incoming-m2-424242'));
    const gone = cleanAbandoned(workDir, out, (pid) => pid === 424242);
    expect(gone.map((g) => path.basename(g)).sort()).toEqual([
      '.dist.old-m1-999999',
      'leak-canaries-m1-999999.json',
      'staging-m1-999999',
    ]);
    expect(readdirSync(workDir).sort()).toEqual(['build-report.json', 'staging-m2-424242']);
    expect(existsSync(path.join(work, '.dist.incoming-m2-424242'))).toBe(true);
  });
});
