/**
 * A deterministic synthetic organisation for the benchmark: real git repositories with all five kinds in
 * realistic proportions, about 4 KB per document (frontmatter, tables, task lists, code, related links).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A small seeded PRNG (mulberry32): the same seed gives the same organisation. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [
  { kind: 'postmortem', share: 0.45, dir: 'postmortems' },
  { kind: 'session', share: 0.15, dir: 'sessions' },
  { kind: 'standard', share: 0.2, dir: 'standards' },
  { kind: 'kata', share: 0.15, dir: 'katas' },
  { kind: 'strategy', share: 0.05, dir: 'strategy' },
] as const;

const TEAMS = [
  'payments',
  'search',
  'bookings',
  'platform',
  'sre',
  'mobile',
  'identity',
  'data',
  'checkout',
  'security',
];
const SERVICES = [
  'payments-api',
  'search-api',
  'bookings-api',
  'ledger-db',
  'checkout-web',
  'identity-api',
  'notification-service',
  'edge-dns',
  'kafka',
  'redis',
  'reporting-jobs',
  'mobile-app',
];
const WORDS =
  'the a service request queue latency error budget alert replica database cache deploy rollback timeout retry consumer broker partition certificate token incident customer checkout booking search index pipeline cluster node pod memory cpu disk network dns load balancer region failover runbook owner team review standard requirement test contract kata exercise strategy objective result'.split(
    ' ',
  );

export interface GeneratedOrg {
  root: string;
  sourcesFile: string;
  /** All markdown, copied flat for the floor site. */
  floorContent: string;
  repos: Array<{ dir: string; kind: string }>;
  docs: number;
}

function git(cwd: string, ...args: string[]) {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_DATE: '2026-01-01T10:00:00Z',
      GIT_COMMITTER_DATE: '2026-01-01T10:00:00Z',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
}

export function generateOrg(root: string, docs: number, repos: number, seed = 42): GeneratedOrg {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const sentence = () => {
    const s = words(8 + Math.floor(rnd() * 10));
    return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
  };
  const paragraph = (n = 4) => Array.from({ length: n }, sentence).join(' ');
  const date = (i: number) =>
    new Date(Date.UTC(2019, 0, 1) + ((i * 7919) % 2500) * 86_400_000).toISOString().slice(0, 10);

  // Repositories per kind, in proportion, at least one each.
  // Rounding can ask for more repositories than there are: take them back from the kinds that have most.
  const perKind = KINDS.map((k) => Math.max(1, Math.round(repos * k.share)));
  while (perKind.reduce((a, b) => a + b, 0) > Math.max(repos, KINDS.length)) {
    const most = perKind.indexOf(Math.max(...perKind));
    perKind[most]!--;
  }
  const repoKinds = KINDS.flatMap((k, i) => Array.from({ length: perKind[i]! }, () => k.kind));
  const repoList = repoKinds.map((kind, i) => ({ dir: path.join(root, 'repos', `${kind}-${i}`), kind }));
  const floorContent = path.join(root, 'floor-content');
  // Documents per kind, in proportion; slugs known up front so that related links point at real documents.
  const plan: Array<{ kind: string; dir: string; slug: string; repo: number; n: number }> = [];
  let n = 0;
  for (const k of KINDS) {
    const count = Math.round(docs * k.share);
    const kindRepos = repoList.map((r, i) => ({ r, i })).filter((x) => x.r.kind === k.kind);
    for (let j = 0; j < count; j++, n++) {
      const slug = `${k.kind === 'postmortem' || k.kind === 'session' ? `${date(n)}-` : ''}${k.kind}-${j}-${pick(WORDS)}-${pick(WORDS)}`;
      plan.push({ kind: k.kind, dir: k.dir, slug, repo: kindRepos[j % kindRepos.length]!.i, n });
    }
  }
  for (const r of repoList) {
    mkdirSync(r.dir, { recursive: true });
    git(r.dir, 'init', '-q', '-b', 'main');
  }
  mkdirSync(floorContent, { recursive: true });
  for (const doc of plan) {
    const related = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
      const o = pick(plan);
      return `${o.kind}/${o.slug}`;
    });
    const teams = [pick(TEAMS), pick(TEAMS)];
    const fm: string[] = [
      `title: "${doc.kind} ${doc.n}: ${words(5)}"`,
      `date: ${date(doc.n)}`,
      `teams: [${[...new Set(teams)].join(', ')}]`,
      `tags: [${pick(WORDS)}, ${pick(WORDS)}]`,
      `related: [${related.join(', ')}]`,
    ];
    if (doc.n % 10 === 0) fm.push('visibility: public');
    let body = `${paragraph(3)}\n\n`;
    if (doc.kind === 'postmortem') {
      const sev = `SEV${1 + Math.floor(rnd() * 4)}`;
      fm.push(
        `id: PM-${date(doc.n).slice(0, 4)}-${String(doc.n).padStart(5, '0')}`,
        `severity: ${sev}`,
        `services: [${pick(SERVICES)}, ${pick(SERVICES)}]`,
        `started: ${date(doc.n)}T10:00:00Z`,
        `detected: ${date(doc.n)}T10:${String(5 + Math.floor(rnd() * 50)).padStart(2, '0')}:00Z`,
        `resolved: ${date(doc.n)}T${String(11 + Math.floor(rnd() * 10)).padStart(2, '0')}:00:00Z`,
        `contributing_factors: ["${words(6)}", "${words(5)}"]`,
        'action_items:',
        ...Array.from(
          { length: 3 },
          (_, i) =>
            `  - { title: "${words(6)}", owner: ${pick(TEAMS)}, type: ${pick(['mitigate', 'prevent', 'process'])}, status: ${pick(['open', 'done', 'in-progress', 'done'])}, due: ${date(doc.n + i + 30)}, ticket: OPS-${doc.n * 3 + i} }`,
        ),
      );
      body += `## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n${Array.from({ length: 6 }, (_, i) => `| 10:${String(i * 9).padStart(2, '0')} | ${sentence()} |`).join('\n')}\n\n`;
      body += `## Contributing factors\n\n${paragraph(5)}\n\n## What went well\n\n- ${sentence()}\n- ${sentence()}\n\n## Lessons learned\n\n${paragraph(4)}\n\n`;
    } else if (doc.kind === 'standard') {
      fm.push(
        `id: STD-${doc.n}`,
        `champion_group: ${pick(['security', 'monitoring', 'testing'])}`,
        `status: ${pick(['adopted', 'adopted', 'proposed', 'deprecated'])}`,
        'last_reviewed: 2025-06-01',
        'review_every: 6 months',
      );
      body += `## Requirements\n\n${Array.from({ length: 6 }, () => `- Teams ${pick(['MUST', 'SHOULD', 'MAY'])} ${words(9)}.`).join('\n')}\n\n## How to comply\n\n${paragraph(6)}\n\n`;
    } else if (doc.kind === 'kata') {
      fm.push(
        `level: ${pick(['beginner', 'intermediate', 'advanced'])}`,
        `duration_minutes: ${30 + Math.floor(rnd() * 6) * 15}`,
        `topics: [${pick(['tdd', 'refactoring', 'observability', 'security'])}]`,
      );
      body += `## The exercise\n\n${paragraph(5)}\n\n## Hints\n\n- [ ] ${sentence()}\n- [x] ${sentence()}\n\n## Solution\n\n${paragraph(4)}\n\n`;
    } else if (doc.kind === 'session') {
      fm.push(`host: ${pick(TEAMS)} lead`, `decisions: ["${words(6)}"]`);
      body += `## Presentations\n\n${paragraph(6)}\n\n## Questions\n\n${paragraph(5)}\n\n`;
    } else {
      fm.push(`status: ${pick(['active', 'achieved'])}`, `diagnosis: "${words(20)}"`, `guiding_policy: "${words(16)}"`);
      body += `## Actions\n\n${paragraph(6)}\n\n`;
    }
    body += `\`\`\`ts\nexport function handle(${pick(WORDS)}: string) {\n  return fetch('/${pick(WORDS)}', { method: 'POST', body: ${pick(WORDS)} });\n}\n\`\`\`\n\n${paragraph(4)}\n`;
    const text = `---\n${fm.join('\n')}\n---\n# ${doc.kind} ${doc.n}\n\n${body}`;
    const file = path.join(repoList[doc.repo]!.dir, doc.dir, `${doc.slug}.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    const floorFile = path.join(floorContent, doc.dir, `${doc.slug}.md`);
    mkdirSync(path.dirname(floorFile), { recursive: true });
    writeFileSync(floorFile, text);
  }
  for (const r of repoList) {
    git(r.dir, 'add', '-A');
    git(
      r.dir,
      '-c',
      'user.name=Bench',
      '-c',
      'user.email=bench@example.org',
      'commit',
      '-q',
      '-m',
      'synthetic documents',
    );
  }
  const sourcesFile = path.join(root, 'sources.yaml');
  writeFileSync(
    sourcesFile,
    `site: { title: Benchmark Org, url: "https://bench.example.org" }\nsources:\n${repoList.map((r, i) => `  - { name: repo-${i}, repo: "file://${r.dir}", kind: ${r.kind} }`).join('\n')}\n`,
  );
  return { root, sourcesFile, floorContent, repos: repoList, docs: plan.length };
}
