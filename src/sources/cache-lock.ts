/**
 * One build at a time on a cache folder: a lock directory holding the owner's pid. A second build waits, saying
 * so; a lock left by a process that no longer runs is taken over.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withCacheLock<T>(cacheDir: string, log: (m: string) => void, fn: () => Promise<T>, pollMs = 250): Promise<T> {
  await mkdir(cacheDir, { recursive: true });
  const lock = path.join(cacheDir, '.lock');
  const owner = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  let told = false;
  for (;;) {
    // The lock appears with its owner already inside: a folder made aside and renamed into place.
    const staged = `${lock}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await mkdir(staged);
    await writeFile(path.join(staged, 'owner'), owner);
    try {
      await rename(staged, lock);
      break;
    } catch (error) {
      await rm(staged, { recursive: true, force: true });
      if (!['EEXIST', 'ENOTEMPTY', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      const held = await readFile(path.join(lock, 'owner'), 'utf8').catch(() => '');
      const pid = Number(held.split(':')[0]);
      if (held && !alive(pid)) {
        log(`the cache lock at ${lock} was left by process ${pid}, which has ended; taking it over`);
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (!told) {
        log(`waiting for another build${pid ? ` (process ${pid})` : ''} to finish with the cache ${cacheDir}…`);
        told = true;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
