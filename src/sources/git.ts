/**
 * Runs the system git through execFile: no shell, no prompts, and no command named by a repository's own config.
 * A folder source is someone's checkout whose .git/config we read, so every config-driven program is switched off
 * here, for every git call. Every message that leaves this module has credentials stripped from URLs.
 */
import { execFile, spawn } from 'node:child_process';
import { redactText } from './redact-url.ts';

/** Settings on the command line outrank a repository's config: these turn off what would run a program. */
const SAFE_CONFIG: Array<[string, string]> = [
  ['core.hooksPath', '/dev/null'],
  ['core.fsmonitor', 'false'],
  ['core.pager', 'cat'],
  ['core.quotePath', 'false'],
  ['log.showSignature', 'false'],
  ['gpg.program', 'false'],
  ['gpg.openpgp.program', 'false'],
  ['gpg.x509.program', 'false'],
  ['gpg.ssh.program', 'false'],
  ['protocol.ext.allow', 'never'],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
];

/** A remote one call talks to: only its transport is allowed; its credential goes through the environment. */
export interface GitRemote {
  /** Transport git will use: `file`, `http`, `https`, `ssh` or `git`. */
  protocol: string;
  /** Config given to this call only (never written to disk), e.g. an Authorization header. */
  config?: Array<[string, string]>;
}

export interface GitOptions {
  cwd?: string;
  timeoutMs?: number;
  /**
   * The remote the call may reach. Without it no transport is allowed at all, so that reading a partial clone
   * cannot fetch missing objects (which would run the checkout's `remote.*.uploadpack`).
   */
  remote?: GitRemote;
}

function configArgs(remote: GitRemote | undefined): string[] {
  const transport: Array<[string, string]> = [['protocol.allow', 'never']];
  if (remote) {
    transport.push([`protocol.${remote.protocol}.allow`, 'always']);
    if (remote.protocol === 'http' || remote.protocol === 'https')
      transport.push(['protocol.http.allow', 'always'], ['protocol.https.allow', 'always']);
  }
  return [...SAFE_CONFIG, ...transport].flatMap(([k, v]) => ['-c', `${k}=${v}`]);
}

export class GitError extends Error {
  readonly stderr: string;
  constructor(args: string[], stderr: string, code: number | string | null) {
    super(
      `${redactText(`git ${args.join(' ')}`)} failed (${code}): ${redactText(stderr.trim()).split('\n').slice(-3).join(' / ')}`,
    );
    this.name = 'GitError';
    this.stderr = redactText(stderr);
  }
}

/** Variables of the calling process that would point git at another repository, index or object store. */
const INHERITED_REPOSITORY_VARS = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
];

/** The environment of a git call; `config` is passed as GIT_CONFIG_KEY_n/VALUE_n, visible to this process only. */
export function gitEnv(config: Array<[string, string]> = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_NO_LAZY_FETCH: '1',
    GIT_LITERAL_PATHSPECS: '1',
    GIT_PAGER: 'cat',
    GIT_EDITOR: 'false',
    LC_ALL: 'C',
  };
  for (const name of INHERITED_REPOSITORY_VARS) delete env[name];
  // Appended after whatever the operator already passes this way.
  const base = Number(env.GIT_CONFIG_COUNT) || 0;
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${base + i}`] = key;
    env[`GIT_CONFIG_VALUE_${base + i}`] = value;
  });
  if (config.length) env.GIT_CONFIG_COUNT = String(base + config.length);
  return env;
}

/** Runs `git args…` and returns stdout. */
export function git(args: string[], cwd?: string, options: Omit<GitOptions, 'cwd'> = {}): Promise<string> {
  const { timeoutMs = 10 * 60_000, remote } = options;
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...configArgs(remote), ...args],
      { cwd, env: gitEnv(remote?.config), maxBuffer: 1 << 30, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(new GitError(args, stderr || error.message, (error as NodeJS.ErrnoException).code ?? null));
        else resolve(stdout);
      },
    );
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
    this.proc = spawn('git', [...configArgs(undefined), 'cat-file', '--batch'], {
      cwd: gitDir,
      env: gitEnv(),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
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
    const next = this.chain.then(
      () =>
        new Promise<Buffer | null>((resolve, reject) => {
          this.waiting.push({ resolve, reject });
          this.proc.stdin.write(`${sha}\n`);
        }),
    );
    this.chain = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.proc.stdin.end();
  }
}
