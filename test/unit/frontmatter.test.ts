import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../../src/lib/frontmatter.ts';

const planted = path.join(tmpdir(), `knowledge-pwned-${process.pid}.txt`);
const payload = `{ title: (require('fs').writeFileSync(${JSON.stringify(planted)}, 'x'), "Innocent title") }`;

afterEach(() => rmSync(planted, { force: true }));

describe('frontmatter languages', () => {
  for (const marker of [
    'js',
    'javascript',
    'JS',
    'coffee',
    'coffeescript',
    'cson',
    'json',
    'toml',
    'constructor',
    '__proto__',
    'js ',
  ]) {
    it(`refuses ---${marker} without evaluating it`, () => {
      const r = parseFrontmatter(`---${marker}\n${payload}\n---\nBody\n`);
      expect(existsSync(planted)).toBe(false);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.line).toBe(1);
      expect(r.message).toBe(
        `the frontmatter is marked as "${marker.trim()}"; only YAML frontmatter is read (open it with a plain --- line)`,
      );
    });
  }

  it('reads ---yaml and ---yml as YAML', () => {
    for (const marker of ['yaml', 'yml']) {
      const r = parseFrontmatter(`---${marker}\ntitle: T\n---\nBody\n`);
      expect(r.ok && r.data.title).toBe('T');
    }
  });

  it('keeps YAML tags inert: no JavaScript types, unknown tags refused', () => {
    const r = parseFrontmatter('---\ntitle: !!js/function "function () { return 1 }"\n---\n');
    expect(r.ok).toBe(false);
    const s = parseFrontmatter('---\ntitle: !!js/undefined ""\n---\n');
    expect(s.ok).toBe(false);
  });
});
