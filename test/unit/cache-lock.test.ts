/**
 * The cache lock: a lock whose pid is alive but names another process is taken over; a lock held by a live build
 * makes the next one give up after the stated time, saying which lock, who holds it and how to clear it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStart, withCacheLock } from '../../src/sources/cache-lock.ts';
import { makeTempDir } from '../helpers/git-repo.ts';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function cache(): string {
  const dir = makeTempDir('knowledge-cache-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function leaveLock(
  dir: string,
  owner: { pid: number; token: string; [key: string]: unknown },
  heartbeat?: string,
): string {
  const lock = path.join(dir, '.lock');
  mkdirSync(lock);
  writeFileSync(path.join(lock, 'owner'), `${owner.pid}:${owner.token}\n${JSON.stringify(owner)}\n`);
  if (heartbeat) writeFileSync(path.join(lock, 'heartbeat'), heartbeat);
  return lock;
}

describe('cache lock', () => {
  it('takes over a lock whose pid is alive on this host but started at another time (a pid reused)', async () => {
    const dir = cache();
    // A lock restored from another container's cache: its pid is this test's parent, alive here, but another process.
    const lock = leaveLock(dir, {
      pid: process.ppid,
      host: hostname(),
      start: 'another-boot:12345',
      since: '2026-01-01T00:00:00.000Z',
      token: 'old',
    });
    expect(processStart(process.ppid)).toBeDefined();
    const logs: string[] = [];
    const ran = await withCacheLock(
      dir,
      (m) => logs.push(m),
      async () => 'ran',
      { timeoutMs: 2_000, pollMs: 20 },
    );
    expect(ran).toBe('ran');
    expect(logs).toEqual([
      `the cache lock at ${lock} was left by process ${process.ppid}, which has ended (process ${process.ppid} is now another process, started at ${processStart(process.ppid)}, not another-boot:12345); taking it over`,
    ]);
  });

  it('gives up waiting for a live holder after the stated time, naming the lock, the holder and how to clear it', async () => {
    const dir = cache();
    const lock = path.join(dir, '.lock');
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let acquired!: () => void;
    const ready = new Promise<void>((r) => {
      acquired = r;
    });
    const holder = withCacheLock(
      dir,
      () => {},
      async () => {
        acquired();
        await held;
      },
    );
    await ready;
    const logs: string[] = [];
    const started = Date.now();
    const error = await withCacheLock(
      dir,
      (m) => logs.push(m),
      async () => 'ran',
      { timeoutMs: 300, pollMs: 20 },
    ).catch((e: Error) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const since = (
      JSON.parse((await import('node:fs')).readFileSync(path.join(lock, 'owner'), 'utf8').split('\n')[1]!) as {
        since: string;
      }
    ).since;
    expect((error as Error).message).toBe(
      `gave up after 0.3 s waiting for the cache lock at ${lock}: it is held by process ${process.pid} on host ${hostname()} since ${since}; if no build is running, delete the folder ${lock} and build again`,
    );
    expect(logs).toEqual([
      `waiting for another build (process ${process.pid}) to finish with the cache ${dir}: the lock is held by process ${process.pid} on host ${hostname()} since ${since}; giving up after 0.3 s…`,
    ]);
    release();
    await holder;
  });

  it('waits for a lock of another host while its heartbeat is fresh, and takes it over once it is old', async () => {
    const dir = cache();
    const owner = { pid: process.pid, host: 'build-host-7', start: 'x', since: '2026-01-01T00:00:00.000Z', token: 't' };
    const lock = leaveLock(dir, owner, new Date().toISOString());
    const fresh = await withCacheLock(
      dir,
      () => {},
      async () => 'ran',
      { timeoutMs: 200, pollMs: 20, foreignStaleMs: 60_000 },
    ).catch((e: Error) => e);
    expect((fresh as Error).message).toContain(
      `held by process ${process.pid} on host build-host-7 since 2026-01-01T00:00:00.000Z`,
    );
    rmSync(lock, { recursive: true });
    const old = '2026-01-01T00:05:00.000Z';
    leaveLock(dir, owner, old);
    const logs: string[] = [];
    expect(
      await withCacheLock(
        dir,
        (m) => logs.push(m),
        async () => 'ran',
        { timeoutMs: 200, pollMs: 20, foreignStaleMs: 60_000 },
      ),
    ).toBe('ran');
    expect(logs).toEqual([
      `the cache lock at ${lock} was left by process ${process.pid} on host build-host-7, which has not refreshed it since ${old}; taking it over`,
    ]);
  });
});
