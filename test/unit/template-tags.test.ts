import { emptyAdoption } from '../../src/loaders/adoption.ts';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarkdownTree } from '../../src/lib/body-structure.ts';
import { parseDocument } from '../../src/lib/parse-document.ts';
import { formatProblem } from '../../src/lib/problems.ts';
import { MAX_TAG_CHARS, stripTemplateTags } from '../../src/lib/template-tags.ts';
import type { SourceTally } from '../../src/loaders/registry.ts';
import { TemplateTagReport } from '../../src/loaders/template-tag-report.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

const strip = (body: string) => stripTemplateTags(body).body;

/** `markdown` with its code spans and code blocks blanked out: what a reader sees as text. */
function outsideCode(markdown: string): string {
  const chars = markdown.split('');
  type Node = { type: string; position?: { start: { offset?: number }; end: { offset?: number } }; children?: Node[] };
  const visit = (n: Node) => {
    if (n.type === 'code' || n.type === 'inlineCode') {
      for (let i = n.position!.start.offset!; i < n.position!.end.offset!; i++) chars[i] = ' ';
      return;
    }
    for (const c of n.children ?? []) visit(c);
  };
  visit(parseMarkdownTree(markdown) as unknown as Node);
  return chars.join('');
}

describe('template tags', () => {
  it('removes ERB tags, and drops a heading that was only a tag, keeping its line', () => {
    const r = stripTemplateTags(
      '# <%= current_page.data.title %>\n\nDeploy <%= version %> first.\n<% content_for :notes do %>\nNotes.\n<% end %>\n',
    );
    expect(r.body).toBe('\n\nDeploy  first.\n\nNotes.\n\n');
    expect(r.removed).toBe(4);
    expect(r.first).toEqual({ text: '<%= current_page.data.title %>', line: 0 });
  });

  it('removes an ERB comment with its content, and an HTML heading left empty', () => {
    expect(strip('<%# not for\nreaders %>\n<h1><%= title %></h1>\nText <%- x -%>.\n')).toBe('\n\n\nText .\n');
  });

  it('removes Liquid and Jinja tags and their comments, and keeps what {% raw %} holds as code', () => {
    expect(
      strip(
        '# {{ page.title }}\n\n{% include note.html %}\nHi {{ page.author | upcase }}.\n{% comment %}\nsecret\n{% endcomment %}\n{# jinja #}\nShow {% raw %}{{ page.title }}{% endraw %} here.\n',
      ),
    ).toBe('\n\n\nHi .\n\n\n\n\nShow `{{ page.title }}` here.\n');
    // Whitespace control, and a comment on one line.
    expect(strip('a {%- if x -%} b {%comment%}hidden{%endcomment%} c\n')).toBe('a  b  c\n');
  });

  it('keeps a {% raw %} block around code as the code', () => {
    expect(strip('{% raw %}\n```liquid\n{{ page.title }}\n```\n{% endraw %}\n')).toBe(
      '\n```liquid\n{{ page.title }}\n```\n\n',
    ); // Lines a raw tag kept from being an indented code block are one once it goes, as on the source's site.
    expect(strip('Text:\n\n{% raw %}\n    {% include x.html %}\n{% endraw %}\n')).toBe(
      'Text:\n\n\n    {% include x.html %}\n\n',
    );
  });

  it('removes Hugo shortcodes, keeping the content of a paired one', () => {
    expect(strip('{{% notice info %}}\nRead this first.\n{{% /notice %}}\n{{< youtube abc >}}\n{{/* note */}}\n')).toBe(
      '\nRead this first.\n\n\n\n',
    );
    // Hugo's way to show a shortcode as written becomes a code span.
    expect(strip('Write {{</* notice */>}}.\n')).toBe('Write `{{< notice >}}`.\n');
  });

  it('turns a highlight block into a fenced code block, keeping what it shows', () => {
    expect(strip('{% highlight ruby linenos %}\nputs "{{ x }}"\n{% endhighlight %}\nafter {{ y }}\n')).toBe(
      '```ruby\nputs "{{ x }}"\n```\nafter \n',
    );
    expect(strip('{{< highlight go "linenos=table" >}}\nfmt.Println("```")\n{{< /highlight >}}\n')).toBe(
      '````go\nfmt.Println("```")\n````\n',
    );
    // Not alone on its line: only the tags go.
    expect(strip('Run {% highlight sh %}ls{% endhighlight %} now.\n')).toBe('Run ls now.\n');
  });

  it('turns ref and relref into their link target, and a figure into an image', () => {
    expect(strip('[text]({{< ref "x.md" >}}) and [a]({{< relref "dir/x.md#a" >}}) and {{% ref \'y.md\' %}}\n')).toBe(
      '[text](x.md) and [a](dir/x.md#a) and y.md\n',
    );
    expect(strip('{{< figure src="/img/a.png" alt="A [diagram]" >}}\n')).toBe('![A \\[diagram\\]](/img/a.png)\n');
    // Over several lines, the lines stay.
    expect(strip('[a]({{< ref\n  "x.md" >}}) b\n')).toBe('[a](x.md\n) b\n');
    expect(strip('{{% alert title="Mind *this*" color="warning" %}}\nText.\n{{% /alert %}}\n')).toBe(
      '**Mind \\*this\\***\nText.\n\n',
    );
  });

  it('makes a link or image site-relative when its prefix was the site URL', () => {
    expect(
      strip(
        '[a]({{ site.baseurl }}/security/) ![b]({{ site.url }}/i.png) [c](<%= config[:base_url] %>/x.html) <a href="{{ site.baseurl }}/y">y</a>\n',
      ),
    ).toBe('[a](/security/) ![b](/i.png) [c](/x.html) <a href="/y">y</a>\n');
  });

  it("turns a URL filter, Jekyll's link, and Middleman's link_to, image_tag and warning_text into Markdown", () => {
    expect(strip('[a]({{ "/about/" | relative_url }}) [b]({% link _pages/b.md %}) <%= link_to "Home", "/" %>\n')).toBe(
      '[a](/about/) [b](/_pages/b.md) [Home](/)\n',
    );
    expect(strip('<%= image_tag "arch.png", alt: "x" %>\n<%= warning_text("Do not share keys.") %>\n')).toBe(
      '![](arch.png)\n**Warning:** Do not share keys.\n',
    );
    expect(strip('<img src="<%= image_path(\'a.png\') %>"> ![b]({{ "/b.png" | prepend: site.baseurl }})\n')).toBe(
      '<img src="a.png"> ![b](/b.png)\n',
    );
  });

  it("shows ERB's escape <%% as <% in the code of an ERB file, which ERB runs too", () => {
    const body = '```markdown\n# <%%= current_page.data.title %>\n```\n\n`<%%= x %>`\n';
    expect(stripTemplateTags(body, { erb: true })).toEqual({
      body: '```markdown\n# <%= current_page.data.title %>\n```\n\n`<%= x %>`\n',
      removed: 0,
    });
    expect(stripTemplateTags(body).body).toBe(body);
  });

  it('leaves code spans and code blocks as written', () => {
    const body =
      'Use `{{ page.title }}` or `<%= x %>`.\n\n```erb\n<%= current_page.data.title %>\n{% raw %}\n```\n\n    {{< ref "x" >}}\n\n~~~\n{# kept #}\n~~~\n';
    expect(stripTemplateTags(body)).toEqual({ body, removed: 0 });
  });

  it('keeps every line where it was, also for tags over several lines', () => {
    const body = 'one <% if\nx\n%> two\n{{ a\n}}\nthree {% comment %}\n\n{% endcomment %}\n[link](x.md)\n';
    const out = strip(body);
    expect(out.split('\n')).toHaveLength(body.split('\n').length);
    expect(out.split('\n')[8]).toBe('[link](x.md)');
  });

  it('does not leave a line indented into a code block', () => {
    expect(strip('Para.\n\n{{ x }}    not code\n')).toBe('Para.\n\nnot code\n');
  });

  it('drops an opener that is never closed, and leaves `{#id}` heading attributes alone', () => {
    expect(strip('a {{ b\n# Title {#title}\nc <% d\n')).toBe('a  b\n# Title {#title}\nc  d\n');
    expect(strip(`{{ ${'x'.repeat(MAX_TAG_CHARS)} }}`)).toBe(`${'x'.repeat(MAX_TAG_CHARS)} }}`);
  });

  it('does not join what is left into a new tag', () => {
    const out = strip('{<%= x %>{ y }} <<%= z %>%\n');
    expect(out).not.toMatch(/\{\{|<%|\{%/);
  });

  it('leaves a body without tags as it is', () => {
    const body = '# Title\n\nNo tags { here } < or % there.\n';
    expect(stripTemplateTags(body)).toEqual({ body, removed: 0 });
  });

  it('cuts a long first example', () => {
    const r = stripTemplateTags(`text\n\n{{ ${'long '.repeat(30)} }}\n`);
    expect(r.first!.line).toBe(2);
    expect(r.first!.text).toMatch(/^\{\{ long long .{40,}…$/);
    expect(r.first!.text.length).toBeLessThanOrEqual(61);
  });

  it('takes linear time on openers that never close, and on many tags', () => {
    for (const hostile of [
      '{{ '.repeat(100_000),
      '<% '.repeat(100_000),
      '{% '.repeat(100_000),
      '{{< '.repeat(100_000),
      '{% raw %}'.repeat(100_000),
      '{% comment %}'.repeat(100_000),
      `${'{{ '.repeat(50_000)}${'x'.repeat(MAX_TAG_CHARS)}}}`,
      `${'{% comment %} `x` '.repeat(30_000)}`,
      '{{ x }}'.repeat(100_000),
      `${'{% highlight x %}'.repeat(100_000)}\n{% endhighlight %}`,
      // Long runs of spaces where the patterns read a heading, an ERB link or image.
      `# ${' '.repeat(200_000)}x{{ a }}\n`,
      `<%= link_to "a", "b"${' '.repeat(3900)}x %>\n`.repeat(50),
      `<%= image_tag "a.png"${' '.repeat(3900)}x %>\n`.repeat(50),
      `${'{{< highlight x >}}\n'.repeat(100_000)}`,
      `${'` `` ``` ```` ````` `````` ```````'}\n\n{% raw %}${'{{x}}'.repeat(100_000)}{% endraw %}`,
      // Tags kept by {% raw %}, each made a code span, beside backtick runs of every length up to 700.
      `${Array.from({ length: 700 }, (_, n) => '`'.repeat(n + 1)).join(' ')}\n\n{% raw %}${'{{ x }} '.repeat(50_000)}{% endraw %}`,
    ]) {
      const started = performance.now();
      const out = strip(hostile);
      expect(performance.now() - started, hostile.slice(0, 20)).toBeLessThan(1500);
      // Bounded output: a code span's fence is at most 8 backticks.
      expect(out.length, hostile.slice(0, 20)).toBeLessThan(hostile.length * 5);
      expect(outsideCode(out)).not.toMatch(/\{\{|<%|\{%/);
    }
  });

  const fragment = fc.oneof(
    fc.constantFrom(
      'text',
      ' ',
      '\n',
      '\n\n',
      '# ',
      '    ',
      '`',
      '{',
      '<',
      '%',
      '}',
      '>',
      '#',
      '-',
      '===',
      '<%= current_page.data.title %>',
      '<% if x %>',
      '<%# comment %>',
      '{{ page.title }}',
      '{{ site.baseurl }}/x',
      '{% include a.html %}',
      '{% comment %}',
      '{% endcomment %}',
      '{% raw %}',
      '{% endraw %}',
      '{# jinja #}',
      '{{< ref "x.md" >}}',
      '{{% notice %}}',
      '{{< figure src="a.png" >}}',
      '{{< ref\n"x.md" >}}',
      '{{% alert title="T" %}}',
      '{{</* x */>}}',
      '{% highlight ruby %}\n',
      '\n{% endhighlight %}',
      '{{< highlight go >}}\n',
      '{{< /highlight >}}',
      '{{',
      '<%',
      '{%',
      '%>',
      '}}',
      '`{{ code }}`',
      '\n```\n{{ fenced }}\n```\n',
      '<div>\n',
      '<!-- ',
      '[a](',
      '\\',
      '> ',
      '~~~\n',
      '``',
      ')',
    ),
    fc.string({ maxLength: 3 }),
  );

  it('never leaves a tag opener outside code, and keeps the number of lines', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const kept = '```\n{{ kept }}\n```\n\n';
        const body = kept + parts.join('');
        const out = strip(body);
        expect(out.startsWith(kept)).toBe(true);
        expect(out.split('\n')).toHaveLength(body.split('\n').length);
        expect(outsideCode(out)).not.toMatch(/\{\{|<%|\{%/);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('template tags in a parsed document', () => {
  const parse = (path: string, text: string) =>
    parseDocument({ kind: 'standard', source: 'guides', path, bytes: Buffer.from(text) });

  it('takes them out before the body is read, and says how many and where the first was', () => {
    const r = parse(
      'source/standards/logging.html.md.erb',
      '---\ntitle: Logging\ndate: 2024-01-02\n---\n# <%= current_page.data.title %>\n\nLog as JSON. See [metrics]({{< ref "metrics.md" >}}).\n',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.body).not.toContain('<%');
    expect(r.doc.templateTags).toEqual({ removed: 2, example: '<%= current_page.data.title %>', line: 5 });
    expect(r.doc.links).toEqual([{ url: 'metrics.md', text: 'metrics', line: 7 }]);
    expect(r.doc.data.summary).toBe('Log as JSON. See metrics.');
  });

  it('does not take a heading that was only a tag for the title', () => {
    const r = parse('guides/no-title.md', '---\ndate: 2024-01-02\n---\n# {{ page.title }}\n\nText.\n');
    expect(r.ok && r.doc.data.title).toBe('No title');
    expect(r.ok && r.doc.derivedFrom.title).toBe('the file name');
  });

  it('reads internal regions from the body without its tags, and does not quote a tag in a public build', () => {
    const r = parseDocument({
      kind: 'kata',
      source: 'guides',
      path: 'k/a.md',
      audience: 'public',
      bytes: Buffer.from(
        '---\ntitle: A\ndate: 2024-01-02\nvisibility: public\n---\nShown.\n<!-- inter{{ x }}nal -->\n{{ secret }} SECRET-TEXT\n<!-- /inter{{ x }}nal -->\n',
      ),
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.body).not.toContain('SECRET-TEXT');
    expect(r.doc.templateTags).toEqual({ removed: 3, example: '', line: 7 });
  });

  it('refuses a body the parsers cannot take once its tags are taken out, at its line', () => {
    const r = parse(
      'guides/deep.md',
      `---\ntitle: Deep\ndate: 2024-01-02\n---\nFine.\n\n{{ x }}${'>'.repeat(1_000_000)} deep\n`,
    );
    expect(r.ok).toBe(false);
    expect(r.problems.map(formatProblem)).toEqual([
      'guides:guides/deep.md:7: skipped: once its template tags are taken out, quotes or lists nested more than 100 levels deep; nest them less',
    ]);
    const tagsMade = parse(
      'guides/tags.md',
      `---\ntitle: Tags\ndate: 2024-01-02\n---\n${'<{{ x }}b '.repeat(25_000)}\n`,
    );
    expect(tagsMade.problems[0]!.message).toMatch(/^skipped: once its template tags are taken out, 25,000 HTML tags/);
  });

  it('leaves MDX alone, whose braces are code', () => {
    const r = parse('guides/page.mdx', '---\ntitle: X\ndate: 2024-01-02\n---\n<Box style={{ a: 1 }} />\n');
    expect(r.ok && r.doc.body).toContain('{{ a: 1 }}');
    expect(r.ok && r.doc.templateTags).toBeUndefined();
  });
});

describe('the template tag report', () => {
  it('gives one warning per source, at its first file, with the counts in the tally', () => {
    const report = new TemplateTagReport();
    const tally: SourceTally = { documents: 0, drafts: 0, skipped: 0, adoption: emptyAdoption() };
    report.add({ source: 'a', path: 'x.md' }, { removed: 3, example: '<%= t %>', line: 5 }, tally);
    report.add({ source: 'a', path: 'y.md' }, undefined, tally);
    report.add({ source: 'a', path: 'z.md' }, { removed: 2, example: '{{ y }}', line: 9 }, tally);
    report.add({ source: 'b', path: 'w.md' }, { removed: 1, example: '', line: 2 });
    expect(tally.templateTags).toEqual({ documents: 2, removed: 5 });
    const [a, b] = report.problems();
    expect(report.problems()).toHaveLength(2);
    expect(a).toMatchObject({ source: 'a', path: 'x.md', line: 5, severity: 'warning', code: 'template-tags' });
    expect(a!.message).toMatch(
      /^5 template tag\(s\) \(ERB, Liquid, Jinja or Hugo\) removed from 2 document\(s\); first: "<%= t %>" in x\.md:5; they are not shown/,
    );
    expect(b!.message).toMatch(/^1 template tag\(s\) .* removed from 1 document\(s\); first in w\.md:2;/);
  });

  it('is given by npm run validate too', () => {
    const dir = makeTempDir('knowledge-validate-tags-');
    try {
      mkdirSync(path.join(dir, 'standards'));
      for (const name of ['a', 'b'])
        writeFileSync(
          path.join(dir, 'standards', `${name}.html.md`),
          `---\ntitle: ${name}\ndate: 2024-01-02\n---\n# <%= current_page.data.title %>\n\nText.\n`,
        );
      const root = path.resolve(import.meta.dirname, '../..');
      const r = spawnSync(
        process.execPath,
        ['scripts/validate.ts', path.join(dir, 'standards'), '--kind', 'standard'],
        {
          cwd: root,
          encoding: 'utf8',
        },
      );
      const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.includes('template tag'));
      expect(lines).toEqual([
        expect.stringMatching(
          /^a\.html\.md:5: 2 template tag\(s\) .* removed from 2 document\(s\); first: "<%= current_page\.data\.title %>" in a\.html\.md:5; .*\(warning\)$/,
        ),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a source whose braces are its own text', () => {
  it('keeps {{ }} and <% %> with `templates: keep`', () => {
    const text = '---\ntitle: Mustache\ndate: 2024-01-02\n---\nWrite {{ name }} to greet, and <%= x %> in ERB.\n';
    const kept = parseDocument({
      kind: 'kata',
      source: 's',
      path: 'k.md',
      bytes: Buffer.from(text),
      templates: 'keep',
    });
    expect(kept.ok && kept.doc.body).toContain('Write {{ name }} to greet, and <%= x %> in ERB.');
    expect(kept.ok && kept.doc.templateTags).toBeUndefined();
    const stripped = parseDocument({ kind: 'kata', source: 's', path: 'k.md', bytes: Buffer.from(text) });
    expect(stripped.ok && stripped.doc.body).not.toContain('{{');
  });
});
