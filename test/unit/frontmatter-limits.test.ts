import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../../src/lib/frontmatter.ts';
import { parseDocument } from '../../src/lib/parse-document.ts';
import { formatProblem } from '../../src/lib/problems.ts';
import { relatedBomb, tagsBomb } from '../helpers/yaml-bombs.ts';

const refused = (text: string) => {
  const r = parseFrontmatter(text);
  expect(r.ok).toBe(false);
  return r.ok ? undefined : r;
};

describe('limits on the parsed frontmatter', () => {
  it('refuses aliases that expand `related` to 9 million values', () => {
    expect(relatedBomb().length).toBeLessThan(20_000);
    expect(refused(relatedBomb())).toEqual({
      ok: false,
      line: 5,
      field: 'related',
      message:
        'the frontmatter holds more than 20,000 values once YAML aliases (*name) are expanded, over the limit of 20,000; write fewer values, or write them out instead of repeating aliases',
    });
  });

  it('refuses a long string aliased 10,000 times', () => {
    expect(refused(tagsBomb())).toEqual({
      ok: false,
      line: 5,
      field: 'tags',
      message:
        'the frontmatter holds more than 1,000,000 characters once YAML aliases (*name) are expanded, over the limit of 1,000,000; move long text into the body',
    });
  });

  it('refuses one string over 100,000 characters', () => {
    expect(refused(`---\ntitle: T\nsummary: "${'y'.repeat(100_001)}"\n---\n`)).toEqual({
      ok: false,
      line: 3,
      field: 'summary',
      message: 'a string of 100,001 characters, over the limit of 100,000 per string; move long text into the body',
    });
  });

  it('refuses values nested more than 32 levels deep', () => {
    expect(refused(`---\ntitle: T\nx: ${'['.repeat(40)}1${']'.repeat(40)}\n---\n`)).toEqual({
      ok: false,
      line: 3,
      field: 'x',
      message: 'values nested more than 32 levels deep, over the limit of 32; write a flatter structure',
    });
  });

  it('refuses a mapping that holds itself', () => {
    expect(refused('---\ntitle: T\nloop: &l { self: *l }\n---\n')).toMatchObject({ field: 'loop', line: 3 });
  });

  it('reads a frontmatter within the limits, aliases included', () => {
    const r = parseFrontmatter(
      `---\ntitle: T\nteams: &t [a, b]\ntags: *t\nrelated: [${Array.from({ length: 5000 }, (_, i) => `x${i}`).join(',')}]\n---\nBody\n`,
    );
    expect(r.ok && r.data.tags).toEqual(['a', 'b']);
  });

  it('names the file and line in the document problem', () => {
    const r = parseDocument({
      kind: 'postmortem',
      source: 'src',
      path: 'pm/bomb.md',
      bytes: Buffer.from(relatedBomb()),
    });
    expect(r.ok).toBe(false);
    expect(r.problems.map(formatProblem)).toEqual([
      'src:pm/bomb.md:5: related: skipped: the frontmatter holds more than 20,000 values once YAML aliases (*name) are expanded, over the limit of 20,000; write fewer values, or write them out instead of repeating aliases',
    ]);
  });

  it('stays within a small heap on both bombs', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const script = `
      import { parseDocument } from ${JSON.stringify(path.join(root, 'src/lib/parse-document.ts'))};
      import { relatedBomb, tagsBomb } from ${JSON.stringify(path.join(root, 'test/helpers/yaml-bombs.ts'))};
      for (const text of [relatedBomb(), tagsBomb()]) {
        const r = parseDocument({ kind: 'postmortem', source: 's', path: 'p.md', bytes: Buffer.from(text) });
        JSON.stringify(r);
        console.log(r.ok ? 'built' : r.problems[0].field);
      }
      console.log(Math.round(process.memoryUsage().rss / 2 ** 20));`;
    const out = execFileSync(process.execPath, ['--max-old-space-size=96', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, VITEST: '' },
    });
    const [related, tags, rss] = out.trim().split('\n');
    expect([related, tags]).toEqual(['related', 'tags']);
    expect(Number(rss)).toBeLessThan(200);
  });
});
