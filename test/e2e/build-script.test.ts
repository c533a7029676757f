/**
 * The `build` script of package.json, run as npm runs it (its variables set, then the command from
 * node_modules/.bin), on the example organisation: it builds, and it leaves nothing in Node's module compile cache,
 * which Astro's command line turns on outside CI and which kept every build's content store module. (npm itself
 * is not run: npm 11 keeps its own modules in that cache.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/git-repo.ts';

const root = path.resolve(import.meta.dirname, '../..');
const work = makeTempDir('knowledge-build-script-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run build', () => {
  it("builds the example organisation and writes nothing to Node's compile cache", () => {
    const script = (
      JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts.build!;
    const words = script.split(/\s+/);
    const assignments = words.slice(
      0,
      words.findIndex((w) => !/^\w+=/.test(w)),
    );
    const [command, ...args] = words.slice(assignments.length);
    // Node keeps the cache in the temporary folder unless told otherwise.
    const tmp = path.join(work, 'tmp');
    mkdirSync(tmp);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...Object.fromEntries(assignments.map((a) => a.split(/=(.*)/s).slice(0, 2))),
      PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
      TMPDIR: tmp,
      KNOWLEDGE_OUT_DIR: path.join(work, 'dist'),
      KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro'),
    };
    delete env.CI;
    delete env.NODE_COMPILE_CACHE;
    const r = spawnSync(path.join(root, 'node_modules', '.bin', command!), args, {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(existsSync(path.join(work, 'dist', 'postmortems', 'index.html'))).toBe(true);
    expect(existsSync(path.join(tmp, 'node-compile-cache'))).toBe(false);
  }, 180_000);
});
