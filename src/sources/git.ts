/**
 * Runs the system git through execFile: no shell, no hooks of cloned repositories, no prompts.
 * Every message that leaves this module has credentials stripped from URLs.
 */
import { execFile, spawn } from 'node:child_process';
import { redactText } from './redact-url.ts';

const SAFE_CONFIG = [
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.quotePath=false',
  '-c', 'protocol.ext.allow=never',
  '-c', 'protocol.file.allow=always',
  '-c', 'gc.auto=0',
];

export class GitError extends Error {
  readonly stderr: string;
  constructor(args: string[], stderr: string, code: number | string | null) {
    const shown = redactText(`git ${args.filter((a) => !a.startsWith('core.') && !a.startsWith('protocol.') && a !== '-c' && !a.startsWith('gc.')).join(' ')}`);
    super(`${shown} failed (${code}): ${redactText(stderr.trim()).split('\n').slice(-3).join(' / ')}`);
    this.name = 'GitError';
    this.stderr = redactText(stderr);
  }
}

export const gitEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  LC_ALL: 'C',
});

/** Runs `git args…` in `cwd` and returns stdout. */
export function git(args: string[], cwd?: string, timeoutMs = 10 * 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...SAFE_CONFIG, ...args], { cwd, env: gitEnv(), maxBuffer: 1 << 30, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(new GitError(args, stderr || error.message, (error as NodeJS.ErrnoException).code ?? null));
        else resolve(stdout);
      });
  });
}

/** True when `git args…` exits 0. */
export async function gitOk(args: string[], cwd?: string): Promise<boolean> {
  try {
    await git(args, cwd);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads many blobs through one `git cat-file --batch` process.
 * Objects are asked for one at a time; each answer is `<sha> blob <size>\n<bytes>\n`.
 */
export class BlobReader {
  private proc;
  private buffer = Buffer.alloc(0);
  private waiting: Array<{ resolve: (b: Buffer | null) => void; reject: (e: Error) => void }> = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(gitDir: string) {
    this.proc = spawn('git', [...SAFE_CONFIG, 'cat-file', '--batch'], { cwd: gitDir, env: gitEnv(), stdio: ['pipe', 'pipe', 'ignore'] });
    this.proc.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    this.proc.on('error', (e) => this.waiting.splice(0).forEach((w) => w.reject(e)));
  }

  private drain(): void {
    while (this.waiting.length) {
      const nl = this.buffer.indexOf(10);
      if (nl < 0) return;
      const header = this.buffer.subarray(0, nl).toString('utf8');
      if (header.endsWith(' missing')) {
        this.buffer = this.buffer.subarray(nl + 1);
        this.waiting.shift()!.resolve(null);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (this.buffer.length < nl + 1 + size + 1) return;
      const body = Buffer.from(this.buffer.subarray(nl + 1, nl + 1 + size));
      this.buffer = this.buffer.subarray(nl + 1 + size + 1);
      this.waiting.shift()!.resolve(body);
    }
  }

  /** The bytes of a blob, or null when the object does not exist. */
  read(sha: string): Promise<Buffer | null> {
    const next = this.chain.then(() => new Promise<Buffer | null>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.proc.stdin.write(`${sha}\n`);
    }));
    this.chain = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.proc.stdin.end();
  }
}
