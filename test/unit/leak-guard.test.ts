import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLeaks } from '../../src/build/leak-guard.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the leak guard', () => {
  it('finds a kind/slug reference to a hidden document, but not a longer slug that starts the same', () => {
    mkdirSync(path.join(dir, 'a'), { recursive: true });
    writeFileSync(path.join(dir, 'a', 'index.html'), '<a href="postmortems/vault#why">x</a>');
    writeFileSync(
      path.join(dir, 'b.html'),
      '<a href="/postmortems/vault-rotation/">x</a> postmortem/vaulted <code>postmortems/vault.md</code>',
    );
    const leaks = findLeaks(dir, { urls: [], strings: [], refs: ['postmortems/vault', 'postmortem/vault'] });
    expect(leaks).toEqual([{ file: 'a/index.html', found: 'postmortems/vault' }]);
  });

  it('reads percent-encoded addresses as a browser would', () => {
    const sub = path.join(dir, 'encoded');
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, 'index.html'), '<a href="https://kb.example.com/postmortems/%76ault/">x</a>');
    expect(findLeaks(sub, { urls: [], strings: [], refs: ['postmortems/vault'] })).toEqual([
      { file: 'index.html', found: 'postmortems/vault' },
    ]);
  });

  it('finds an id only as a whole word, a sentence anywhere, and ignores what every page shows', () => {
    const sub = path.join(dir, 'words');
    mkdirSync(sub, { recursive: true });
    for (const name of ['a', 'b', 'c'])
      writeFileSync(
        path.join(sub, `${name}.html`),
        `<a class="skip">Skip to content</a><p>${name === 'a' ? 'PM-2025-011 and xthe internal plan for q3y' : 'nothing'}</p>`,
      );
    const leaks = findLeaks(sub, {
      urls: [],
      strings: ['PM-2025-01', 'the internal plan for Q3', 'Skip to content'],
      refs: [],
    });
    expect(leaks).toEqual([{ file: 'a.html', found: 'the internal plan for Q3' }]);
  });
});

describe('a sentence that a longer public text starts with', () => {
  it('is not found in a public title or a label followed by a date, but is found standing whole', () => {
    const sub = path.join(dir, 'prefix');
    mkdirSync(sub, { recursive: true });
    writeFileSync(
      path.join(sub, 'a.html'),
      '<title>CPC meeting 2024-01-10</title><span>Tribe session</span> <time>2024-01-01</time><a>Weekly sync 123</a>',
    );
    writeFileSync(path.join(sub, 'b.html'), '<p>see <b>Tribe session 202</b>.</p>');
    const leaks = findLeaks(sub, {
      urls: [],
      strings: ['Tribe session 202', 'CPC meeting 2024-01-1', 'Weekly sync 12'],
      refs: [],
    });
    expect(leaks).toEqual([{ file: 'b.html', found: 'Tribe session 202' }]);
  });
});
