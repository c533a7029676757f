import { describe, expect, it } from 'vitest';
import { formatProblem, formatProblemForRepo, printable, type Problem } from '../../src/lib/problems.ts';

describe('problems as printed', () => {
  const forged: Problem = {
    severity: 'error',
    source: 'pm',
    code: 'schema',
    line: 4,
    field: 'status',
    path: 'postmortems/x\n::error file=app.ts,line=1::forged by a file name\n.md',
    message:
      'skipped: expected one of draft, published, found "x\n::error file=src/app.ts::Build OK\u001b[1A\u001b[2K\u2028\u202e"',
  };

  it('stay on one line: a document cannot forge a CI command, move the cursor or reorder text', () => {
    for (const line of [formatProblem(forged), formatProblemForRepo(forged)]) {
      expect(line).not.toMatch(/[\n\r\u001b\u2028\u202e]/);
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toContain('x\\n::error file=app.ts,line=1::forged by a file name\\n.md:4: status: ');
      expect(line).toContain('Build OK\\u001b[1A\\u001b[2K\\u2028\\u202e"');
    }
  });

  it('keep ordinary text, accents and other scripts as they are', () => {
    expect(printable('café 事故 — "quoted" tab-free')).toBe('café 事故 — "quoted" tab-free');
    expect(printable('a\tb\rc')).toBe('a\\tb\\rc');
  });
});
