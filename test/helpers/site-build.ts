/**
 * Builds a real site from a sources file with the project's own Astro, into a temporary folder.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripAnsi } from '../../src/lib/strip-ansi.ts';
import type { BuildReport } from '../../src/loaders/report-loader.ts';
import { workDirOf } from '../../src/build/build-context.ts';

const root = path.resolve(import.meta.dirname, '../..');
const astroBin = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');

export interface SiteBuild {
  code: number;
  output: string;
  outDir: string;
  report: BuildReport;
  page(urlPath: string): string;
  exists(urlPath: string): boolean;
}

export function buildSite(sourcesFile: string, outDir: string, env: Record<string, string> = {}): Promise<SiteBuild> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [astroBin, 'build'],
      {
        cwd: root,
        // Coloured output whether or not CI is set (Astro colours into a pipe when it is), and read without the codes.
        env: {
          ...process.env,
          ASTRO_TELEMETRY_DISABLED: '1',
          FORCE_COLOR: '1',
          KNOWLEDGE_SOURCES: sourcesFile,
          KNOWLEDGE_OUT_DIR: outDir,
          KNOWLEDGE_TODAY: '2026-11-23',
          ...env,
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 240_000,
      },
      (error, stdout, stderr) => {
        const file = (p: string) => path.join(outDir, p.replace(/^\//, ''), p.endsWith('/') ? 'index.html' : '');
        const audience = env.KNOWLEDGE_AUDIENCE === 'public' ? 'public' : 'internal';
        const reportFile = path.join(workDirOf(root, outDir, audience), 'build-report.json');
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          output: stripAnsi(`${stdout}\n${stderr}`),
          outDir,
          report: existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : undefined,
          page: (p) => readFileSync(file(p), 'utf8'),
          exists: (p) => existsSync(file(p)),
        });
      },
    );
  });
}

/** A site built from the text of a sources file, in a temporary folder with its own repository cache. */
export interface TempSiteBuild extends SiteBuild {
  /** The temporary folder: `sources.yaml`, `dist/`, `cache/`. */
  work: string;
  /** Deletes the temporary folder. */
  cleanup(): void;
}

export async function buildFromSources(
  sourcesYaml: string,
  env: Record<string, string> = {},
  prefix = 'knowledge-site-',
): Promise<TempSiteBuild> {
  const work = mkdtempSync(path.join(tmpdir(), prefix));
  writeFileSync(path.join(work, 'sources.yaml'), sourcesYaml);
  const site = await buildSite(path.join(work, 'sources.yaml'), path.join(work, 'dist'), {
    KNOWLEDGE_CACHE_DIR: path.join(work, 'cache'),
    ...env,
  });
  return { ...site, work, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}
