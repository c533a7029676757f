/** Internal regions in a public build: every marker form that works, and every near-miss that must fail closed. */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/lib/parse-document.ts';
import { formatProblem } from '../../src/lib/problems.ts';

const HEAD = '---\ntitle: T\ndate: 2024-01-01\nvisibility: public\n---\n';
const pub = (body: string, head = HEAD) =>
  parseDocument({ kind: 'session', source: 'src', path: 'n.md', bytes: Buffer.from(head + body), audience: 'public' });
const bodyOf = (body: string) => {
  const r = pub(body);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.doc;
};

describe('internal regions that work', () => {
  it('removes an inline region and keeps the text around it', () => {
    const d = bodyOf('Public. <!-- internal -->SECRET-INLINE<!-- /internal --> text.\n');
    expect(d.body).toBe('Public.  text.\n');
  });

  it('removes an inline region that spans lines', () => {
    const d = bodyOf('Public start <!-- internal -->SECRET one\nSECRET two<!-- /internal --> public end.\n');
    expect(d.body).toBe('Public start  public end.\n');
  });

  it('removes a region inside a blockquote and inside a list item', () => {
    const quoted = bodyOf(
      '> Public quote.\n> <!-- internal -->\n> SECRET quoted line here\n> <!-- /internal -->\n> More public.\n',
    );
    expect(quoted.body).toBe('> Public quote.\n> More public.\n');
    expect(quoted.canaries).toContain('SECRET quoted line here');
    const listed = bodyOf(
      '- Public item\n- <!-- internal -->\n  SECRET listed item text\n  <!-- /internal -->\n- Next <!-- internal -->SECRET<!-- /internal -->item\n',
    );
    expect(listed.body).toBe('- Public item\n- Next item\n');
  });

  it('keeps a marker written in code as text', () => {
    const d = bodyOf('Write `<!-- internal -->` to start.\n\n```md\n<!--- internal --->\n<!-- /internal -->\n```\n');
    expect(d.body).toContain('`<!-- internal -->`');
    expect(d.body).toContain('<!--- internal --->');
  });
});

describe('marker look-alikes fail closed', () => {
  const cases: Array<[string, string]> = [
    ['three dashes', 'Public.\n<!--- internal --->\nSECRET\n<!--- /internal --->\n'],
    ['a zero-width space', 'Public.\n<!-- inter\u200bnal -->\nSECRET\n<!-- /internal -->\n'],
    ['a no-break space', 'Public.\n<!--\u00a0internal -->\nSECRET\n<!-- /internal -->\n'],
    ['a colon', 'Public.\n<!-- internal: ops only -->\nSECRET\n<!-- /internal -->\n'],
    ['a Cyrillic letter', 'Public.\n<!-- \u0456nternal -->\nSECRET\n<!-- /internal -->\n'],
    ['a broken close', 'Public.\n<!- internal ->\nSECRET\n'],
    ['a comment over lines', 'Public.\n<!--\ninternal\n-->\nSECRET\n'],
  ];
  for (const [name, body] of cases) {
    it(`refuses ${name}, naming the line`, () => {
      const r = pub(body);
      expect(r.ok).toBe(false);
      const text = r.problems.map(formatProblem).join('\n');
      expect(text).toMatch(
        /^src:n\.md:7: skipped: expected an internal region marker written exactly `<!-- internal -->` or `<!-- \/internal -->` \(ASCII, on one line, outside code\), found "/,
      );
    });
  }

  it('refuses markers swallowed by a code block that is never closed', () => {
    const r = pub('Public.\n\n```sh\necho\n\n<!-- internal -->\nSECRET\n<!-- /internal -->\n');
    expect(r.problems.map(formatProblem)).toEqual([
      'src:n.md:8: skipped: the code block opened here is never closed, and region markers after it would be published as code; close it with a fence line',
    ]);
    expect(bodyOf('> ```\n> <!-- internal -->\n> ```\n\nPublic.\n').body).toContain('<!-- internal -->');
  });

  it('shows an invisible character in the message', () => {
    const r = pub('Public.\n<!-- inter\u200bnal -->\nSECRET\n<!-- /internal -->\n');
    expect(r.problems.map(formatProblem)).toEqual([
      'src:n.md:7: skipped: expected an internal region marker written exactly `<!-- internal -->` or `<!-- /internal -->` (ASCII, on one line, outside code), found "<!-- inter\\u200bnal -->"; write the marker exactly so, or remove it',
    ]);
  });

  it('refuses a marker that YAML escapes hide in a frontmatter value', () => {
    const r = pub(
      'Body.\n',
      '---\ntitle: T\ndate: 2024-01-01\nvisibility: public\nsummary: "Public \\u003c!-- internal --\\u003eSECRET"\n---\n',
    );
    expect(r.problems.map(formatProblem)).toEqual([
      'src:n.md:5: skipped: the frontmatter holds "<!-- internal -->", but internal regions work only in the body; move the internal text to an <!-- internal --> region of the body',
    ]);
  });

  it('refuses a marker in a frontmatter value', () => {
    const r = pub(
      'Body.\n',
      '---\ntitle: T\ndate: 2024-01-01\nvisibility: public\nsummary: "Public <!-- internal -->SECRET<!-- /internal -->"\n---\n',
    );
    expect(r.problems.map(formatProblem)).toEqual([
      'src:n.md:5: skipped: the frontmatter holds "<!-- internal -->", but internal regions work only in the body; move the internal text to an <!-- internal --> region of the body',
    ]);
  });
});

describe('any marker variant either works or fails closed', () => {
  // Each variant of the opening marker: one character inserted, replaced or removed. Either the document is refused,
  // or the SECRET text is gone from its body (never published silently).
  const marker = '<!-- internal -->';
  const odd = [
    '\u200b',
    '\u200c',
    '\u2060',
    '\ufeff',
    '\u00a0',
    '\u00ad',
    '-',
    '!',
    ':',
    ' ',
    '\t',
    'x',
    '\u0456',
    '\u0435',
    '\uff1c',
    '\uff1e',
    '\u202e',
    '\u0301',
  ];
  const variants = new Set<string>();
  for (let i = 0; i <= marker.length; i++) {
    variants.add(marker.slice(0, i) + marker.slice(i + 1));
    for (const c of odd) {
      variants.add(marker.slice(0, i) + c + marker.slice(i));
      variants.add(marker.slice(0, i) + c + marker.slice(i + 1));
    }
  }
  it(`holds for ${variants.size} variants, alone on a line, inline and quoted`, () => {
    const published: string[] = [];
    for (const v of variants) {
      for (const body of [
        `Public.\n\n${v}\nSECRETLINE\n<!-- /internal -->\n`,
        `Public ${v}SECRETINLINE<!-- /internal --> text.\n`,
        `> Public.\n> ${v}\n> SECRETQUOTE\n> <!-- /internal -->\n`,
      ]) {
        const r = pub(body);
        if (r.ok && /SECRET/.test(r.doc.body)) published.push(JSON.stringify(v));
      }
      // The same change to the closing marker: the region must not end early nor vanish.
      const close = v.replace('internal', '/internal');
      const r = pub(`Public.\n\n<!-- internal -->\nSECRETONE\n${close}\nSECRETTWO\n<!-- /internal -->\n`);
      if (r.ok && /SECRET/.test(r.doc.body)) published.push(JSON.stringify(close));
    }
    expect(published).toEqual([]);
  });
});
