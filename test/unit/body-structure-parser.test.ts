/**
 * Body structure is read from Sätteri's mdast (fast, and the parser that renders the page). The tree must be the
 * one remark-parse + remark-gfm build, the reference GFM syntax tree: node for node, positions included, on every
 * Markdown file we have: the example organisation, the test fixtures (hostile ones too), the benchmark's
 * generated documents and the two real corpora.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../bench/generate-org.ts';
import { parseMarkdownTree, readBodyStructure } from '../../src/lib/body-structure.ts';
import { decodeText } from '../../src/lib/decode-text.ts';
import { parseFrontmatter } from '../../src/lib/frontmatter.ts';
import { corporaDir } from '../helpers/corpora.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

const root = path.resolve(import.meta.dirname, '../..');
const remark = unified().use(remarkParse).use(remarkGfm);

/** Keys sorted, `data` (parser-private) left out, so that two trees compare as JSON. */
function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.keys(node)
      .filter((k) => k !== 'data')
      .sort()
      .map((k) => [k, normalise((node as Record<string, unknown>)[k])]),
  );
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (e) =>
        e.isFile() &&
        /\.mdx?$/i.test(e.name) &&
        !e.parentPath.split(path.sep).some((p) => p === '.git' || p === 'node_modules'),
    )
    .map((e) => path.join(e.parentPath, e.name));
}

/** The body the loader would read structure from, or undefined for files the loader refuses before that. */
function bodyOf(file: string): string | undefined {
  const decoded = decodeText(readFileSync(file));
  if (!decoded.ok) return undefined;
  const fm = parseFrontmatter(decoded.text);
  return fm.ok ? fm.body : undefined;
}

function compare(files: string[]): { compared: number; differ: string[] } {
  let compared = 0;
  const differ: string[] = [];
  for (const file of files) {
    const body = bodyOf(file);
    if (body === undefined) continue;
    compared++;
    const ours = JSON.stringify(normalise(parseMarkdownTree(body)));
    const reference = JSON.stringify(normalise(remark.parse(body)));
    if (ours !== reference) differ.push(path.relative(root, file));
  }
  return { compared, differ };
}

const temp = makeTempDir('knowledge-trees-');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the syntax tree structure is read from', () => {
  it("equals remark-gfm's on the example organisation and every test fixture", () => {
    const result = compare([
      ...markdownFiles(path.join(root, 'content')),
      ...markdownFiles(path.join(root, 'test', 'fixtures')),
    ]);
    expect(result.compared).toBeGreaterThan(60);
    expect(result.differ).toEqual([]);
  });

  it("equals remark-gfm's on the benchmark's generated documents", () => {
    const org = generateOrg(path.join(temp, 'bench'), 200, 10);
    const result = compare(org.repos.flatMap((r) => markdownFiles(r.dir)));
    expect(result.compared).toBe(200);
    expect(result.differ).toEqual([]);
  });

  it.skipIf(!corporaDir)("equals remark-gfm's on the real corpora", () => {
    const files: string[] = [];
    for (const bundle of ['dfds-postmortems.bundle', 'ukho-engineering-standards.bundle']) {
      const dir = path.join(temp, bundle);
      execFileSync('git', ['clone', '-q', path.join(corporaDir!, bundle), dir]);
      files.push(...markdownFiles(dir));
    }
    const result = compare(files);
    expect(result.compared).toBeGreaterThan(80);
    expect(result.differ).toEqual([]);
  });

  it('keeps offsets in JavaScript string units, so the leading heading is cut out exactly', () => {
    const body = '# Café ☕ 🎉 über\n\nThe [runbook 🎉](https://example.org) was wrong.\n';
    const structure = readBodyStructure(body, 5);
    expect(structure.leadingHeading).toEqual({ text: 'Café ☕ 🎉 über', start: 0, end: '# Café ☕ 🎉 über'.length });
    expect(structure.links).toEqual([{ url: 'https://example.org', text: 'runbook 🎉', line: 7 }]);
  });
});

describe('action items a plain list gives', () => {
  it('are of unknown status: a plain list says neither open nor done', () => {
    const s = readBodyStructure(
      '## Action Items\n\n- Look into Traefik 2.X\n\n## Follow-ups\n\n## Action items\n\n- [ ] Alert on 504s\n- [x] Tell the users\n',
      1,
    );
    expect(s.actionItems.map((a) => a.status)).toEqual(['unknown']);
    const tasks = readBodyStructure('## Action items\n\n- [ ] Alert on 504s\n- [x] Tell the users\n', 1);
    expect(tasks.actionItems.map((a) => a.status)).toEqual(['open', 'done']);
  });
});
