/**
 * Terminal colour codes taken out of a child process's output, so that it can be read by pattern. With `CI` set in
 * the environment, Astro's colour library colours its output even into a pipe.
 */
const SGR = /\x1b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(SGR, '');
}
