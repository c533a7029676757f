import { describe, expect, it } from 'vitest';
import { foldSpoilers } from '../../src/lib/fold-spoilers.ts';
import { rewriteLinks } from '../../src/lib/rewrite-links.ts';
import { linkHref, SiteGraph, type GraphDoc } from '../../src/lib/site-graph.ts';
import { assignSlugs, slugOfPath } from '../../src/lib/slugs.ts';

const d = (over: Partial<GraphDoc> & Pick<GraphDoc, 'kind' | 'slug'>): GraphDoc => ({
  title: over.slug,
  source: 's',
  path: `${over.slug}.md`,
  repoKey: 'r',
  repoPath: `${over.kind}s/${over.slug}.md`,
  related: [],
  links: [],
  ...over,
});

describe('references between documents', () => {
  const pm = d({
    kind: 'postmortem',
    slug: 'db-outage',
    id: 'PM-2024-012',
    related: ['standard/alerting', 'SEC-001', 'standard/nowhere'],
    links: [
      { url: '../katas/pool-kata.md#start', text: 'kata', line: 9 },
      { url: '../standards/missing.md', text: 'x', line: 10 },
      { url: 'https://example.org', text: 'web', line: 11 },
    ],
  });
  const alerting = d({ kind: 'standard', slug: 'alerting' });
  const secrets = d({
    kind: 'standard',
    slug: 'secrets',
    id: 'SEC-001',
    links: [{ url: '/postmortems/db-outage/', text: 'the outage', line: 3 }],
  });
  const kata = d({ kind: 'kata', slug: 'pool-kata', repoPath: 'katas/pool-kata.md' });
  const graph = new SiteGraph([pm, alerting, secrets, kata]);

  it('resolves kind/slug, ids, relative paths and site paths, and lists what does not resolve', () => {
    expect(graph.outgoing(pm).map((x) => x.slug)).toEqual(['alerting', 'secrets', 'pool-kata']);
    expect(graph.unresolved.map((u) => `${u.what}:${u.target}`)).toEqual([
      'related:standard/nowhere',
      'link:../standards/missing.md',
    ]);
    expect(graph.resolveRef('pm-2024-012')).toBe(pm);
    expect(graph.resolveRef('/standards/alerting/')).toBe(alerting);
  });

  it('inverts references into backlinks', () => {
    expect(graph.backlinks(alerting).map((x) => x.slug)).toEqual(['db-outage']);
    expect(graph.backlinks(pm).map((x) => x.slug)).toEqual(['secrets']);
    expect(graph.backlinks(kata).map((x) => x.slug)).toEqual(['db-outage']);
  });

  it('rewrites links in rendered HTML to pages; a broken one keeps its words and loses its target', () => {
    const html =
      '<p><a href="../katas/pool-kata.md#start">kata</a> <a href="../standards/missing.md">x</a> <a href="https://example.org">web</a></p>';
    const out = rewriteLinks(html, (url) => {
      return linkHref(graph.resolveLink(url, pm));
    });
    expect(out).toBe(
      '<p><a href="/katas/pool-kata/#start">kata</a> <a class="broken-link" title="This link leads to a document that does not exist">x</a> <a href="https://example.org">web</a></p>',
    );
  });
});

describe('references to documents this audience may not see', () => {
  const pub = d({
    kind: 'postmortem',
    slug: 'public-one',
    repoPath: 'postmortems/public-one.md',
    related: [
      'postmortem/secret-one',
      'PM-2024-001',
      '/postmortems/secret-one/',
      'https://kb.example.com/postmortems/secret-one/',
      'https://kb.example.com/postmortems/%73ecret-one/',
      'http://kb.example.com:443/postmortems/secret-one/',
      'http:/kb.example.com/postmortems/secret-one/.',
      'https://kb.example.com/search/',
    ],
  });
  const hidden = {
    kind: 'postmortem' as const,
    slug: 'secret-one',
    id: 'PM-2024-001',
    repoKey: 'r',
    repoPath: 'postmortems/secret-one.md',
  };
  const graph = new SiteGraph([pub], [hidden], { siteUrl: 'https://kb.example.com/' });
  const rewrite = (html: string) =>
    rewriteLinks(html, (url) => {
      return linkHref(graph.resolveLink(url, pub));
    });

  it('drops the target of every link form and keeps the words', () => {
    const forms = [
      'postmortems/secret-one',
      'postmortem/secret-one',
      '/postmortems/secret-one/',
      '/postmortems/secret-one',
      '/postmortems/secret-one/index.html',
      'PM-2024-001',
      'pm-2024-001',
      'secret-one.md',
      './secret-one.md#why',
      '/Postmortems/Secret-One/',
      'https://kb.example.com/postmortems/secret-one/',
      'HTTPS://KB.example.com/postmortems/secret-one#x',
      'https://kb.example.com/postmortems/%73ecret-one/',
      'https://kb.example.com:443/postmortems/secret-one/',
      'http://kb.example.com/postmortems/secret-one/',
      'https://kb.example.com/./postmortems/secret-one/',
      '/postmortems/%73ecret-one/more/',
      '/postmortems/secret-one/x',
      '../secret-one/',
      '/postmortems/./secret-one/%E0/..',
      'http:/kb.example.com/postmortems/secret-one/.',
      'https:\\\\kb.example.com\\postmortems\\secret-one',
      '//kb.example.com/postmortems/secret-one/.',
    ];
    for (const href of forms) expect(rewrite(`<a href="${href}">the words</a>`), href).toBe('<a>the words</a>');
  });

  it('keeps an absolute link to another page of the site, or to another site', () => {
    expect(
      rewrite(
        '<a href="https://kb.example.com/search/">s</a> <a href="https://kb.example.com.evil/postmortems/secret-one/">e</a>',
      ),
    ).toBe(
      '<a href="https://kb.example.com/search/">s</a> <a href="https://kb.example.com.evil/postmortems/secret-one/">e</a>',
    );
    expect(rewrite('<a href="https://kb.example.com/postmortems/public-one/">p</a>')).toBe(
      '<a href="/postmortems/public-one/">p</a>',
    );
  });

  it('leaves hidden documents out of related, backlinks and references, and reports nothing as broken', () => {
    expect(graph.outgoing(pub)).toEqual([]);
    expect(graph.externalRelated(pub)).toEqual(['https://kb.example.com/search/']);
    expect(graph.unresolved).toEqual([]);
    expect(graph.resolveRef('PM-2024-001')).toBeUndefined();
    expect(graph.isHidden('postmortem/secret-one')).toBe(true);
  });
});

describe('slugs', () => {
  it('slugifies file names, spaces and all', () => {
    expect(slugOfPath('PM2021-011 - Log4Shell.md')).toBe('pm2021-011-log4shell');
    expect(slugOfPath('docs/Ärger über Café.md')).toBe('arger-uber-cafe');
  });

  it('keeps both documents of a collision, qualifying the later ones by source and folder, deterministically', () => {
    const out = assignSlugs([
      { source: 'team-a', path: 'x/outage.md' },
      { source: 'team-b', path: 'outage.md' },
      { source: 'team-b', path: 'y/outage.md' },
    ]);
    expect(out.map((o) => o.slug)).toEqual(['outage', 'team-b-outage', 'team-b-y-outage']);
    expect(out[1]!.collidedWith).toBe('outage');
  });
});

describe('katas do not spoil themselves', () => {
  it('folds hints and solutions into closed details, up to the next heading of the same level', () => {
    const html =
      '<h2 id="a">The exercise</h2><p>Do it.</p><h2 id="h">Hints</h2><p>Try X.</p><h3>More</h3><p>Y</p><h2 id="s">Solution</h2><pre>code</pre>';
    expect(foldSpoilers(html)).toBe(
      '<h2 id="a">The exercise</h2><p>Do it.</p><details class="spoiler"><summary><h2 id="h">Hints</h2></summary><p>Try X.</p><h3>More</h3><p>Y</p></details><details class="spoiler"><summary><h2 id="s">Solution</h2></summary><pre>code</pre></details>',
    );
  });
});
