/** Text patterns fed by documents: pathological inputs finish at once (each stalled a build for minutes). */
import { describe, expect, it } from 'vitest';
import { canaryStrings } from '../../src/lib/audience.ts';
import { minutesOf } from '../../src/lib/body-structure.ts';
import { MAX_SLUG_BYTES, slugify } from '../../src/lib/slugs.ts';

describe('patterns over document text', () => {
  it('read durations from a line of 400,000 digits, and still read ordinary ones', () => {
    expect(minutesOf('1'.repeat(400_000))).toBeUndefined();
    expect(minutesOf('1.5 h and 30 min')).toBe(120);
    expect(minutesOf('2 days')).toBe(2880);
  });

  it('take link targets out of a region of 120,000 "(http:"', () => {
    expect(canaryStrings([`${'(http:'.repeat(120_000)}`])[0]!.length).toBeLessThanOrEqual(80);
    expect(canaryStrings(['See the runbook (https://wiki.example.org/x) for details'])).toEqual(['See the runbook for details']);
  });

  it('slug a 100,000-character tag within the byte limit, distinct from its neighbour', () => {
    const a = slugify(`!${'+'.repeat(100_000)}`);
    const b = slugify(`x${'\u0301'.repeat(100_000)}y`);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(MAX_SLUG_BYTES);
    expect(Buffer.byteLength(b)).toBeLessThanOrEqual(MAX_SLUG_BYTES);
    expect(slugify(`a${'b'.repeat(500)}1`)).not.toBe(slugify(`a${'b'.repeat(500)}2`));
    expect(slugify('C++')).toBe('c-plus-plus');
    expect(slugify('Café')).toBe('cafe');
  });
});
