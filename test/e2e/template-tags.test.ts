/**
 * A Middleman repository (`.html.md.erb` pages whose H1 is an ERB tag) and a Hugo one (shortcodes), built for real:
 * no template text on any page, the real title as the H1, one warning per source.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/problems.ts';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

let middleman: TestRepo;
let hugo: TestRepo;
let work: string;
let site: SiteBuild;

const erbPage = (title: string, body: string) =>
  `---\ntitle: ${title}\ndate: 2024-02-01\n---\n\n# <%= current_page.data.title %>\n\n${body}`;

beforeAll(async () => {
  middleman = createTestRepo();
  middleman.write(
    'source/standards/logging.html.md.erb',
    erbPage(
      'Structured logging',
      `<% content_for :lede do %>
Logs are read by machines first.
<% end %>

Every service MUST log as JSON. <%# reviewers: check the schema %>

See [metrics](<%= config[:base_url] %>/standards/metrics.html) and <%= partial "shared/footer" %>.

\`\`\`erb
<%= example_kept_as_code %>
\`\`\`
`,
    ),
  );
  middleman.write(
    'source/standards/metrics.html.md.erb',
    erbPage('Service metrics', 'Every service SHOULD expose RED metrics.\n'),
  );
  middleman.write('source/standards/plain.html.md.erb', erbPage('Plain page', 'No other tags here.\n'));
  middleman.commit('middleman site', '2024-02-01T10:00:00Z');

  hugo = createTestRepo();
  hugo.write(
    'content/security.md',
    `---
title: Security basics
date: 2024-03-01
---
{{% notice warning %}}
Rotate secrets every 90 days.
{{% /notice %}}

Read [logging]({{< ref "logging.md" >}}) first. Use \`{{< ref "x.md" >}}\` to link in Hugo.

{{< figure src="/images/diagram.png" alt="Diagram" >}}
`,
  );
  hugo.write('content/logging.md', '---\ntitle: Hugo logging\ndate: 2024-03-02\n---\nLog {{ .Site.Title }} well.\n');
  hugo.commit('hugo site', '2024-03-01T10:00:00Z');

  work = makeTempDir('knowledge-template-tags-');
  writeFileSync(
    path.join(work, 'sources.yaml'),
    `site: { title: Templates }
sources:
  - { name: guides, repo: "${middleman.url}", kind: standard, include: ["source/**/*.html.md.erb"] }
  - { name: hugo-docs, repo: "${hugo.url}", kind: kata, include: ["content/**/*.md"] }
`,
  );
  site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
  });
}, 240_000);
afterAll(() => {
  middleman?.cleanup();
  hugo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The document pages of a kind's folder (whatever their slugs), by file. */
function documentPages(folder: string): Map<string, string> {
  const dir = path.join(site.outDir, folder);
  return new Map(
    readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(dir, d.name, 'index.html'))
      .filter((f) => existsSync(f))
      .map((f) => [f, readFileSync(f, 'utf8')] as const)
      .filter(([, html]) => html.includes('class="doc-body"')),
  );
}

const mainOf = (html: string) => html.split('<main')[1]!.split('</main>')[0]!;
const titled = (pages: Map<string, string>, title: string) =>
  mainOf([...pages.values()].find((html) => html.includes(`<h1>${title}</h1>`))!);

describe('template tags of Middleman and Hugo repositories', () => {
  it('builds every page, with no template text on any', () => {
    expect(site.code, site.output).toBe(0);
    expect(site.report.totals.documents).toBe(5);
    const pages = [...documentPages('standards'), ...documentPages('katas')];
    expect(pages).toHaveLength(5);
    for (const [file, html] of pages) {
      const main = mainOf(html);
      // Template text outside code: code blocks are taken out first, where an example may show a tag.
      const text = main.replace(/<pre[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, '');
      expect(text, file).not.toMatch(/&lt;%|<%|%>|%&gt;|\{\{|\}\}|\{%|%\}|current_page/);
    }
  });

  it('shows the real title as the only H1, and no heading the ERB tag left', () => {
    const standards = documentPages('standards');
    const logging = titled(standards, 'Structured logging');
    expect(logging.match(/<h1\b/g)).toHaveLength(1);
    expect(logging).not.toMatch(/<h1>\s*<\/h1>/);
    expect(logging).toContain('Every service MUST log as JSON.');
    expect(logging).toContain('Logs are read by machines first.');
    expect(logging).not.toContain('reviewers: check the schema');
    // The tag in the code block is the author's example: kept.
    const text = logging
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;|&#x3c;|&#60;/gi, '<')
      .replace(/&gt;|&#x3e;|&#62;/gi, '>');
    expect(text).toContain('<%= example_kept_as_code %>');
    // The base URL prefix is gone: the link is the source site's address of the metrics page, which resolves.
    expect(logging).toMatch(/<a href="[^"]*metrics[^"]*">metrics<\/a>/);
    expect(
      site.report.problems.filter((p) => p.path?.endsWith('logging.html.md.erb') && p.code !== 'template-tags'),
    ).toEqual([]);
    expect(logging).not.toContain('config[:base_url]');
    expect(titled(standards, 'Service metrics')).toContain('Every service SHOULD expose RED metrics.');
  });

  it('turns a Hugo ref into a link and a figure into an image, and keeps a paired shortcode content', () => {
    const security = titled(documentPages('katas'), 'Security basics');
    expect(security).toContain('Rotate secrets every 90 days.');
    expect(security).toMatch(/<a href="[^"]*logging[^"]*">logging<\/a>/);
    expect(security).toContain('<code>{{&lt; ref "x.md" &gt;}}</code>');
    // The figure is an image now, read as any other: here reported, as the fixture has no such file.
    expect(site.report.problems).toContainEqual(
      expect.objectContaining({ path: 'content/security.md', line: 11, code: 'missing-image' }),
    );
  });

  it('reports one warning per source, at its first file with tags, with the counts', () => {
    const warnings = site.report.problems.filter((p) => p.code === 'template-tags');
    expect(warnings.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^guides:source\/standards\/logging\.html\.md\.erb:6: 8 template tag\(s\) \(ERB, Liquid, Jinja or Hugo\) removed from 3 document\(s\); first: "<%= current_page\.data\.title %>" in source\/standards\/logging\.html\.md\.erb:6; they are not shown/,
      ),
      expect.stringMatching(
        /^hugo-docs:content\/logging\.md:5: 5 template tag\(s\) \(ERB, Liquid, Jinja or Hugo\) removed from 2 document\(s\); first: "\{\{ \.Site\.Title \}\}"/,
      ),
    ]);
    const tallies = Object.fromEntries(site.report.sources.map((s) => [s.name, s.templateTags]));
    expect(tallies).toEqual({ guides: { documents: 3, removed: 8 }, 'hugo-docs': { documents: 2, removed: 5 } });
  });

  it('gives the same report when every document is replayed from the last build', async () => {
    const again = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
      KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
    });
    expect(again.code, again.output).toBe(0);
    expect(again.report.totals.parsed).toBe(0);
    expect(again.report.problems.filter((p) => p.code === 'template-tags')).toHaveLength(2);
    expect(again.report.problems).toEqual(site.report.problems);
    expect(again.report.sources.map((s) => s.templateTags)).toEqual(site.report.sources.map((s) => s.templateTags));
  }, 240_000);
});
