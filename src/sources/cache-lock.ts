/**
 * One build at a time on a cache folder: a lock directory naming its holder (pid, host, the process's start time,
 * since when). A second build waits, saying so, and gives up after `timeoutMs` with a message saying how to clear
 * the lock. A lock is taken over when its holder is known to be gone:
 * - on this host, when its pid no longer runs, or now belongs to a process that started at another time (pids
 *   repeat: a lock restored from a CI cache can name a pid that is alive in this container but is another process);
 * - from another host, which cannot be asked about its processes (a shared cache folder on NFS may be a real
 *   concurrent build), only when its holder has stopped refreshing the lock's heartbeat for `foreignStaleMs`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

export interface CacheLockOptions {
  /** How often a waiting build looks at the lock again; default 250 ms. */
  pollMs?: number;
  /** How long a build waits for a held lock before it fails; default 10 minutes. */
  timeoutMs?: number;
  /** How often the holder refreshes the lock's heartbeat; default 30 s. */
  heartbeatMs?: number;
  /** A lock of another host whose heartbeat is older than this is taken over; default 5 minutes. */
  foreignStaleMs?: number;
}

/** Who holds a lock. Locks of older versions name the pid only. */
interface Holder {
  pid: number;
  host?: string;
  /** When the process started, as this host tells it (see processStart); undefined when it cannot tell. */
  start?: string;
  since?: string;
  token: string;
}

/** Whether process `pid` runs on this host (one we may not signal runs too). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When process `pid` started, as a string that differs between two processes given the same pid: on Linux the boot
 * id and field 22 of /proc/<pid>/stat (clock ticks since boot); elsewhere what `ps -o lstart=` says; else undefined.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or ")": fields 3… follow the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    if (fields[19]) return `${boot}:${fields[19]}`;
  } catch {
    /* not Linux, or no such process */
  }
  try {
    return (
      execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * The owner file: `<pid>:<token>` on its first line, as older versions wrote it and still read it (they then wait
 * for a live pid rather than break in), and the whole Holder as JSON on the second.
 */
const ownerText = (h: Holder) => `${h.pid}:${h.token}\n${JSON.stringify(h)}\n`;

function parseHolder(text: string): Holder | undefined {
  const [first = '', json = ''] = text.split('\n');
  try {
    const h = JSON.parse(json) as Holder;
    if (Number.isInteger(h.pid) && h.pid > 0) return h;
  } catch {
    /* a lock of an older version */
  }
  const pid = Number(first.split(':')[0]);
  return Number.isInteger(pid) && pid > 0 ? { pid, token: first } : undefined;
}

/** Why the lock of `holder` may be taken over, or undefined while its holder may still be running. */
function staleBecause(holder: Holder, beat: string | undefined, foreignStaleMs: number): string | undefined {
  const who = `process ${holder.pid}`;
  if (holder.host === undefined || holder.host === hostname()) {
    if (!alive(holder.pid)) return `${who}, which has ended`;
    const now = holder.start === undefined ? undefined : processStart(holder.pid);
    if (now !== undefined && now !== holder.start)
      return `${who}, which has ended (process ${holder.pid} is now another process, started at ${now}, not ${holder.start})`;
    return undefined;
  }
  const last = Date.parse(beat ?? holder.since ?? '');
  if (!Number.isNaN(last) && Date.now() - last <= foreignStaleMs) return undefined;
  return `${who} on host ${holder.host}, which has not refreshed it since ${beat ?? holder.since ?? 'an unknown time'}`;
}

const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 100) / 10} s`);

export async function withCacheLock<T>(
  cacheDir: string,
  log: (m: string) => void,
  fn: () => Promise<T>,
  options: CacheLockOptions = {},
): Promise<T> {
  const { pollMs = 250, timeoutMs = 10 * 60_000, heartbeatMs = 30_000, foreignStaleMs = 5 * 60_000 } = options;
  await mkdir(cacheDir, { recursive: true });
  const lock = path.join(cacheDir, '.lock');
  const beatFile = path.join(lock, 'heartbeat');
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    start: processStart(process.pid),
    since: new Date().toISOString(),
    token: Math.random().toString(36).slice(2),
  };
  const startedWaiting = Date.now();
  let told = false;
  for (;;) {
    // The lock appears with its owner already inside: a folder made aside and renamed into place.
    const staged = `${lock}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await mkdir(staged);
    await writeFile(path.join(staged, 'owner'), ownerText(me));
    try {
      await rename(staged, lock);
      break;
    } catch (error) {
      await rm(staged, { recursive: true, force: true });
      if (!['EEXIST', 'ENOTEMPTY', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      const holder = parseHolder(await readFile(path.join(lock, 'owner'), 'utf8').catch(() => ''));
      const beat = (await readFile(beatFile, 'utf8').catch(() => '')).trim() || undefined;
      const stale = holder && staleBecause(holder, beat, foreignStaleMs);
      if (stale) {
        log(`the cache lock at ${lock} was left by ${stale}; taking it over`);
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      const who = holder
        ? `process ${holder.pid}${holder.host ? ` on host ${holder.host}` : ''}${holder.since ? ` since ${holder.since}` : ''}`
        : 'an unknown build';
      if (Date.now() - startedWaiting >= timeoutMs) {
        throw new Error(
          `gave up after ${minutes(timeoutMs)} waiting for the cache lock at ${lock}: it is held by ${who}; if no build is running, delete the folder ${lock} and build again`,
        );
      }
      if (!told) {
        log(
          `waiting for another build${holder ? ` (process ${holder.pid})` : ''} to finish with the cache ${cacheDir}: the lock is held by ${who}; giving up after ${minutes(timeoutMs)}…`,
        );
        told = true;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
  // Builds on other hosts cannot see this process: they see the heartbeat instead.
  const heartbeat = setInterval(
    () => void writeFile(beatFile, new Date().toISOString()).catch(() => undefined),
    heartbeatMs,
  );
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await rm(lock, { recursive: true, force: true });
  }
}
