import { describe, expect, it } from 'vitest';
import { directionOf, keyResultState } from '../../src/lib/key-results.ts';

describe('key results', () => {
  it('says a lower-is-better result that is missed is not met, with the progress made from its start', () => {
    expect(keyResultState({ start: 9, target: 3, current: 4 })).toEqual({
      direction: 'decrease',
      met: false,
      percent: 83,
    });
    // Without a start, a decrease cannot be given a percentage, but can still be judged.
    expect(keyResultState({ target: 3, current: 4, direction: 'decrease' })).toEqual({
      direction: 'decrease',
      met: false,
      percent: undefined,
    });
  });

  it('meets an increase at or above its target, and keeps the percentage between 0 and 100', () => {
    expect(keyResultState({ target: 99.9, current: 99.95 })).toEqual({
      direction: 'increase',
      met: true,
      percent: 100,
    });
    expect(keyResultState({ start: 50, target: 90, current: 40 })).toMatchObject({ met: false, percent: 0 });
    expect(keyResultState({ start: 50, target: 90, current: 70 })).toMatchObject({ met: false, percent: 50 });
  });

  it('takes the direction written over the one read from the numbers', () => {
    expect(directionOf({ start: 9, target: 3 })).toBe('decrease');
    expect(directionOf({ target: 0 })).toBe('decrease');
    expect(directionOf({ target: 5 })).toBe('increase');
    expect(directionOf({ start: 9, target: 3, direction: 'increase' })).toBe('increase');
    expect(keyResultState({ target: 3 })).toBeUndefined();
  });
});
