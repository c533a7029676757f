import { describe, expect, it } from 'vitest';
import {
  declaredSitePaths,
  fileKeysOf,
  pageBasesOf,
  pageKey,
  pageKeysOf,
  sitePathsOfLink,
} from '../../src/lib/site-urls.ts';
import { redirectStubOf } from '../../src/lib/redirect-stubs.ts';
import { rewriteLinks } from '../../src/lib/rewrite-links.ts';
import { isRedirected, linkHref, SiteGraph, type GraphDoc } from '../../src/lib/site-graph.ts';

describe('the addresses a docs generator gave a file', () => {
  it('writes every form of one page as one key', () => {
    for (const form of [
      '/standards/x.html',
      '/standards/x/',
      '/standards/x',
      '/Standards/X/index.html',
      '/standards//x.htm',
    ])
      expect(pageKey(form), form).toBe('/standards/x');
    expect(pageKey('/')).toBe('/');
    expect(pageKey('/index.html')).toBe('/');
    expect(pageKey('/a%20b/?q=1#top')).toBe('/a b');
  });

  it('derives Jekyll, Middleman, Hugo, MkDocs and Astro addresses from the path', () => {
    expect(pageKeysOf('_pages/security.md')).toContain('/security');
    expect(pageKeysOf('_pages/infrastructure/certs.md')).toContain('/infrastructure/certs');
    expect(pageKeysOf('_posts/2024-03-07-launch.md')).toEqual(
      expect.arrayContaining(['/2024/03/07/launch', '/launch']),
    );
    expect(pageKeysOf('source/standards/x.html.md.erb')).toContain('/standards/x');
    expect(pageKeysOf('source/standards/y.html.md')).toContain('/standards/y');
    expect(pageKeysOf('content/docs/x.md')).toContain('/docs/x');
    expect(pageKeysOf('content/docs/_index.md')).toContain('/docs');
    expect(pageKeysOf('docs/x.md')).toContain('/x');
    expect(pageKeysOf('docs/index.md')).toContain('/');
    expect(pageKeysOf('src/pages/about.markdown')).toContain('/about');
    expect(pageKeysOf('guides/README.md')).toContain('/guides');
    // A site folder below the repository's root (a monorepo's `site/docs/`), and never a folder only named like one.
    expect(pageKeysOf('site/docs/x.md')).toContain('/x');
    expect(pageKeysOf('mydocs/x.md')).not.toContain('/x');
  });

  it('adds the addresses the frontmatter declares, and reads them defensively', () => {
    expect(pageKeysOf('_pages/a.md', ['/old/a/', '/b.html'])).toEqual(expect.arrayContaining(['/a', '/old/a', '/b']));
    expect(
      declaredSitePaths({
        permalink: '/security/',
        redirect_from: ['/old-security/', 42, { x: 1 }, 'relative/'],
        aliases: '/hugo/alias/',
      }),
    ).toEqual(['/security/', '/old-security/', '/relative/', '/hugo/alias/']);
    expect(declaredSitePaths({ permalink: '/:categories/:title/' })).toEqual([]);
    expect(declaredSitePaths({ permalink: 'https://elsewhere.example/x' })).toEqual([]);
    expect(declaredSitePaths({ redirect_from: Array.from({ length: 1000 }, (_, i) => `/r${i}/`) })).toHaveLength(32);
  });

  it('reads a relative link against the pretty and the file-like address of the page', () => {
    const bases = pageBasesOf('_pages/security/dynamic-scanning.md');
    expect(bases).toEqual(expect.arrayContaining(['/security/dynamic-scanning/', '/security/dynamic-scanning.html']));
    expect(sitePathsOfLink('../scanning/', bases)).toContain('/security/scanning/');
    expect(sitePathsOfLink('../../assets/images/x.png', bases)).toContain('/assets/images/x.png');
    expect(sitePathsOfLink('/abs/', bases)).toEqual(['/abs/']);
    expect(sitePathsOfLink('https://elsewhere.example/x', bases)).toEqual([]);
    expect(sitePathsOfLink('//elsewhere.example/x', bases)).toEqual([]);
    expect(pageBasesOf('_pages/a.md', ['/custom/'])[0]).toBe('/custom/');
  });

  it('serves static files at their path and below a static folder', () => {
    expect(fileKeysOf('assets/images/x.png')).toEqual(['/assets/images/x.png']);
    expect(fileKeysOf('static/img/x.png')).toEqual(expect.arrayContaining(['/static/img/x.png', '/img/x.png']));
    expect(fileKeysOf('source/images/x.png')).toContain('/images/x.png');
  });
});

const d = (over: Partial<GraphDoc> & Pick<GraphDoc, 'slug' | 'repoPath'>): GraphDoc => ({
  kind: 'standard',
  title: over.slug,
  source: 's',
  path: over.repoPath,
  repoKey: 'r',
  related: [],
  links: [],
  ...over,
});

describe('links written as the repository site addresses', () => {
  const security = d({ slug: 'security', repoPath: '_pages/security.md' });
  const privacy = d({ slug: 'privacy', repoPath: '_pages/privacy.md' });
  const scanning = d({ slug: 'scanning', repoPath: '_pages/security/scanning.md' });
  const monitoring = d({ slug: 'monitoring', repoPath: 'source/standards/monitoring.html.md.erb' });
  const hugo = d({ slug: 'hugo-docs', repoPath: 'content/docs/_index.md', sitePaths: ['/old-docs/'] });
  const moved = d({ slug: 'moved', repoPath: '_pages/moved.md', sitePaths: ['/new-home/', '/was-here/'] });
  const elsewhere = d({ slug: 'other-repo', repoPath: '_pages/other.md', repoKey: 'other' });
  const links = [
    '../privacy/',
    '../scanning/',
    '/security/',
    '/standards/monitoring.html',
    '/standards/monitoring/',
    '/standards/monitoring/index.html',
    '/docs/',
    '/old-docs/',
    '/new-home/',
    '/was-here/index.html',
    '/other/',
    '../nowhere/',
    '/nowhere/',
    'nowhere.html',
    '/tags/x/',
    '/postmortems/actions/',
  ];
  const from = d({
    slug: 'dynamic-scanning',
    repoPath: '_pages/security/dynamic-scanning.md',
    links: links.map((url, i) => ({ url, text: url, line: i + 1 })),
  });
  const graph = new SiteGraph([security, privacy, scanning, monitoring, hugo, moved, elsewhere, from]);

  it('finds the document of the same repository in every form, and reports what leads nowhere', () => {
    const to = (url: string) => {
      const t = graph.resolveLink(url, from);
      return isRedirected(t) ? t.redirect : typeof t === 'object' ? t.slug : t;
    };
    expect(links.map(to)).toEqual([
      'privacy',
      'scanning',
      'security',
      'monitoring',
      'monitoring',
      'monitoring',
      'hugo-docs',
      'hugo-docs',
      'moved',
      'moved',
      // Another repository's site addresses are not this one's.
      undefined,
      undefined,
      undefined,
      undefined,
      'external',
      'external',
    ]);
    expect(graph.unresolved.map((u) => `${u.line}:${u.target}`)).toEqual([
      '11:/other/',
      '12:../nowhere/',
      '13:/nowhere/',
      '14:nowhere.html',
    ]);
  });

  it('sends a link to a redirect-only page where it redirects, in every form', () => {
    const stubbed = new SiteGraph([from], [], {
      redirects: [{ repoKey: 'r', repoPath: '_pages/security/old.md', to: 'https://elsewhere.example/x?a=1&b="2"' }],
    });
    for (const url of ['../old/', 'old.md', '/security/old/', '/security/old.html'])
      expect(linkHref(stubbed.resolveLink(url, from)), url).toBe('https://elsewhere.example/x?a=1&amp;b=&quot;2&quot;');
    expect(stubbed.resolveLink('../old/', { ...from, repoKey: 'other' })).toBeUndefined();
  });

  it('renders a link that leads nowhere as its words, without a target', () => {
    const out = rewriteLinks('<a href="../nowhere/">gone</a> <a href="../privacy/#x">privacy</a>', (url) => {
      return linkHref(graph.resolveLink(url, from));
    });
    expect(out).toBe(
      '<a class="broken-link" title="This link leads to a document that does not exist">gone</a> <a href="/standards/privacy/#x">privacy</a>',
    );
  });
});

describe('redirect-only pages', () => {
  const at = { repoKey: 'r', repoPath: '_pages/old.md' };
  const stub = (text: string, audience: 'internal' | 'public' = 'internal') =>
    redirectStubOf(Buffer.from(text), at, audience);

  it('reads where a stub redirects, with the addresses it declares', () => {
    expect(stub('---\nredirect_to: https://x.example/new/\nredirect_from: /older/\n---\n')).toEqual({
      ...at,
      sitePaths: ['/older/'],
      to: 'https://x.example/new/',
    });
    expect(stub('---\nredirect_to: [https://x.example/a/, https://x.example/b/]\n---\n')?.to).toBe(
      'https://x.example/a/',
    );
  });

  it('follows no address the URL policy refuses, and no internal stub in a public build', () => {
    expect(stub('---\nredirect_to: javascript:alert(1)\n---\n')).toBeUndefined();
    expect(stub('---\nredirect_to: /relative/\n---\n')).toBeUndefined();
    expect(stub('---\nredirect_to: "https://x.example/\\u0000"\n---\n')).toBeUndefined();
    expect(stub('---\nredirect_to: https://x.example/\n---\n', 'public')).toBeUndefined();
    expect(stub('---\nredirect_to: https://x.example/\nvisibility: public\n---\n', 'public')?.to).toBe(
      'https://x.example/',
    );
  });
});
