/**
 * The benchmark: builds a synthetic organisation cold, again with no change, and after one change, and builds
 * the floor (a bare Astro 7 site over the same Markdown, plus Pagefind's CLI) in the same run, so that every
 * figure is also a ratio to the floor. Wall time and peak memory of the whole process tree.
 *
 *   npm run bench -- --docs 10000 --repos 20 [--keep] [--skip-floor]
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { generateOrg } from '../bench/generate-org.ts';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000' },
    repos: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    'skip-floor': { type: 'boolean', default: false },
  },
});
const docs = Number(values.docs);
const repos = Number(values.repos);
const root = path.resolve(import.meta.dirname, '..');
const astroBin = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
const pagefindBin = path.join(root, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs');

/** Resident memory of a process and all its descendants, in bytes. */
function treeRss(rootPid: number): number {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const tree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) if (!tree.has(pid) && tree.has(ppid)) { tree.add(pid); grew = true; }
  }
  let total = 0;
  for (const pid of tree) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch { /* gone */ }
  }
  return total;
}

interface Run {
  seconds: number;
  peakBytes: number;
  output: string;
}

function measure(command: string, args: string[], env: Record<string, string>, cwd = root): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    let peak = 0;
    const timer = setInterval(() => { peak = Math.max(peak, treeRss(child.pid!)); }, 100);
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} failed (${code}):\n${output.slice(-3000)}`));
      else resolve({ seconds, peakBytes: peak, output });
    });
  });
}

const work = mkdtempSync(path.join(tmpdir(), `knowledge-bench-${docs}-`));
const log = (m: string) => console.log(`[bench] ${m}`);
log(`generating ${docs} documents in ${repos} repositories under ${work}`);
const t0 = Date.now();
const org = generateOrg(work, docs, repos);
log(`generated ${org.docs} documents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const ours = {
  KNOWLEDGE_SOURCES: org.sourcesFile,
  KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro-cache'),
  KNOWLEDGE_OUT_DIR: path.join(work, 'dist'),
  KNOWLEDGE_TODAY: '2026-11-23',
  NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=7168',
};
const build = () => measure(process.execPath, [astroBin, 'build'], ours);
const counts = (r: Run) => {
  const m = /(\d+) documents built \((\d+) parsed, (\d+) unchanged\)/.exec(r.output);
  // Pages reused from the last build: copied back from Astro's cache ("restored") or left in place ("cached").
  const restored = (r.output.match(/\((restored|cached)\)/g) ?? []).length;
  const rendered = (r.output.match(/\(\+\d+(\.\d+)?m?s\)/g) ?? []).length;
  const fetched = (r.output.match(/: fetched at/g) ?? []).length;
  const m2 = /search index: (\d+) document pages(?: in (\d+) shards, (\d+) shard\(s\))? indexed/.exec(r.output);
  const indexed = m2 ? [m2[1], m2[2] ? `${m2[3]} of ${m2[2]} shards` : ''] : undefined;
  const reusedIndex = /search index: unchanged/.test(r.output);
  return { documents: Number(m?.[1]), parsed: Number(m?.[2]), unchanged: Number(m?.[3]), pagesRendered: rendered, pagesReused: restored, fetches: fetched, indexed: reusedIndex ? 'reused' : indexed ? `${indexed[0]} pages${indexed[1] ? `, ${indexed[1]}` : ''}` : '?' };
};

log('1/4 cold build');
const cold = await build();
log(`    ${cold.seconds.toFixed(1)} s, ${(cold.peakBytes / 2 ** 30).toFixed(2)} GiB, ${JSON.stringify(counts(cold))}`);
log('2/4 no-change build');
const same = await build();
log(`    ${same.seconds.toFixed(1)} s, ${(same.peakBytes / 2 ** 30).toFixed(2)} GiB, ${JSON.stringify(counts(same))}`);

log('3/4 one-change build: one document edited, one related link added');
const pmRepo = org.repos.find((r) => r.kind === 'postmortem')!;
const pmDir = path.join(pmRepo.dir, 'postmortems');
const [first, second] = readdirSync(pmDir).sort();
appendFileSync(path.join(pmDir, first!), '\n## Update\n\nA follow-up review found a second contributing factor in the retry policy.\n');
const secondText = readFileSync(path.join(pmDir, second!), 'utf8');
writeFileSync(path.join(pmDir, second!), secondText.replace(/^related: \[/m, `related: [postmortem/${first!.replace(/\.md$/, '')}, `));
execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', 'commit', '-qam', 'one change'], { cwd: pmRepo.dir });
const one = await build();
log(`    ${one.seconds.toFixed(1)} s, ${(one.peakBytes / 2 ** 30).toFixed(2)} GiB, ${JSON.stringify(counts(one))}`);
const changedPage = readFileSync(path.join(work, 'dist', 'postmortems', first!.replace(/\.md$/, '').toLowerCase(), 'index.html'), 'utf8');
const changeVisible = changedPage.includes('second contributing factor in the retry policy');

let floor: { cold: Run; pagefind: Run; rebuild: Run } | undefined;
if (!values['skip-floor']) {
  log('4/4 the floor: bare Astro 7 over the same Markdown, then Pagefind CLI');
  const floorEnv = { FLOOR_CONTENT: org.floorContent, FLOOR_OUT_DIR: path.join(work, 'floor-dist'), FLOOR_ASTRO_CACHE: path.join(work, 'floor-astro-cache'), NODE_OPTIONS: ours.NODE_OPTIONS };
  const floorRoot = path.join(root, 'bench', 'floor');
  const fcold = await measure(process.execPath, [astroBin, 'build', '--root', floorRoot], floorEnv);
  const fpf = await measure(process.execPath, [pagefindBin, '--site', floorEnv.FLOOR_OUT_DIR], {});
  const frebuild = await measure(process.execPath, [astroBin, 'build', '--root', floorRoot], floorEnv);
  floor = { cold: fcold, pagefind: fpf, rebuild: frebuild };
  log(`    cold ${fcold.seconds.toFixed(1)} s + Pagefind ${fpf.seconds.toFixed(1)} s, rebuild ${frebuild.seconds.toFixed(1)} s, peak ${(Math.max(fcold.peakBytes, frebuild.peakBytes) / 2 ** 30).toFixed(2)} GiB`);
}

const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
const ratio = (a: number, b?: number) => (b ? `${(a / b).toFixed(2)}×` : '—');
const floorPeak = floor ? Math.max(floor.cold.peakBytes, floor.rebuild.peakBytes, floor.pagefind.peakBytes) : undefined;
const rows = [
  { figure: 'cold build (clone to search index)', ours: `${cold.seconds.toFixed(1)} s`, floor: floor ? `${(floor.cold.seconds + floor.pagefind.seconds).toFixed(1)} s (${floor.cold.seconds.toFixed(1)} + Pagefind ${floor.pagefind.seconds.toFixed(1)})` : '—', ratio: ratio(cold.seconds, floor && floor.cold.seconds + floor.pagefind.seconds), target: '≤ 1.5×' },
  { figure: 'no-change rebuild', ours: `${same.seconds.toFixed(1)} s`, floor: floor ? `${floor.rebuild.seconds.toFixed(1)} s` : '—', ratio: ratio(same.seconds, floor?.rebuild.seconds), target: '≤ 1.3×' },
  { figure: 'one-change rebuild', ours: `${one.seconds.toFixed(1)} s`, floor: floor ? `${floor.rebuild.seconds.toFixed(1)} s` : '—', ratio: ratio(one.seconds, floor?.rebuild.seconds), target: '≤ 1.5×' },
  { figure: 'peak memory (process tree)', ours: gib(Math.max(cold.peakBytes, same.peakBytes, one.peakBytes)), floor: floorPeak ? gib(floorPeak) : '—', ratio: ratio(Math.max(cold.peakBytes, same.peakBytes, one.peakBytes), floorPeak), target: '≤ 1.25×' },
];
const details = { cold: counts(cold), noChange: counts(same), oneChange: { ...counts(one), changedPageUpdated: changeVisible } };
const md = [
  `## ${org.docs.toLocaleString('en')} documents, ${org.repos.length} repositories`,
  '',
  '| figure | ours | floor | ratio | target |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.figure} | ${r.ours} | ${r.floor} | ${r.ratio} | ${r.target} |`),
  '',
  `Cold: ${JSON.stringify(details.cold)}. No change: ${JSON.stringify(details.noChange)}. One change: ${JSON.stringify(details.oneChange)}.`,
  '',
].join('\n');
console.log(`\n${md}`);
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const base = path.join(root, 'bench', 'results', `bench-${org.docs}`);
writeFileSync(`${base}.md`, md);
writeFileSync(`${base}.json`, JSON.stringify({ docs: org.docs, repos: org.repos.length, date: new Date().toISOString(), rows, details, raw: { cold: cold.seconds, noChange: same.seconds, oneChange: one.seconds, peak: { cold: cold.peakBytes, noChange: same.peakBytes, oneChange: one.peakBytes }, floor: floor && { cold: floor.cold.seconds, pagefind: floor.pagefind.seconds, rebuild: floor.rebuild.seconds, peak: floorPeak } } }, null, 2));
log(`written ${base}.md and .json`);
if (!values.keep) rmSync(work, { recursive: true, force: true });
else log(`kept ${work}`);
if (existsSync(work) && !values.keep) log('could not remove the work folder');
