/**
 * The benchmark: builds a synthetic organisation cold, again with no change, on the next day with no change, and
 * after one change, and builds the floor (a bare Astro 7 site over the same Markdown, plus Pagefind's CLI) in the
 * same run, so that every figure is also a ratio to the floor. Wall time and peak memory of the whole process tree.
 *
 *   npm run bench -- --docs 10000 --repos 20 [--rounds 3] [--keep] [--skip-floor] [--search-only]
 *
 * After the rounds, a real Chromium measures the bytes of a first search on the last build (see
 * bench/search-bytes.ts); `--search-only` builds once, cold, and measures only that.
 *
 * Each round builds both sides: ours cold, with no change, on the next day, and after one change; the floor cold, its Pagefind,
 * and its rebuild. The table gives the median of the rounds.
 *
 * Between builds the bench clears up after itself without weighing on the next build: the folders of the last
 * build are moved aside (and deleted when the bench ends), and the disk is synced. On this machine's file
 * system, a build that creates its files just after tens of thousands were deleted spends much of its time in
 * the kernel's inode allocator (`find_inode_bit` → `recently_deleted`, seen with `perf`: up to 20 s of system
 * time in a 10,000-document build, for us and for the floor alike); no build in CI starts that way.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateOrg } from '../bench/generate-org.ts';
import { describeSearchBytes, firstSearchBytes, type SearchBytes } from '../bench/search-bytes.ts';
import { stripAnsi } from '../src/lib/strip-ansi.ts';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000' },
    repos: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    'skip-floor': { type: 'boolean', default: false },
    'search-only': { type: 'boolean', default: false },
  },
});
const docs = Number(values.docs);
const repos = Number(values.repos);
const rounds = Math.max(1, Math.floor(Number(values.rounds)));
const root = path.resolve(import.meta.dirname, '..');
const astroBin = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
const pagefindBin = path.join(root, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs');

/** The children of a process, from each of its threads' `children` file (cheap: no scan of all of /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' '))
        if (c.trim()) out.push(Number(c));
    } catch {
      /* gone */
    }
  }
  return out;
}

const PAGE = 4096;
/**
 * Resident memory of a process and all its descendants, in bytes. Called ten times a second during a build, so
 * it reads only the tree's own files (the bench's polling once cost it 8% of a core by scanning all of /proc).
 */
function treeRss(rootPid: number): number {
  let total = 0;
  const todo = [rootPid];
  while (todo.length) {
    const pid = todo.pop()!;
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
    } catch {
      /* gone */
    }
    todo.push(...childrenOf(pid));
  }
  return total;
}

interface Run {
  seconds: number;
  peakBytes: number;
  output: string;
}

function measure(command: string, args: string[], env: Record<string, string>, cwd = root): Promise<Run> {
  // The last build's writes reach the disk now, not during this build.
  execFileSync('sync');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, treeRss(child.pid!));
    }, 100);
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0)
        reject(
          new Error(
            `${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} failed (${code}):\n${output.slice(-3000)}`,
          ),
        );
      else resolve({ seconds, peakBytes: peak, output: stripAnsi(output) });
    });
  });
}

const work = mkdtempSync(path.join(tmpdir(), `knowledge-bench-${docs}-`));
const log = (m: string) => console.log(`[bench] ${m}`);
log(`generating ${docs} documents in ${repos} repositories under ${work}`);
const t0 = Date.now();
const org = generateOrg(work, docs, repos);
log(`generated ${org.docs} documents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const trash = path.join(work, 'trash');
let trashed = 0;
/** Empties the way for a cold build: moves the folders aside (deleted when the bench ends; see the top). */
function clearAway(dirs: string[]): void {
  const into = path.join(trash, String(++trashed));
  mkdirSync(into, { recursive: true });
  dirs.forEach((d, i) => {
    if (existsSync(d)) renameSync(d, path.join(into, `${i}-${path.basename(d)}`));
  });
}

const ours = {
  KNOWLEDGE_SOURCES: org.sourcesFile,
  KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro-cache'),
  KNOWLEDGE_OUT_DIR: path.join(work, 'dist'),
  KNOWLEDGE_TODAY: '2026-11-23',
  NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=7168',
};
const build = (env: Record<string, string> = {}) => measure(process.execPath, [astroBin, 'build'], { ...ours, ...env });
/** The day after the bench's "today": a build on it, with nothing changed, shows what the date alone costs. */
const nextDay = new Date(Date.parse(`${ours.KNOWLEDGE_TODAY}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const counts = (r: Run) => {
  const m = /(\d+) documents built \((\d+) parsed, (\d+) unchanged\)/.exec(r.output);
  // Pages reused from the last build: copied back from Astro's cache ("restored") or left in place ("cached").
  const restored = (r.output.match(/\((restored|cached)\)/g) ?? []).length;
  const rendered = (r.output.match(/\(\+\d+(\.\d+)?m?s\)/g) ?? []).length;
  const fetched = (r.output.match(/: fetched at/g) ?? []).length;
  const m2 = /search index: (\d+) document pages(?: in (\d+) shards, (\d+) shard\(s\))? indexed/.exec(r.output);
  const early = /\((\d+) of them while the pages were rendered\)/.exec(r.output)?.[1];
  const indexed = m2
    ? [m2[1], m2[2] ? `${m2[3]} of ${m2[2]} shards${early ? ` (${early} while pages rendered)` : ''}` : '']
    : undefined;
  const reusedIndex = /search index: unchanged/.test(r.output);
  // Where the time went, from the build's own progress lines (seconds).
  const num = (re: RegExp) => {
    const x = re.exec(r.output);
    return x ? Number(x[1]) : undefined;
  };
  const indexMs = num(/search index: .* in (\d+) ms/);
  const phases = {
    sync: num(/sources synced in ([\d.]+) s/),
    content: num(/\[types\] Generated ([\d.]+)s/),
    render: num(/generating static routes[\s\S]*?Completed in ([\d.]+)s/),
    index: indexMs === undefined ? undefined : indexMs / 1000,
  };
  return {
    documents: Number(m?.[1]),
    parsed: Number(m?.[2]),
    unchanged: Number(m?.[3]),
    pagesRendered: rendered,
    pagesReused: restored,
    fetches: fetched,
    indexed: reusedIndex ? 'reused' : indexed ? `${indexed[0]} pages${indexed[1] ? `, ${indexed[1]}` : ''}` : '?',
    phases,
  };
};

const pmRepo = org.repos.find((r) => r.kind === 'postmortem')!;
const pmDir = path.join(pmRepo.dir, 'postmortems');
const pmFiles = readdirSync(pmDir).sort();
const floorEnv = {
  FLOOR_CONTENT: org.floorContent,
  FLOOR_OUT_DIR: path.join(work, 'floor-dist'),
  FLOOR_ASTRO_CACHE: path.join(work, 'floor-astro-cache'),
  NODE_OPTIONS: ours.NODE_OPTIONS,
};
const floorRoot = path.join(root, 'bench', 'floor');
const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
const show = (r: Run) => `${r.seconds.toFixed(1)} s, ${gib(r.peakBytes)}`;
/** The highest peak memory of some builds. */
const peakOf = (runs: Run[]) => Math.max(...runs.map((r) => r.peakBytes));
const ourBuilds = (r: OurRound) => [r.cold, r.same, r.nextDay, r.one];
const floorBuilds = (r: FloorRound) => [r.cold, r.pagefind, r.rebuild];

interface OurRound {
  cold: Run;
  same: Run;
  nextDay: Run;
  one: Run;
  changeVisible: boolean;
}
interface FloorRound {
  cold: Run;
  pagefind: Run;
  rebuild: Run;
}

/**
 * Our four builds: cold (empty caches), no change, no change on the next day, and one change (an edit, and a
 * related link to it; still on the next day, as days only move forward).
 */
async function ourRound(round: number): Promise<OurRound> {
  clearAway([ours.KNOWLEDGE_CACHE_DIR, ours.KNOWLEDGE_ASTRO_CACHE, ours.KNOWLEDGE_OUT_DIR]);
  log('    ours: cold build');
  const cold = await build();
  log(`      ${show(cold)}, ${JSON.stringify(counts(cold))}`);
  log('    ours: no-change build');
  const same = await build();
  log(`      ${show(same)}, ${JSON.stringify(counts(same))}`);
  log(`    ours: next-day build, nothing changed (KNOWLEDGE_TODAY=${nextDay})`);
  const day = await build({ KNOWLEDGE_TODAY: nextDay });
  log(`      ${show(day)}, ${JSON.stringify(counts(day))}`);
  log('    ours: one-change build (one document edited, one related link added to it)');
  const first = pmFiles[0]!;
  const linking = pmFiles[round]!;
  const words = `Follow-up review ${round} found another contributing factor in the retry policy.`;
  appendFileSync(path.join(pmDir, first), `\n## Update ${round}\n\n${words}\n`);
  const text = readFileSync(path.join(pmDir, linking), 'utf8');
  writeFileSync(
    path.join(pmDir, linking),
    text.replace(/^related: \[/m, `related: [postmortem/${first.replace(/\.md$/, '')}, `),
  );
  execFileSync(
    'git',
    ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', 'commit', '-qam', `change ${round}`],
    { cwd: pmRepo.dir },
  );
  const one = await build({ KNOWLEDGE_TODAY: nextDay });
  log(`      ${show(one)}, ${JSON.stringify(counts(one))}`);
  const changedPage = readFileSync(
    path.join(ours.KNOWLEDGE_OUT_DIR, 'postmortems', first.replace(/\.md$/, '').toLowerCase(), 'index.html'),
    'utf8',
  );
  return { cold, same, nextDay: day, one, changeVisible: changedPage.includes(words) };
}

/** The floor: a bare Astro 7 site over the same Markdown, cold, then Pagefind's CLI, then a rebuild. */
async function floorRound(): Promise<FloorRound> {
  clearAway([floorEnv.FLOOR_OUT_DIR, floorEnv.FLOOR_ASTRO_CACHE]);
  log('    floor: cold build, Pagefind CLI, rebuild');
  const cold = await measure(process.execPath, [astroBin, 'build', '--root', floorRoot], floorEnv);
  const pagefind = await measure(process.execPath, [pagefindBin, '--site', floorEnv.FLOOR_OUT_DIR], {});
  const rebuild = await measure(process.execPath, [astroBin, 'build', '--root', floorRoot], floorEnv);
  const r = { cold, pagefind, rebuild };
  log(
    `      cold ${cold.seconds.toFixed(1)} s + Pagefind ${pagefind.seconds.toFixed(1)} s, rebuild ${rebuild.seconds.toFixed(1)} s, peak ${gib(peakOf(floorBuilds(r)))}`,
  );
  return r;
}

/** The query of the measured first search: a word of the generated text (so it matches most documents). */
const SEARCH_QUERY = 'certificate';
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** The bytes of a first search on the last build, or undefined without Chromium. */
async function searchBytes(): Promise<SearchBytes | undefined> {
  if (!existsSync(chromiumPath)) {
    log(`first search bytes not measured: no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
    return undefined;
  }
  const b = await firstSearchBytes(ours.KNOWLEDGE_OUT_DIR, SEARCH_QUERY, chromiumPath);
  log(`first search bytes at ${org.docs} documents, "${SEARCH_QUERY}": ${describeSearchBytes(b)}`);
  return b;
}
const kb = (b: SearchBytes) => `${(b.total / 1000).toFixed(0)} KB`;

if (values['search-only']) {
  clearAway([ours.KNOWLEDGE_CACHE_DIR, ours.KNOWLEDGE_ASTRO_CACHE, ours.KNOWLEDGE_OUT_DIR]);
  log('ours: cold build');
  const cold = await build();
  log(`  ${show(cold)}, ${JSON.stringify(counts(cold))}`);
  const b = await searchBytes();
  if (b) console.log(`\nfirst search bytes at ${org.docs} documents: ${kb(b)} (target ≤ 150 KB at 10,000)`);
  rmSync(trash, { recursive: true, force: true });
  if (!values.keep) rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

// Rounds alternate which side goes first, so that a machine that speeds up or slows down during the run
// weighs on both sides alike; each figure is the median of the rounds.
const oursRuns: OurRound[] = [];
const floorRuns: FloorRound[] = [];
for (let round = 1; round <= rounds; round++) {
  log(`round ${round} of ${rounds}`);
  if (round % 2 === 0 && !values['skip-floor']) floorRuns.push(await floorRound());
  oursRuns.push(await ourRound(round));
  if (round % 2 === 1 && !values['skip-floor']) floorRuns.push(await floorRound());
}

/** The middle item, or the two middle items, of `items` ordered by `key`. */
function middle<T>(items: T[], key: (item: T) => number): T[] {
  const s = [...items].sort((a, b) => key(a) - key(b));
  return s.slice((s.length - 1) >> 1, (s.length >> 1) + 1);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => mean(middle(xs, (x) => x));
const med = (pick: (r: OurRound) => Run) => median(oursRuns.map((r) => pick(r).seconds));
/** The floor's median, or undefined when the floor was skipped. */
const fmed = (pick: (r: FloorRound) => number) => (floorRuns.length ? median(floorRuns.map(pick)) : undefined);
const cold = med((r) => r.cold);
const same = med((r) => r.same);
const day = med((r) => r.nextDay);
const one = med((r) => r.one);
// The floor's cold build plus its Pagefind, median by their sum; its parts come from the same middle round(s).
const coldMiddle = middle(floorRuns, (r) => r.cold.seconds + r.pagefind.seconds);
const fcold = mean(coldMiddle.map((r) => r.cold.seconds));
const fpf = mean(coldMiddle.map((r) => r.pagefind.seconds));
const fcoldAll = floorRuns.length ? fcold + fpf : undefined;
const frebuild = fmed((r) => r.rebuild.seconds);
const peak = peakOf(oursRuns.flatMap(ourBuilds));
const floorPeak = floorRuns.length ? peakOf(floorRuns.flatMap(floorBuilds)) : undefined;
const ratio = (a: number, b?: number) => (b ? `${(a / b).toFixed(2)}×` : '—');
const secs = (x: number) => `${x.toFixed(1)} s`;
const rows = [
  {
    figure: 'cold build (clone to search index)',
    ours: secs(cold),
    floor: fcoldAll !== undefined ? `${secs(fcoldAll)} (${fcold.toFixed(1)} + Pagefind ${fpf.toFixed(1)})` : '—',
    ratio: ratio(cold, fcoldAll),
    target: '≤ 1.5×',
  },
  {
    figure: 'no-change rebuild',
    ours: secs(same),
    floor: frebuild !== undefined ? secs(frebuild) : '—',
    ratio: ratio(same, frebuild),
    target: '≤ 1.3×',
  },
  {
    figure: 'next day, nothing changed',
    ours: secs(day),
    floor: frebuild !== undefined ? secs(frebuild) : '—',
    ratio: ratio(day, frebuild),
    target: '≤ 1.3×',
  },
  {
    figure: 'one-change rebuild',
    ours: secs(one),
    floor: frebuild !== undefined ? secs(frebuild) : '—',
    ratio: ratio(one, frebuild),
    target: '≤ 1.5×',
  },
  {
    figure: 'peak memory (process tree)',
    ours: gib(peak),
    floor: floorPeak ? gib(floorPeak) : '—',
    ratio: ratio(peak, floorPeak),
    target: '≤ 1.25×',
  },
];
const search = await searchBytes();
rows.push({
  figure: `first search bytes at ${org.docs.toLocaleString('en')} documents (/search/ and "${SEARCH_QUERY}", Chromium)`,
  ours: search ? kb(search) : '—',
  floor: '—',
  ratio: '—',
  target: '≤ 150 KB at 10,000',
});
const last = oursRuns[oursRuns.length - 1]!;
const details = {
  cold: counts(last.cold),
  noChange: counts(last.same),
  nextDay: counts(last.nextDay),
  oneChange: { ...counts(last.one), changedPageUpdated: oursRuns.every((r) => r.changeVisible) },
};
const perRound = oursRuns.map((r, i) => {
  const f = floorRuns[i];
  const pair = (a: number, b?: number) => `${a.toFixed(1)}${b !== undefined ? ` / ${b.toFixed(1)}` : ''}`;
  return `| ${i + 1} | ${pair(r.cold.seconds, f && f.cold.seconds + f.pagefind.seconds)} | ${pair(r.same.seconds, f?.rebuild.seconds)} | ${pair(r.nextDay.seconds, f?.rebuild.seconds)} | ${pair(r.one.seconds, f?.rebuild.seconds)} | ${gib(peakOf(ourBuilds(r)))}${f ? ` / ${gib(peakOf(floorBuilds(f)))}` : ''} |`;
});
const md = [
  `## ${org.docs.toLocaleString('en')} documents, ${org.repos.length} repositories`,
  '',
  `Median of ${rounds} round(s); peak memory is the highest of all rounds.`,
  '',
  '| figure | ours | floor | ratio | target |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.figure} | ${r.ours} | ${r.floor} | ${r.ratio} | ${r.target} |`),
  '',
  'Each round, ours / floor (seconds):',
  '',
  '| round | cold | no change | next day | one change | peak memory |',
  '|---|---|---|---|---|---|',
  ...perRound,
  '',
  ...(search ? [`First search: ${describeSearchBytes(search)}.`, ''] : []),
  `Cold: ${JSON.stringify(details.cold)}. No change: ${JSON.stringify(details.noChange)}. Next day: ${JSON.stringify(details.nextDay)}. One change: ${JSON.stringify(details.oneChange)}.`,
  '',
].join('\n');
console.log(`\n${md}`);
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const base = path.join(root, 'bench', 'results', `bench-${org.docs}`);
writeFileSync(`${base}.md`, md);
const raw = (r: Run) => ({ seconds: r.seconds, peakBytes: r.peakBytes });
writeFileSync(
  `${base}.json`,
  JSON.stringify(
    {
      docs: org.docs,
      repos: org.repos.length,
      rounds,
      date: new Date().toISOString(),
      rows,
      details,
      search,
      raw: {
        ours: oursRuns.map((r) => ({
          cold: raw(r.cold),
          noChange: raw(r.same),
          nextDay: raw(r.nextDay),
          oneChange: raw(r.one),
          changedPageUpdated: r.changeVisible,
        })),
        floor: floorRuns.map((r) => ({ cold: raw(r.cold), pagefind: raw(r.pagefind), rebuild: raw(r.rebuild) })),
      },
    },
    null,
    2,
  ),
);
log(`written ${base}.md and .json`);
rmSync(trash, { recursive: true, force: true });
if (!values.keep) rmSync(work, { recursive: true, force: true });
else log(`kept ${work}`);
if (existsSync(work) && !values.keep) log('could not remove the work folder');
