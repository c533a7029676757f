import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSourcesConfig } from '../../src/sources/config.ts';
import { redactText, redactUrl } from '../../src/sources/redact-url.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

const dir = makeTempDir('knowledge-config-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const load = (yaml: string) => {
  const file = path.join(dir, 'sources.yaml');
  writeFileSync(file, yaml);
  return () => loadSourcesConfig(file);
};

describe('sources file', () => {
  it('reads a valid file with defaults applied, and tells git URLs from folders', () => {
    mkdirSync(path.join(dir, 'notes'), { recursive: true });
    const c = load(
      'site: { title: Eng }\nsources:\n  - { name: pm, repo: "https://git.example.org/sre/pm.git", kind: postmortem }\n  - { name: notes, repo: ./notes, kind: session }\n',
    )();
    expect(c.site.title).toBe('Eng');
    expect(c.sources[0]).toMatchObject({ type: 'git', include: ['**/*.md'], trust: 'markdown', exclude: [] });
    expect(c.sources[1]).toMatchObject({ type: 'folder', location: path.join(dir, 'notes') });
  });

  it('reads requirements upper-case unless a source says any-case, and refuses other values', () => {
    mkdirSync(path.join(dir, 'notes'), { recursive: true });
    const c = load(
      'sources:\n  - { name: a, repo: ./notes, kind: standard }\n  - { name: b, repo: ./notes, kind: standard, requirements: any-case }\n',
    )();
    expect(c.sources.map((s) => s.requirements)).toEqual(['upper-case', 'any-case']);
    expect(load('sources:\n  - { name: a, repo: ./notes, kind: standard, requirements: lower }\n')).toThrow(
      /source "a": requirements: .*upper-case.*any-case/,
    );
  });

  it('reads site.base as "/" unless set, and refuses a base that is not a plain path between slashes', () => {
    mkdirSync(path.join(dir, 'notes'), { recursive: true });
    const src = 'sources:\n  - { name: a, repo: ./notes, kind: kata }\n';
    expect(load(src)().site.base).toBe('/');
    expect(load(`site: { title: T }\n${src}`)().site.base).toBe('/');
    expect(load(`site: { base: /handbook/ }\n${src}`)().site.base).toBe('/handbook/');
    expect(load(`site: { base: /team/docs-v2/ }\n${src}`)().site.base).toBe('/team/docs-v2/');
    for (const bad of [
      'handbook/',
      '/handbook',
      '//x/',
      '/a b/',
      '"/x?y/"',
      '/x#/',
      '/../',
      '/a/./',
      '"/<x>/"',
      'https://x.org/',
    ])
      expect(load(`site: { base: ${bad} }\n${src}`), bad).toThrow(
        /site\.base: expected a path that starts and ends with "\/".*, found "/,
      );
  });

  it('names the file, the source, the key and what is allowed', () => {
    expect(load('sources:\n  - { name: pm, repo: x, kind: incident }\n')).toThrow(
      /sources\.yaml: source "pm": kind: expected one of postmortem, session, standard, kata, strategy|allowed: postmortem, session, standard, kata, strategy/,
    );
    expect(load('sources:\n  - { name: Bad Name, repo: x, kind: kata }\n')).toThrow(
      /source "Bad Name": name: use lowercase letters, digits and "-"/,
    );
    expect(load('sources:\n  - { name: a, repo: x, kind: kata, colour: red }\n')).toThrow(
      /source "a": unknown key\(s\) "colour"/,
    );
    expect(load('sources:\n  - { name: a, repo: x, kind: kata }\n  - { name: a, repo: y, kind: kata }\n')).toThrow(
      /source "a": name: used twice/,
    );
    expect(load('sources: [\n')).toThrow(/sources\.yaml:\d+: not valid YAML/);
  });

  it('refuses repositories git would read as options or command transports, and globs that leave the repository', () => {
    expect(load('sources:\n  - { name: a, repo: "--upload-pack=touch /tmp/x", kind: kata }\n')).toThrow(
      /starts with "-"/,
    );
    expect(load('sources:\n  - { name: a, repo: "ext::sh -c touch% /tmp/pwned", kind: kata }\n')).toThrow(
      /remote helper transport/,
    );
    expect(load('sources:\n  - { name: a, repo: ./x, kind: kata, include: ["../../etc/*"] }\n')).toThrow(
      /leaves the repository/,
    );
  });

  it('reads a bare-looking folder inside a checkout as a folder, so a pull request cannot swap in a repository', () => {
    const checkout = path.join(dir, 'checkout');
    for (const d of ['.git', 'standards/objects', 'standards/refs/heads'])
      mkdirSync(path.join(checkout, d), { recursive: true });
    writeFileSync(path.join(checkout, 'standards', 'HEAD'), 'ref: refs/heads/main\n');
    const bare = path.join(dir, 'bare.git');
    for (const d of ['objects', 'refs/heads']) mkdirSync(path.join(bare, d), { recursive: true });
    writeFileSync(path.join(bare, 'HEAD'), 'ref: refs/heads/main\n');
    const c = load(
      `sources:\n  - { name: a, repo: "${path.join(checkout, 'standards')}", kind: standard }\n  - { name: b, repo: "${bare}", kind: standard }\n`,
    )();
    expect(c.sources[0]).toMatchObject({ type: 'folder', location: path.join(checkout, 'standards') });
    expect(c.sources[1]).toMatchObject({ type: 'git', location: bare });
  });
});

describe('URLs in the sources file', () => {
  it('refuses any URL but http(s) for site.url, edit_url, web_url and ticket_url, naming the key', () => {
    expect(load('site: { url: "javascript:alert(1)" }\nsources:\n  - { name: a, repo: x, kind: kata }\n')).toThrow(
      'sources.yaml: site.url: expected an http(s) URL such as "https://engineering.example.org", found "javascript:alert(1)"',
    );
    expect(
      load('site: { ticket_url: "javascript:alert(\'{ticket}\')" }\nsources:\n  - { name: a, repo: x, kind: kata }\n'),
    ).toThrow(/sources\.yaml: site\.ticket_url: expected an http\(s\) URL/);
    expect(load('sources:\n  - { name: a, repo: x, kind: kata, edit_url: "JaVaScRiPt:alert(1)//{path}" }\n')).toThrow(
      /source "a": edit_url: expected an http\(s\) URL such as .*, found "JaVaScRiPt:alert\(1\)\/\/\{path\}"/,
    );
    expect(load('sources:\n  - { name: a, repo: x, kind: kata, web_url: "  data:text/html,x" }\n')).toThrow(
      /source "a": web_url: expected an http\(s\) URL/,
    );
    expect(load('sources:\n  - { name: a, repo: x, kind: kata, ticket_url: "vbscript:{ticket}" }\n')).toThrow(
      /source "a": ticket_url: expected an http\(s\) URL/,
    );
  });

  it('shows no credential of a refused URL', () => {
    expect(
      load(
        'sources:\n  - { name: a, repo: x, kind: kata, web_url: "ftp://u:s3cr3t@git.example.org/a?private_token=t0k3n" }\n',
      ),
    ).toThrow(/source "a": web_url: expected an http\(s\) URL/);
    try {
      load(
        'sources:\n  - { name: a, repo: x, kind: kata, web_url: "ftp://u:s3cr3t@git.example.org/a?private_token=t0k3n" }\n',
      )();
    } catch (error) {
      expect((error as Error).message).not.toMatch(/s3cr3t|t0k3n/);
    }
  });

  it('refuses URLs shown to readers that carry credentials or characters that end an attribute', () => {
    expect(
      load(
        'site: { url: "https://siteuser:S3CRET@engineering.example.org" }\nsources:\n  - { name: a, repo: x, kind: kata }\n',
      ),
    ).toThrow(
      'sources.yaml: site.url: a URL shown to readers must not carry credentials (a user name and password, or a token parameter), found "https://engineering.example.org"; remove them',
    );
    expect(
      load(
        'site: { ticket_url: "https://t.example.org/browse/{ticket}?private_token=S3CRET" }\nsources:\n  - { name: a, repo: x, kind: kata }\n',
      ),
    ).toThrow(
      /site\.ticket_url: a URL shown to readers must not carry credentials .*found "https:\/\/t\.example\.org\/browse\/\{ticket\}\?private_token=\*\*\*"/,
    );
    expect(
      load('sources:\n  - { name: a, repo: x, kind: kata, ticket_url: "https://u:S3CRET@t.example.org/{ticket}" }\n'),
    ).toThrow(/source "a": ticket_url: a URL shown to readers must not carry credentials/);
    expect(
      load(
        'site: { url: \'https://engineering.example.org/"onmouseover="alert(1)\' }\nsources:\n  - { name: a, repo: x, kind: kata }\n',
      ),
    ).toThrow(/site\.url: expected an http\(s\) URL such as/);
    try {
      load(
        'site: { url: "https://siteuser:S3CRET@engineering.example.org" }\nsources:\n  - { name: a, repo: x, kind: kata }\n',
      )();
    } catch (error) {
      expect((error as Error).message).not.toContain('S3CRET');
    }
  });

  it('takes http(s) URLs and templates', () => {
    const c = load(
      'site: { url: "https://eng.example.org", ticket_url: "https://t.example.org/browse/{ticket}" }\nsources:\n  - { name: a, repo: x, kind: kata, edit_url: "https://git.example.org/a/-/edit/{ref}/{path}", web_url: "http://git.example.org/a" }\n',
    )();
    expect(c.site.url).toBe('https://eng.example.org');
    expect(c.sources[0]!.edit_url).toBe('https://git.example.org/a/-/edit/{ref}/{path}');
  });
});

describe('credentials never shown', () => {
  it('reads scp-like addresses, with or without user and password, as remotes, and never repeats a password', () => {
    const c = load(`sources:
  - { name: a, repo: "deploy:s3cr3t-TOKEN@git.example.org:org/repo.git", kind: kata }
  - { name: b, repo: "git@git.example.org:org/repo.git", kind: kata }
  - { name: c, repo: "git.example.org:org/repo.git", kind: kata }
`)();
    expect(c.sources.map((s) => s.type)).toEqual(['git', 'git', 'git']);
    for (const bad of ['-u:s3cr3t-TOKEN@h:x', 'ext::https://u:s3cr3t-TOKEN@h/x']) {
      const error = (() => {
        try {
          load(`sources:\n  - { name: a, repo: "${bad}", kind: kata }\n`)();
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error?.message, bad).toMatch(/repo: repo "/);
      expect(error?.message, bad).not.toContain('s3cr3t');
    }
  });

  it('strips userinfo from URLs and from text', () => {
    expect(redactUrl('https://oauth2:glpat-123@git.example.org/a.git')).toBe('https://git.example.org/a.git');
    expect(redactText("fatal: unable to access 'https://u:p@h/x.git/': 403")).toBe(
      "fatal: unable to access 'https://h/x.git/': 403",
    );
    expect(redactUrl('git@github.com:org/repo.git')).toBe('git@github.com:org/repo.git');
  });

  it('redacts every form of credential in a URL, alone or inside a message', () => {
    const forms: Array<[string, string]> = [
      ['https://ghp_TOKEN1@github.com/o/r.git', 'https://github.com/o/r.git'],
      ['https://user:TOKEN2@host:8443/o/r.git', 'https://host:8443/o/r.git'],
      ['https://user:p@ss:TOKEN3@host/o/r.git', 'https://host/o/r.git'],
      ['ssh://git:TOKEN4@host/o/r.git', 'ssh://host/o/r.git'],
      ['deploy:TOKEN5@host.example.org:o/r.git', 'deploy@host.example.org:o/r.git'],
      [
        'https://gitlab.example.org/o/r.git?private_token=TOKEN6',
        'https://gitlab.example.org/o/r.git?private_token=***',
      ],
      ['https://h/r?ref=main&access_token=TOKEN7&page=2', 'https://h/r?ref=main&access_token=***&page=2'],
      ['https://h/r?token=TOKEN8', 'https://h/r?token=***'],
      ['https://h/r?password=TOKEN9', 'https://h/r?password=***'],
      ['https://h/r?key=TOKEN10', 'https://h/r?key=***'],
      ['https://h/r?api_key=TOKEN11', 'https://h/r?api_key=***'],
      ['https://h/blob?sv=2024&sig=TOKEN12', 'https://h/blob?sv=2024&sig=***'],
      ['https://h/x?signature=TOKEN13', 'https://h/x?signature=***'],
      [
        'https://b.s3.amazonaws.com/k?X-Amz-Credential=TOKEN14&X-Amz-Signature=TOKEN15&X-Amz-Security-Token=TOKEN16',
        'https://b.s3.amazonaws.com/k?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Security-Token=***',
      ],
      ['https://h/cb#access_token=TOKEN17&state=1', 'https://h/cb#access_token=***&state=1'],
      ['https://h/r?client_secret=TOKEN18', 'https://h/r?client_secret=***'],
      ['https://h/r?a=1&amp;token=TOKEN19', 'https://h/r?a=1&amp;token=***'],
      ['https://h/r?PRIVATE-TOKEN=TOKEN20', 'https://h/r?PRIVATE-TOKEN=***'],
      ['https://h/r?jwt=TOKEN21&pat=TOKEN22&bearer=TOKEN23', 'https://h/r?jwt=***&pat=***&bearer=***'],
      [
        'https://h/r?x-api-key=TOKEN24&apikey=TOKEN25&sessionid=TOKEN26',
        'https://h/r?x-api-key=***&apikey=***&sessionid=***',
      ],
    ];
    for (const [url, shown] of forms) {
      expect(redactUrl(url), url).toBe(shown);
      const message = `fatal: unable to access '${url}': The requested URL returned error: 403 (${url})`;
      expect(redactText(message), url).toBe(
        `fatal: unable to access '${shown}': The requested URL returned error: 403 (${shown})`,
      );
      expect(redactText(message), url).not.toMatch(/TOKEN\d/);
    }
  });

  it('strips userinfo whose password holds quotes or angle brackets', () => {
    for (const url of [
      "https://u:a'bTOKEN30@h/x.git",
      'https://u:a"bTOKEN31@h/x.git',
      'https://u:a<bTOKEN32>@h/x.git',
    ]) {
      expect(redactUrl(url), url).toBe('https://h/x.git');
    }
  });

  it('leaves URLs and text without credentials as they are', () => {
    for (const plain of [
      'https://github.com/o/r.git',
      'git@github.com:o/r.git',
      'https://h/r?ref=main&page=2',
      'file:///tmp/x',
      '/srv/repos/a b',
      'see https://h/x?monkey=1 or key: value',
      'time 10:30 at host:22',
    ]) {
      expect(redactText(plain), plain).toBe(plain);
    }
  });
});
