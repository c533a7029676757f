/**
 * Generated hostile documents (fast-check, seeded): a few hundred random and adversarial frontmatters and bodies,
 * beside one valid document of each audience, built for real twice (internal and public). The build must exit 0,
 * the valid documents must be built, every generated document must either be built or be named in the problems,
 * and no output file of the public build may hold text planted inside an internal region or an internal document.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, makeTempDir, type TestRepo } from '../helpers/git-repo.ts';
import { outputTexts } from '../helpers/output-files.ts';
import { buildSite, type SiteBuild } from '../helpers/site-build.ts';

const CASES = 240;
const SEED = 20261202;
const folders = {
  postmortem: 'postmortems',
  session: 'sessions',
  standard: 'standards',
  kata: 'katas',
  strategy: 'strategy',
} as const;
type Kind = keyof typeof folders;

const yamlString = (s: string) => JSON.stringify(s);
const nasty = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\ufffe',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
  '\u061c',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${process.exit(1)}',
  '__proto__',
  'constructor',
  'C++',
  'C#',
  '事故',
  'инцидент',
  '../../etc/passwd',
  '%00',
  '&amp;',
  ']]>',
  '-->',
);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 8 }), nasty), { maxLength: 6 }).map((a) => a.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4000 }).map((n) => 'x'.repeat(n)) },
);
const date = fc.oneof(
  fc.constantFrom(
    '2024-03-07',
    '0100-01-01',
    '99999-12-31',
    '2024-02-30',
    '1970-01-01',
    '9999-12-31',
    '-000001-01-01',
    '2025-13-01',
    '',
  ),
  fc
    .date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  text,
);
const period = fc.oneof(
  fc.constantFrom('6 months', '99999999 years', '300000 years', '0 days', '1e308 days', '-3 weeks'),
  text,
);
const list = (item: fc.Arbitrary<string>) =>
  fc.array(item, { maxLength: 8 }).map((a) => `[${a.map(yamlString).join(', ')}]`);
/** Aliases that expand: `levels` lists of ten, each holding the one before ten times. */
const aliasBomb = fc.integer({ min: 2, max: 7 }).map((levels) => {
  const lines = ['_a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= levels; i++)
    lines.push(`_a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return { key: 'related', raw: `*a${levels}`, prelude: lines.join('\n') };
});

const field = fc.oneof(
  fc.record({
    key: fc.constantFrom(
      'title',
      'summary',
      'id',
      'severity',
      'status',
      'champion_group',
      'owner',
      'host',
      'facilitator',
      'level',
      'period',
      'category',
      'customer_impact',
      'version',
    ),
    value: text.map(yamlString),
  }),
  fc.record({ key: fc.constantFrom('date', 'last_reviewed'), value: date.map(yamlString) }),
  fc.record({
    key: fc.constantFrom('started', 'detected', 'mitigated', 'resolved'),
    value: fc.oneof(date, fc.constantFrom('2024-03-07T10:00:00Z', '275760-09-13T00:00:00Z')).map(yamlString),
  }),
  fc.record({ key: fc.constant('review_every'), value: period.map(yamlString) }),
  fc.record({
    key: fc.constantFrom(
      'tags',
      'teams',
      'services',
      'authors',
      'owners',
      'topics',
      'contributing_factors',
      'related',
      'decisions',
    ),
    value: list(text),
  }),
  fc.record({
    key: fc.constant('related'),
    value: list(
      fc.constantFrom(
        'javascript:alert(1)',
        ' JaVaScRiPt:alert(1)',
        'data:text/html,x',
        'vbscript:x',
        'postmortem/valid-internal',
        'PM-0000',
        '/standards/nowhere/',
        'https://example.org',
      ),
    ),
  }),
  fc.record({
    key: fc.constant('action_items'),
    value: fc
      .array(
        fc.record({
          title: text,
          owner: text,
          status: fc.constantFrom('open', 'done', 'bogus'),
          due: date,
          ticket: fc.oneof(text, fc.constant('javascript:alert(1)')),
        }),
        { maxLength: 4 },
      )
      .map(
        (items) =>
          `[${items.map((a) => `{ title: ${yamlString(a.title)}, owner: ${yamlString(a.owner)}, status: ${a.status}, due: ${yamlString(a.due)}, ticket: ${yamlString(a.ticket)} }`).join(', ')}]`,
      ),
  }),
  fc.record({
    key: fc.constantFrom('duration_minutes', 'time_to_detect_minutes'),
    value: fc.oneof(fc.double().map(String), fc.constant('1e309'), fc.integer().map(String)),
  }),
  fc.record({
    key: fc.constant('title'),
    value: fc.constantFrom(
      '!!js/function "function () { return 1 }"',
      '!!binary aGVsbG8=',
      '&x [*x]',
      '{ a: 1 }',
      '[1, [2, [3]]]',
      '~',
      '!!str',
      "'unterminated",
    ),
  }),
);

type Body = { text: string; secret?: string };
/** A region of internal text written correctly or as a near miss; either way its secret must never be published. */
const region = (secret: string) =>
  fc.constantFrom(
    `<!-- internal -->\n${secret} line form\n<!-- /internal -->`,
    `Public words. <!-- internal -->${secret} inline<!-- /internal --> more public words.`,
    `> Quoted public.\n> <!-- internal -->\n> ${secret} quoted\n> <!-- /internal -->`,
    `<!--- internal --->\n${secret} three dashes\n<!--- /internal --->`,
    `<!-- int\u200Bernal -->\n${secret} zero width\n<!-- /int\u200Bernal -->`,
    `<!-- INTERNAL -->\n${secret} upper case\n<!-- /INTERNAL -->`,
    `<!--internal-->${secret} tight<!--/internal-->`,
    `<!-- internal -->\n${secret} never closed`,
    `- item\n  <!-- internal -->\n  ${secret} in a list\n  <!-- /internal -->`,
    // Template tags: markers whole only once the tags go, and comments that are not for readers.
    `<!-- inter{{ x }}nal -->\n${secret} marker made by tags\n<!-- /inter<%= y %>nal -->`,
    `Public words. {% comment %}${secret} Liquid comment{% endcomment %} more public words.`,
    `<%# ${secret} ERB comment %>`,
    `{# ${secret} Jinja comment #}`,
  );
const piece = fc.oneof(
  { weight: 3, arbitrary: text.map((t) => t.replace(/[`~<]/g, '')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '<img src=x onerror=alert(1)>',
      '<pre class="skip-link" tabindex="0">x</pre>',
      '<a href="javascript:alert(1)">x</a>',
      '<svg onload=alert(1)></svg>',
      '<details open ontoggle=alert(1)><summary>x</summary></details>',
      '<iframe src="https://example.org"></iframe>',
      '[x](JaVaScRiPt:alert(1))',
      '![x](data:image/svg+xml,<svg onload=alert(1)>)',
      '# <%= current_page.data.title %>',
      '<scr<%= x %>ipt>alert(1)</scr{{ y }}ipt>',
      '[x]({{< relref "JaVaScRiPt:alert(1)" >}})',
      '{{< figure src="javascript:alert(1)" >}}',
      '{% raw %}<script>alert(1)</script>{{ y }}{% endraw %}',
      '{% highlight js %}\n{{ x }}</pre><script>alert(1)</script>\n{% endhighlight %}',
      '{{% notice %}}{{ '.repeat(50),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        lang: fc.constantFrom('constructor', '__proto__', 'toString', 'ts', 'c++', '', 'x'.repeat(300), 'js title="a"'),
        code: text.map((t) => t.replace(/[`~]/g, '')),
      })
      .map(({ lang, code }) => `\`\`\`${lang}\n${code}\n\`\`\``),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '## Hints',
      '### Solution',
      '# Heading',
      '## Action items\n\n- [ ] Fix it, owner: Ana, due 2099-01-01',
      '## Timeline\n\n| time | event |\n|---|---|\n| 10:00 | x |',
    ),
  },
);

function documentArb(i: number): fc.Arbitrary<{ kind: Kind; file: string; content: string; secrets: string[] }> {
  return fc
    .record({
      kind: fc.constantFrom(...(Object.keys(folders) as Kind[])),
      opening: fc.constantFrom('---', '---', '---', '---', '---js', '---coffee', '--- ', '---yaml'),
      fields: fc.array(field, { maxLength: 8 }),
      bomb: fc.option(aliasBomb, { freq: 8 }),
      visibility: fc.constantFrom('public', 'public', 'internal', undefined, 'PUBLIC', 'everyone'),
      pieces: fc.array(piece, { maxLength: 6 }),
      regions: fc.array(fc.constant(null), { maxLength: 2 }),
    })
    .chain((d) => fc.tuple(fc.constant(d), fc.tuple(...d.regions.map((_, r) => region(`SECRET-${i}-${r}`)))))
    .map(([d, regions]) => {
      const secrets = regions.map((_, r) => `SECRET-${i}-${r}`);
      const lines = d.fields.map((f) => `${f.key}: ${f.value}`);
      if (d.bomb) {
        lines.unshift(d.bomb.prelude);
        lines.push(`${d.bomb.key}: ${d.bomb.raw}`);
      }
      if (d.visibility) lines.push(`visibility: ${d.visibility}`);
      const body: Body[] = [
        ...d.pieces.map((t) => ({ text: t })),
        ...regions.map((t, r) => ({ text: t, secret: secrets[r] })),
      ];
      // Secrets go after every generated piece: a piece is never left open around them (an unclosed fence would make a region text).
      const content = `${d.opening}\n${lines.join('\n')}\n---\n\n${body.map((b) => b.text).join('\n\n')}\n`;
      // An internal document's own text is a secret in a public build too.
      const internalTitle = `SECRET-${i}-doc`;
      const withTitle =
        d.visibility === 'public' ? content : content.replace(/\n---\n/, `\nsummary: ${internalTitle}\n---\n`);
      return {
        kind: d.kind,
        file: `${folders[d.kind]}/case-${i}.md`,
        content: withTitle,
        secrets: d.visibility === 'public' ? secrets : [...secrets, internalTitle],
      };
    });
}

const generated = Array.from(
  { length: CASES },
  (_, i) => fc.sample(documentArb(i), { seed: SEED + i, numRuns: 1 })[0]!,
);

let repo: TestRepo;
let work: string;
let internal: SiteBuild;
let pub: SiteBuild;

beforeAll(async () => {
  repo = createTestRepo();
  for (const g of generated) repo.write(g.file, g.content);
  repo.write(
    'postmortems/valid-internal.md',
    '---\ntitle: A valid internal write-up\ndate: 2025-01-02\n---\nSECRET-valid-internal body text.\n',
  );
  repo.write(
    'postmortems/valid-public.md',
    '---\ntitle: A valid public write-up\ndate: 2025-01-03\nvisibility: public\n---\nPublic text.\n\n<!-- internal -->\nSECRET-valid-region\n<!-- /internal -->\n',
  );
  repo.commit('generated');
  work = makeTempDir('knowledge-generated-');
  const sources = (Object.keys(folders) as Kind[])
    .map((k) => `  - { name: g-${k}, repo: "${repo.url}", kind: ${k}, include: ["${folders[k]}/*.md"] }`)
    .join('\n');
  writeFileSync(
    path.join(work, 'sources.yaml'),
    `site: { title: Generated, url: "https://generated.example.org" }\nsources:\n${sources}\n`,
  );
  const env = { KNOWLEDGE_CACHE_DIR: path.join(work, 'cache') };
  internal = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
    ...env,
    KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro-internal'),
  });
  pub = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist-public'), {
    ...env,
    KNOWLEDGE_ASTRO_CACHE: path.join(work, 'astro-public'),
    KNOWLEDGE_AUDIENCE: 'public',
  });
}, 600_000);
afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe(`${CASES} generated hostile documents`, () => {
  it('build internally: exit 0, the valid documents built, every other one built or named', () => {
    expect(internal.code, internal.output.slice(-3000)).toBe(0);
    expect(internal.exists('/postmortems/valid-internal/')).toBe(true);
    expect(internal.exists('/postmortems/valid-public/')).toBe(true);
    const named = new Set(internal.report.problems.map((p) => p.path));
    const lost = generated.filter(
      (g) => !internal.exists(`/${folders[g.kind]}/case-${g.file.match(/case-(\d+)/)![1]}/`) && !named.has(g.file),
    );
    expect(lost.map((g) => `${g.file}:\n${g.content.slice(0, 400)}`)).toEqual([]);
  });

  it('build publicly: exit 0, the valid public document built, nothing planted as internal anywhere in the output', () => {
    expect(pub.code, pub.output.slice(-3000)).toBe(0);
    expect(pub.exists('/postmortems/valid-public/')).toBe(true);
    expect(pub.exists('/postmortems/valid-internal/')).toBe(false);
    const secrets = [...generated.flatMap((g) => g.secrets), 'SECRET-valid-internal', 'SECRET-valid-region'];
    const found: string[] = [];
    for (const { file, text } of outputTexts(pub.outDir)) {
      for (const m of text.matchAll(/SECRET-(?:\d+-(?:\d+|doc)|valid-[a-z]+)/g))
        if (secrets.includes(m[0])) found.push(`${file}: ${m[0]}`);
    }
    expect(found).toEqual([]);
  });
});
