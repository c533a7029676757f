/**
 * Where the shared real corpora (git bundles of public repositories) are on this machine: KNOWLEDGE_CORPORA, or
 * ../shared/corpora beside the project. Undefined when they are not there; tests that need them skip.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CORPORA_CANDIDATES = [
  process.env.KNOWLEDGE_CORPORA,
  path.resolve(import.meta.dirname, '../../../shared/corpora'),
  '/work/shared/corpora',
].filter((c): c is string => !!c);

export const corporaDir: string | undefined = CORPORA_CANDIDATES.find((c) =>
  existsSync(path.join(c, 'dfds-postmortems.bundle')),
);

/** The four shared corpora and the ref each is built from. */
export const CORPORA = {
  dfds: { bundle: 'dfds-postmortems.bundle', ref: 'master' },
  ukho: { bundle: 'ukho-engineering-standards.bundle', ref: 'main' },
  'before-you-ship': { bundle: '18f-before-you-ship.bundle', ref: 'main' },
  'openjs-cpc': { bundle: 'openjs-cpc-meetings.bundle', ref: 'main' },
} as const;

/** Whether all four bundles are there. */
export const allCorporaAvailable =
  corporaDir !== undefined && Object.values(CORPORA).every((c) => existsSync(path.join(corporaDir!, c.bundle)));

/**
 * The sources file of one site of all four corpora, as a user would write it from the README: one source per
 * repository, its own layout, nothing renamed.
 */
export function fourCorporaSources(dir: string): string {
  const bundle = (name: keyof typeof CORPORA) => path.join(dir, CORPORA[name].bundle);
  return `site: { title: Real corpora }
sources:
  - name: dfds
    repo: ${bundle('dfds')}
    ref: master
    kind: postmortem
    include: ["PM*"]
    exclude: ["PMyyyy*"]
  - name: ukho
    repo: ${bundle('ukho')}
    kind: standard
    include: ["docs/{standards,patterns,principles}/*.md"]
    exclude: ["**/*.template.md"]
  - name: before-you-ship
    repo: ${bundle('before-you-ship')}
    kind: standard
    include: ["_pages/**/*.md"]
  - name: openjs-cpc
    repo: ${bundle('openjs-cpc')}
    kind: session
    include: ["meetings/**/*"]
`;
}
