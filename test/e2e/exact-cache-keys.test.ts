/**
 * Incremental builds are exact: a page is kept from the last build only when nothing it shows changed. Real builds
 * of the fixture organisation, told apart by Astro's log: a page kept from the last build is logged "(cached)" or
 * "(restored)"; any other is rendered again.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSite, type FixtureSite } from '../helpers/fixture-site.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

let site: FixtureSite;

const OLD = `---
id: MON-000
status: superseded
superseded_by: MON-001
---
# Alert on everything

The old way.
`;
// Open, due on 2026-11-24: not overdue on that day, overdue from the next.
const LATE = `---
id: PM-2026-001
severity: SEV3
services: [billing]
action_items:
  - { title: Rotate the billing keys, owner: Di, type: prevent, status: open, due: 2026-11-24 }
---
# Billing keys expired

The billing keys expired on a Sunday.
`;

function build(today: string): Promise<SiteBuild> {
  return buildSite(site.sources, path.join(site.work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(site.work, 'cache'),
    KNOWLEDGE_ASTRO_CACHE: path.join(site.work, 'astro-cache'),
    KNOWLEDGE_TODAY: today,
  });
}

const read = (file: string) => readFileSync(path.join(site.repo.dir, file), 'utf8');

/** The document pages this build rendered (not kept from the last build), as site paths. */
function renderedDocuments(b: SiteBuild): string[] {
  const doc =
    /[├└]─ \/((?:postmortems|standards|katas|sessions|strategy)\/[^/\s]+)\/index\.html( \((?:cached|restored)\))?/g;
  const all = [...b.output.matchAll(doc)].filter((m) => !/^\w+\/(stats|actions)$/.test(m[1]!));
  return all
    .filter((m) => !m[2])
    .map((m) => `/${m[1]}/`)
    .sort();
}

beforeAll(async () => {
  site = fixtureSite('Exact Org', 'knowledge-exact-');
  site.repo.write('standards/old-alerting.md', OLD);
  site.repo.write('postmortems/2026-11-01-billing-keys.md', LATE);
  site.repo.commit('superseded standard and a late action item');
}, 60_000);
afterAll(() => {
  site?.repo.cleanup();
  if (site) rmSync(site.work, { recursive: true, force: true });
});

describe('incremental builds', () => {
  it('render again exactly the pages that show what changed', async () => {
    const first = await build('2026-11-24');
    expect(first.code, first.output).toBe(0);
    expect(renderedDocuments(first)).toHaveLength(7);
    expect(first.page('/standards/old-alerting/')).toMatch(
      /Follow <a href="\/standards\/alerting\/">Alert on symptoms, not causes<\/a> instead/,
    );
    expect(first.page('/postmortems/2026-11-01-billing-keys/')).not.toContain('overdue');

    // The next day, nothing changed: only the page whose action item fell overdue overnight.
    const nextDay = await build('2026-11-25');
    expect(nextDay.code, nextDay.output).toBe(0);
    expect(renderedDocuments(nextDay)).toEqual(['/postmortems/2026-11-01-billing-keys/']);
    expect(nextDay.page('/postmortems/2026-11-01-billing-keys/')).toContain('open, overdue');

    // The superseding standard retitled: its page, and every page showing its title (a link, the superseded one).
    site.repo.write(
      'standards/alerting.md',
      read('standards/alerting.md').replace('# Alert on symptoms, not causes', '# Alert on what users feel'),
    );
    site.repo.commit('retitle');
    const retitled = await build('2026-11-25');
    expect(retitled.code, retitled.output).toBe(0);
    expect(renderedDocuments(retitled)).toEqual([
      '/postmortems/2024-03-07-db-failover/',
      '/standards/alerting/',
      '/standards/old-alerting/',
    ]);
    expect(retitled.page('/standards/old-alerting/')).toMatch(
      /Follow <a href="\/standards\/alerting\/">Alert on what users feel<\/a> instead/,
    );
    expect(retitled.page('/postmortems/2024-03-07-db-failover/')).toContain('Alert on what users feel');

    // An incident leaves the services of another: both pages' "this has happened before" lists change.
    site.repo.write(
      'postmortems/2024-05-01-cache-stampede.md',
      read('postmortems/2024-05-01-cache-stampede.md').replace(
        'services: [payments-api, search]',
        'services: [search]',
      ),
    );
    site.repo.commit('services');
    const services = await build('2026-11-25');
    expect(services.code, services.output).toBe(0);
    expect(renderedDocuments(services)).toEqual([
      '/postmortems/2024-03-07-db-failover/',
      '/postmortems/2024-05-01-cache-stampede/',
    ]);
    expect(services.page('/postmortems/2024-03-07-db-failover/')).not.toContain('Cache stampede');

    // Its id changed (superseded_by names it by id), and a kata relates to the superseded standard (a backlink).
    site.repo.write('standards/alerting.md', read('standards/alerting.md').replace('id: MON-001', 'id: MON-002'));
    site.repo.write(
      'katas/tdd-bowling.md',
      read('katas/tdd-bowling.md').replace(/^---\n/, '---\nrelated: [standard/old-alerting]\n'),
    );
    site.repo.commit('id and related');
    const renamed = await build('2026-11-25');
    expect(renamed.code, renamed.output).toBe(0);
    expect(renderedDocuments(renamed)).toEqual([
      '/katas/tdd-bowling/',
      '/standards/alerting/',
      '/standards/old-alerting/',
    ]);
    expect(renamed.page('/standards/old-alerting/')).not.toContain('href="/standards/alerting/"');
    expect(renamed.page('/standards/old-alerting/')).toMatch(
      /Related documents[\s\S]*Bowling game[^<]*<\/a> <span[^>]*>Kata · [^<]*links here/,
    );

    // The superseding standard deleted: the incident no longer links it.
    site.repo.remove('standards/alerting.md');
    site.repo.commit('delete');
    const deleted = await build('2026-11-25');
    expect(deleted.code, deleted.output).toBe(0);
    expect(renderedDocuments(deleted)).toEqual(['/postmortems/2024-03-07-db-failover/']);
    expect(deleted.page('/standards/old-alerting/')).toContain('This standard is superseded.');
    expect(deleted.page('/postmortems/2024-03-07-db-failover/')).not.toContain('href="/standards/alerting/"');
  }, 600_000);
});
