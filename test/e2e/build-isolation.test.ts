/**
 * Builds that share a checkout and a sources cache stay apart, and a build that fails or is killed leaves the
 * output folder as it was: two builds at once (internal and public), `kill -9` while pages render, and an
 * output folder on another file system.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workDirOf } from '../../src/build/build-context.ts';
import { stripAnsi } from '../../src/lib/strip-ansi.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { treeDigest } from '../helpers/output-files.ts';
import { buildSite } from '../helpers/site-build.ts';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.resolve(import.meta.dirname, '../fixtures');
let repo: TestRepo;
let work: string;
let sources: string;

/** Enough pages that rendering takes a while: a build can be killed in the middle of it. */
const SESSIONS = 300;

beforeAll(() => {
  repo = createTestRepo();
  cpSync(path.join(fixtures, 'site'), repo.dir, { recursive: true });
  for (let i = 0; i < SESSIONS; i++) {
    const n = String(i).padStart(3, '0');
    // Titles such as `Tribe session 202` (internal) stand beside the kind label and date `Tribe session 2024-01-01`.
    const title = `Tribe session ${n}`;
    repo.write(
      `sessions/2024-01-01-session-${n}.md`,
      `---\ntitle: ${title}\ndate: 2024-01-01\n${i % 2 ? 'visibility: public\n' : ''}---\n\nNotes of ${title}.\n`,
    );
  }
  repo.commit('fixture');
  work = makeTempDir('knowledge-isolation-');
  sources = path.join(work, 'sources.yaml');
  writeFileSync(
    sources,
    `site: { title: Isolation Org }
sources:
  - { name: incidents, repo: "${repo.url}", kind: postmortem, include: ["postmortems/*.md"] }
  - { name: sessions, repo: "${repo.url}", kind: session, include: ["sessions/*.md"] }
`,
  );
});
afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

const env = (name: string, extra: Record<string, string> = {}) => ({
  KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  KNOWLEDGE_ASTRO_CACHE: path.join(work, `astro-${name}`),
  ...extra,
});

/** Starts a build and kills it (the whole process group, with SIGKILL) once it has written a few document pages. */
function killMidRender(
  outDir: string,
  extra: Record<string, string>,
): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
      cwd: root,
      detached: true,
      env: {
        ...process.env,
        ASTRO_TELEMETRY_DISABLED: '1',
        FORCE_COLOR: '1',
        KNOWLEDGE_SOURCES: sources,
        KNOWLEDGE_OUT_DIR: outDir,
        KNOWLEDGE_TODAY: '2026-11-23',
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let killed = false;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (!killed && (stripAnsi(output).match(/├─ \/sessions\/2024-01-01-session-/g)?.length ?? 0) >= 20) {
        killed = true;
        process.kill(-child.pid!, 'SIGKILL');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', (_code, signal) => resolve({ signal, output: stripAnsi(output) }));
  });
}

describe('builds in one checkout', () => {
  it('run an internal and a public build at the same time, each correct', async () => {
    const [internal, pub] = await Promise.all([
      buildSite(sources, path.join(work, 'dist-internal'), env('internal')),
      buildSite(sources, path.join(work, 'dist-public'), env('public', { KNOWLEDGE_AUDIENCE: 'public' })),
    ]);
    expect(internal.code, internal.output).toBe(0);
    expect(pub.code, pub.output).toBe(0);
    expect(internal.report.audience).toBe('internal');
    expect(pub.report.audience).toBe('public');
    expect(internal.report.totals.documents).toBe(SESSIONS + 3);
    expect(pub.report.totals.documents).toBe(SESSIONS / 2 + 1);
    expect(internal.exists('/sessions/2024-01-01-session-000/')).toBe(true);
    expect(pub.exists('/sessions/2024-01-01-session-000/')).toBe(false);
    expect(pub.exists('/sessions/2024-01-01-session-001/')).toBe(true);
    expect(pub.exists('/postmortems/2024-05-01-cache-stampede/')).toBe(false);
    expect(pub.output).toMatch(/leak guard: no internal URL/);
    // Each build's working files are its own, and a passed build leaves no staging folder behind.
    for (const [out, audience] of [
      ['dist-internal', 'internal'],
      ['dist-public', 'public'],
    ] as const) {
      expect(readdirSync(workDirOf(root, path.join(work, out), audience)).sort()).toEqual(['build-report.json']);
    }
  }, 240_000);

  it('leaves the last good site in place when a build is killed while it renders, and builds again after', async () => {
    const out = path.join(work, 'dist-internal');
    const before = treeDigest(out);
    repo.write(
      'sessions/2024-01-01-session-000.md',
      '---\ntitle: Internal retro zero, renamed\ndate: 2024-01-01\n---\n\nNew notes.\n',
    );
    repo.commit('rename a session');
    const killed = await killMidRender(out, env('internal'));
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.output).not.toContain('site moved into');
    expect(treeDigest(out)).toEqual(before);

    const again = await buildSite(sources, out, env('internal'));
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/deleted .*staging-[a-z0-9]+-\d+, left by a build that did not finish/);
    expect(again.page('/sessions/2024-01-01-session-000/')).toContain('Internal retro zero, renamed');
    expect(again.page('/sessions/')).toContain('Internal retro zero, renamed');
  }, 240_000);

  it('leaves nothing when the first build into a folder is killed', async () => {
    const out = path.join(work, 'dist-never');
    const killed = await killMidRender(out, env('never'));
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
  }, 240_000);

  // /dev/shm is a tmpfs on Linux: another file system than the project's.
  const otherDevice = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(root).dev;
  it.runIf(otherDevice)(
    'copies the site into an output folder on another file system',
    async () => {
      const out = path.join('/dev/shm', `knowledge-isolation-${process.pid}`, 'site');
      try {
        const first = await buildSite(sources, out, env('shm'));
        expect(first.code, first.output).toBe(0);
        expect(first.output).toContain(`site copied (another file system) into ${out}`);
        expect(first.exists('/sessions/2024-01-01-session-001/')).toBe(true);
        // The next build starts from it by copying (no hard links across file systems), and replaces it.
        const second = await buildSite(sources, out, env('shm'));
        expect(second.code, second.output).toBe(0);
        expect(second.output).toMatch(/starting from the pages of the last build \(0 linked, [1-9]\d* copied\)/);
        expect(second.page('/sessions/2024-01-01-session-000/')).toContain('Internal retro zero, renamed');
      } finally {
        rmSync(path.dirname(out), { recursive: true, force: true });
      }
    },
    240_000,
  );
});
