import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/git-repo.ts';
import { describe, expect, it } from 'vitest';
import { createTestRepo } from '../helpers/git-repo.ts';

const root = path.resolve(import.meta.dirname, '../..');
function validate(...args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, ['scripts/validate.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

describe('npm run validate', () => {
  it('prints path:line: field: message for each problem and exits 1 on an error', () => {
    const r = validate('test/fixtures/site/postmortems', '--kind', 'postmortem');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'broken-severity.md:4: severity: skipped: expected one of SEV1, SEV2, SEV3, SEV4, found "SEV9"',
    );
    expect(r.out).toContain(
      '2024-03-07-db-failover.md:29: the link to "../standards/gone.md" leads to no document (warning)',
    );
  });

  it("checks links as the repository's own site wrote them, and its images", () => {
    const dir = makeTempDir('knowledge-validate-');
    try {
      mkdirSync(path.join(dir, '_pages', 'security'), { recursive: true });
      mkdirSync(path.join(dir, 'assets'));
      writeFileSync(path.join(dir, 'assets', 'policy.pdf'), '%PDF-1.4');
      writeFileSync(
        path.join(dir, '_pages', 'privacy.md'),
        '---\ndate: 2025-01-01\n---\n# Privacy\n\nSee [security](/security/).\n',
      );
      writeFileSync(
        path.join(dir, '_pages', 'security.md'),
        '---\ndate: 2025-01-01\n---\n# Security\n\n[privacy](../privacy/), [policy](../assets/policy.pdf), [gone](../gone/), [moved](../moved/)\n\n![diagram](../assets/diagram.png)\n',
      );
      writeFileSync(
        path.join(dir, '_pages', 'moved.md'),
        '---\ndate: 2025-01-01\nredirect_to: https://elsewhere.example/moved/\n---\n',
      );
      const r = validate(dir, '--kind', 'standard');
      expect(r.out).toContain('_pages/security.md:6: the link to "../gone/" leads to no document (warning)');
      expect(r.out).toMatch(/_pages\/security\.md:8: the image "\.\.\/assets\/diagram\.png" is not in the repository/);
      expect(r.out).not.toContain('privacy/"');
      expect(r.out).not.toContain('policy.pdf');
      expect(r.out).not.toContain('"../moved/"');
      expect(r.out).toContain('2 valid document(s), 0 error(s), 3 warning(s)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 0 on a clean folder', () => {
    const r = validate('test/fixtures/site/standards', '--kind', 'standard');
    expect(r.out).toContain('1 valid document(s), 0 error(s)');
    expect(r.code).toBe(0);
  });

  it('reads a git work tree as it is on disk: an uncommitted broken file fails', () => {
    const repo = createTestRepo();
    try {
      repo.write('standards/tls.md', '---\ntitle: Use TLS\ndate: 2024-01-01\n---\nYou MUST use TLS.\n');
      repo.commit('Add the TLS standard');
      repo.write('standards/tls.md', '---\ntitle: Use TLS\ndate: 2024-13-01\n---\nYou MUST use TLS.\n');
      const r = validate(repo.dir, '--kind', 'standard');
      expect(r.out).toContain('standards/tls.md:3: date: skipped: expected a real date written YYYY-MM-DD');
      expect(r.code).toBe(1);
    } finally {
      repo.cleanup();
    }
  });

  it('reports what the build reports: slug collisions and keys nothing reads', () => {
    const repo = createTestRepo();
    try {
      const doc = (title: string) => `---\ntitle: ${title}\ndate: 2024-01-01\nphase: closed\n---\nText.\n`;
      repo.write('pm/a/outage.md', doc('Outage A'));
      repo.write('pm/b/outage.md', doc('Outage B'));
      const r = validate(repo.dir, '--kind', 'postmortem');
      expect(r.out).toMatch(
        /pm\/b\/outage\.md: another post-mortem, added earlier or listed first, already has the slug "outage"; this one is published as \/postmortems\/repo-b-outage\//,
      );
      expect(r.out).toContain(
        'pm/a/outage.md:4: phase: "phase" is not a field of post-mortems and is not shown (2 documents, first here)',
      );
      expect(r.code).toBe(0);
    } finally {
      repo.cleanup();
    }
  });
});
