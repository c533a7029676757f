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
    writeFileSync(path.join(dir, 'b.html'), '<a href="/postmortems/vault-rotation/">x</a> postmortem/vaulted <code>postmortems/vault.md</code>');
    const leaks = findLeaks(dir, { urls: [], strings: [], refs: ['postmortems/vault', 'postmortem/vault'] });
    expect(leaks).toEqual([{ file: 'a/index.html', found: 'postmortems/vault' }]);
  });

  it('reads percent-encoded addresses as a browser would', () => {
    const sub = path.join(dir, 'encoded');
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, 'index.html'), '<a href="https://kb.example.com/postmortems/%76ault/">x</a>');
    expect(findLeaks(sub, { urls: [], strings: [], refs: ['postmortems/vault'] })).toEqual([{ file: 'index.html', found: 'postmortems/vault' }]);
  });
});
