import { describe, expect, it } from 'vitest';
import { imagesWithBase, publicRoot, withBase, withoutBase } from '../../src/lib/base-path.ts';

describe('base path', () => {
  it('puts the base before site paths only, and leaves everything at "/" as it is', () => {
    expect(withBase('/handbook/', '/postmortems/x/')).toBe('/handbook/postmortems/x/');
    expect(withBase('/handbook/', '/')).toBe('/handbook/');
    expect(withBase('/a/b/', '/feed.xml')).toBe('/a/b/feed.xml');
    for (const other of ['https://x.org/y', '//cdn.example.org/z', '#why', 'mailto:a@b.c', 'relative/x'])
      expect(withBase('/handbook/', other)).toBe(other);
    expect(withBase('/', '/postmortems/x/')).toBe('/postmortems/x/');
  });

  it('reads a browser path back as a site path', () => {
    expect(withoutBase('/handbook/', '/handbook/tags/')).toBe('/tags/');
    expect(withoutBase('/handbook/', '/handbook/')).toBe('/');
    expect(withoutBase('/handbook/', '/handbook')).toBe('/');
    expect(withoutBase('/', '/tags/')).toBe('/tags/');
  });

  it("moves a body's images from /_files/ below the base, not text that only looks like one", () => {
    const body = '<p><img alt="x" src="/_files/ab.png"></p><pre><code>&lt;img src="/_files/cd.png"></code></pre>';
    expect(imagesWithBase(body, '/handbook/')).toBe(
      '<p><img alt="x" src="/handbook/_files/ab.png"></p><pre><code>&lt;img src="/_files/cd.png"></code></pre>',
    );
    expect(imagesWithBase(body, '/')).toBe(body);
  });

  it('joins the site URL and the base into the public root', () => {
    expect(publicRoot('https://org.github.io', '/handbook/')).toBe('https://org.github.io/handbook');
    expect(publicRoot('https://docs.example.org/', '/')).toBe('https://docs.example.org');
  });
});
