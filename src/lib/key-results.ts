/** How a key result stands: its direction, whether it is met, and how far it has come from start to target. */

export interface KeyResultInput {
  target?: number;
  current?: number;
  start?: number;
  direction?: 'increase' | 'decrease';
}

export interface KeyResultState {
  direction: 'increase' | 'decrease';
  met: boolean;
  /** Progress from start (or 0) to target, 0–100; undefined when it cannot be told (less is better, no start). */
  percent?: number;
}

/** The direction written, or read from the numbers: a target below the start, or of 0, is to be decreased to. */
export function directionOf(kr: KeyResultInput): 'increase' | 'decrease' {
  if (kr.direction) return kr.direction;
  if (kr.target !== undefined && kr.start !== undefined) return kr.target < kr.start ? 'decrease' : 'increase';
  return kr.target === 0 ? 'decrease' : 'increase';
}

/** Undefined without a target and a current value. */
export function keyResultState(kr: KeyResultInput): KeyResultState | undefined {
  const { target, current, start } = kr;
  if (target === undefined || current === undefined) return undefined;
  const direction = directionOf(kr);
  const met = direction === 'increase' ? current >= target : current <= target;
  const from = start ?? (direction === 'increase' ? 0 : undefined);
  let percent: number | undefined;
  if (from !== undefined && from !== target) percent = ((current - from) / (target - from)) * 100;
  else if (from !== undefined) percent = met ? 100 : 0;
  return {
    direction,
    met,
    percent: percent === undefined ? undefined : Math.max(0, Math.min(100, Math.round(percent))),
  };
}
