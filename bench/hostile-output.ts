/**
 * Builds a site of one post-mortem with N values of every list (and two neighbours), and prints the page count,
 * output bytes, wall time and peak memory: `node bench/hostile-output.ts 600`. With `kata N`: one kata of N short
 * hint sections (100,000 make 1.8 MB) and a neighbour.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestRepo, makeTempDir } from '../test/helpers/git-repo.ts';
import { manySpoilersKata, manyValuesPostmortem } from '../test/fixtures/hostile/output/generate.ts';

const kata = process.argv[2] === 'kata';
const n = Number(process.argv[kata ? 3 : 2] ?? 600);
const root = path.resolve(import.meta.dirname, '..');
const repo = createTestRepo();
cpSync(path.join(root, 'test/fixtures/hostile/output'), repo.dir, { recursive: true });
if (kata) repo.write('katas/many-spoilers.md', manySpoilersKata(n, true));
else repo.write('postmortems/many-values.md', manyValuesPostmortem(n));
repo.commit('many values');
const work = makeTempDir('knowledge-bench-output-');
writeFileSync(
  path.join(work, 'sources.yaml'),
  `site: { title: Bench }\nsources:\n  - { name: big, repo: "${repo.url}", kind: ${kata ? 'kata' : 'postmortem'}, include: ["${kata ? 'katas' : 'postmortems'}/*"] }\n`,
);
const out = path.join(work, 'dist');
const started = Date.now();
const run = spawnSync(
  '/usr/bin/time',
  ['-v', process.execPath, path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build'],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      KNOWLEDGE_SOURCES: path.join(work, 'sources.yaml'),
      KNOWLEDGE_OUT_DIR: out,
      KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
      KNOWLEDGE_TODAY: '2026-11-23',
    },
  },
);
const log = `${run.stdout}${run.stderr}`;
if (run.status !== 0) console.error(log.slice(-4000));
const seconds = (Date.now() - started) / 1000;
let files = 0;
let bytes = 0;
let pages = 0;
const walk = (dir: string) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else {
      files++;
      bytes += statSync(p).size;
      if (e.name.endsWith('.html')) pages++;
    }
  }
};
walk(out);
const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(log)?.[1];
console.log(
  JSON.stringify({
    ...(kata ? { kata: true } : {}),
    n,
    exit: run.status,
    pages,
    files,
    megabytes: +(bytes / 1e6).toFixed(1),
    seconds,
    peakMemoryMB: rss ? Math.round(Number(rss) / 1024) : undefined,
  }),
);
repo.cleanup();
rmSync(work, { recursive: true, force: true });
