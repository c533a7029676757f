/**
 * A public build of a Jekyll-shaped repository whose public page reaches an internal one in every new way: its
 * permalink, its redirect_from, its pretty address, an internal redirect stub, and the images the internal page
 * shows; plus images that try to leave the repository (`..`, `%2e%2e`, an absolute path, a symlink) and an SVG
 * that hides its script under a namespace prefix. Nothing of the internal page, nor any file outside the
 * repository, may reach the output.
 */
import { createHash } from 'node:crypto';
import { readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.ts';
import { outputTexts } from '../helpers/output-files.ts';
import { buildFromSources, type TempSiteBuild } from '../helpers/site-build.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const SECRET_PNG = Buffer.concat([PNG, Buffer.from('NIGHTJAR-PIXELS')]);
const hashed = (bytes: Buffer) => `${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.png`;

let repo: TestRepo;
let site: TempSiteBuild;

beforeAll(async () => {
  repo = createTestRepo();
  repo.write(
    '_pages/open.md',
    [
      '---',
      'title: Open Page',
      'visibility: public',
      '---',
      'Read [one](/secret-plan/), [two](/old-secret/), [three](../hidden/), [four](/hidden/) and [five](../stale/).',
      '',
      '![public picture](../assets/a.png)',
      '',
      '![up](../../../../../../etc/passwd) ![abs](/etc/passwd) ![enc](/%2e%2e/%2e%2e/%2e%2e/etc/hostname)',
      '',
      '![linked](../assets/link.png) ![prefixed](../assets/prefixed.svg)',
      '',
      '<!-- internal -->',
      '![region picture](../assets/region.png) and [the plan](/secret-plan/)',
      '<!-- /internal -->',
      '',
    ].join('\n'),
  );
  repo.write(
    '_pages/hidden.md',
    '---\ntitle: Codename Nightjar\npermalink: /secret-plan/\nredirect_from: [/old-secret/]\n---\nThe Nightjar plan.\n\n![nightjar map](../assets/secret.png)\n',
  );
  repo.write('_pages/stale.md', '---\nredirect_to: https://wiki.nightjar-corp.example/plan\n---\n');
  repo.write('assets/a.png', PNG);
  repo.write('assets/secret.png', SECRET_PNG);
  repo.write('assets/region.png', Buffer.concat([PNG, Buffer.from('NIGHTJAR-REGION')]));
  repo.write(
    'assets/prefixed.svg',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>',
  );
  symlinkSync('/etc/passwd', path.join(repo.dir, 'assets/link.png'));
  repo.commit('site');
  site = await buildFromSources(
    `site: { title: Public Links, url: "https://kb.example.com" }
sources:
  - { name: pages, repo: "${repo.url}", kind: standard, include: ["_pages/**/*.md"], web_url: "https://github.com/example/pages" }
`,
    { KNOWLEDGE_AUDIENCE: 'public' },
    'knowledge-public-links-',
  );
}, 240_000);
afterAll(() => {
  repo?.cleanup();
  site?.cleanup();
});

describe('a public page that reaches an internal one', () => {
  it('builds, and its own image is copied', () => {
    expect(site.code, site.output).toBe(0);
    expect(site.page('/standards/open/')).toContain(`/_files/${hashed(PNG)}`);
  });

  it('copies no image but the public one: not the internal page, an internal region, a symlink, an SVG with script', () => {
    expect(readdirSync(path.join(site.outDir, '_files'))).toEqual([hashed(PNG)]);
  });

  it("names the internal page's title, address and redirect target nowhere in the output", () => {
    for (const { file, text } of outputTexts(site.outDir)) {
      expect(text, file).not.toMatch(/nightjar/i);
      expect(text, file).not.toContain('secret-plan');
      expect(text, file).not.toContain('root:x:0');
    }
    const open = site.page('/standards/open/').split('<main')[1]!;
    expect(open).not.toContain('href="/standards/hidden/');
  });
});
