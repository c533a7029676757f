/**
 * Real git repositories in temporary folders, with commits at chosen dates, for tests.
 */
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestRepo {
  dir: string;
  /** `file://` URL of the repository. */
  url: string;
  write(file: string, content: string | Buffer): void;
  remove(file: string): void;
  /** Commits everything with the given ISO date; returns the commit id. */
  commit(message: string, date?: string, author?: string): string;
  git(...args: string[]): string;
  cleanup(): void;
}

export function makeTempDir(prefix = 'knowledge-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function createTestRepo(branch = 'main'): TestRepo {
  const dir = makeTempDir('knowledge-repo-');
  const run = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir, ...env },
    });
  run(['init', '-q', '-b', branch]);
  run(['config', 'user.email', 'test@example.org']);
  run(['config', 'user.name', 'Test Author']);
  run(['config', 'commit.gpgsign', 'false']);
  return {
    dir,
    url: `file://${dir}`,
    write(file, content) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    },
    remove(file) {
      rmSync(path.join(dir, file));
    },
    commit(message, date = '2025-01-15T10:00:00Z', author = 'Test Author') {
      run(['add', '-A']);
      run(
        [
          'commit',
          '-q',
          '--allow-empty',
          '-m',
          message,
          `--author=${author} <${author.toLowerCase().replace(/\s+/g, '.')}@example.org>`,
        ],
        {
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_DATE: date,
        },
      );
      return run(['rev-parse', 'HEAD']).trim();
    },
    git: (...args) => run(args),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`: repositories under the served folder are at `<url>/<name>.git`. */
  url: string;
  /** Requests that came with the right credential. */
  authorised: number;
  close(): Promise<void>;
}

/**
 * Serves the bare repositories under `root` over smart HTTP with git's own http-backend (CGI), and answers
 * 401 to any request without `Authorization: Basic user:password`: a real credentialed remote, offline.
 */
export async function serveGitHttp(
  root: string,
  credential: { user: string; password: string },
): Promise<GitHttpServer> {
  const backend = path.join(execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(), 'git-http-backend');
  const expected = `Basic ${Buffer.from(`${credential.user}:${credential.password}`).toString('base64')}`;
  const state = { authorised: 0 };
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' }).end();
      return;
    }
    state.authorised++;
    const url = new URL(req.url!, 'http://localhost');
    const cgi = spawn(backend, [], {
      env: {
        PATH: process.env.PATH,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: req.method,
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        REMOTE_USER: credential.user,
        REMOTE_ADDR: '127.0.0.1',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      },
    });
    req.pipe(cgi.stdin);
    // The CGI answer: `Status:` and other headers, a blank line, then the body.
    let head: Buffer | undefined = Buffer.alloc(0);
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (!head) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        const [name, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
      head = undefined;
    });
    cgi.stdout.on('end', () => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get authorised() {
      return state.authorised;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
