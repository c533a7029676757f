/** Redirect-only pages send readers only to web addresses, and a public build follows only public ones. */
import { describe, expect, it } from 'vitest';
import { redirectStubOf } from '../../src/lib/redirect-stubs.ts';

const at = { repoKey: 'r', repoPath: '_pages/old.md' };
const stub = (fm: string, audience: 'internal' | 'public' = 'internal') =>
  redirectStubOf(Buffer.from(`---\n${fm}\n---\n`), at, audience);

describe('redirect stubs', () => {
  it('refuses a target that is not an http(s) address', () => {
    for (const to of [
      'javascript:alert(1)',
      '"java\\tscript:alert(1)"',
      'data:text/html,<script>alert(1)</script>',
      '//evil.example/x',
      '"https://evil.example/\\n<script>"',
      '"https://a.example/\\" onmouseover=\\"alert(1)"',
      'vbscript:x',
      '/relative/page/',
      '[javascript:alert(1)]',
    ])
      expect(stub(`redirect_to: ${to}`), to).toBeUndefined();
  });

  it('follows an http(s) target, the first of a list', () => {
    expect(stub('redirect_to: [https://a.example/x, https://b.example/]')?.to).toBe('https://a.example/x');
  });

  it('follows in a public build only a stub that says it is public', () => {
    expect(stub('redirect_to: https://wiki.internal.example/plan', 'public')).toBeUndefined();
    expect(stub('redirect_to: https://a.example/\nvisibility: public', 'public')?.to).toBe('https://a.example/');
  });
});
