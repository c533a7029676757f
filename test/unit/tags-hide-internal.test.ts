/** A template tag whose removal turns text into code must not turn an internal region's markers into published text. */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/lib/parse-document.ts';

const HEAD = '---\ntitle: T\ndate: 2024-01-01\nvisibility: public\n---\n';
const pub = (body: string) =>
  parseDocument({ kind: 'session', source: 'src', path: 'n.md', bytes: Buffer.from(HEAD + body), audience: 'public' });
const leaks = (body: string) => {
  const r = pub(body);
  return r.ok && JSON.stringify(r.doc).includes('SECRET');
};

describe('template tags and internal regions', () => {
  it('does not publish a region whose tilde fence a removed tag made', () => {
    expect(leaks('Public.\n\n~{{ x }}~~\n<!-- internal -->\nSECRET plan\n<!-- /internal -->\n~~~\n')).toBe(false);
  });
  it('does not publish a region a tag-only line turned into an indented code block', () => {
    expect(leaks('Public.\n{{ x }}\n    <!-- internal -->\n    SECRET plan\n    <!-- /internal -->\n')).toBe(false);
  });
  it('does not publish a region a removed tag opened a backtick fence around', () => {
    expect(leaks('Public.\n\n`{{ x }}``\n<!-- internal -->\nSECRET plan\n<!-- /internal -->\n```\n')).toBe(false);
  });
  it('does not publish a region a tag hid the marker of', () => {
    expect(leaks('Public.\n\n<!-- inter{{ x }}nal -->\nSECRET plan\n<!-- /internal -->\n')).toBe(false);
  });
  it('still builds a region inside a removed comment, or a marker shown in code', () => {
    const r = pub(
      'Public.\n\n{% comment %}<!-- internal -->SECRET<!-- /internal -->{% endcomment %}\n\nUse `<!-- internal -->` {{ x }} here.\n',
    );
    expect(r.ok && r.doc.body).toBe('Public.\n\n\n\nUse `<!-- internal -->`  here.\n');
  });
});
