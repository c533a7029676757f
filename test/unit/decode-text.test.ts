import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/lib/decode-text.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('the binary check', () => {
  it('refuses a NUL byte near the start', () => {
    expect(decodeText(bytes('---\ntitle: x\0\n---\n'))).toMatchObject({ ok: false, code: 'binary', line: 2 });
  });

  it('refuses a NUL byte anywhere in the file, with its line', () => {
    const text = `---\ntitle: Late NUL\n---\n${'Plain text.\n'.repeat(10_000)}here\0there\n`;
    const r = decodeText(bytes(text));
    expect(r).toMatchObject({ ok: false, code: 'binary', line: 10_004 });
    expect(!r.ok && r.reason).toBe('a binary file (it contains NUL bytes), not Markdown');
  });

  it('reads text without NUL bytes', () => {
    expect(decodeText(bytes(`${'a'.repeat(20_000)}\n`))).toMatchObject({ ok: true });
  });
});
