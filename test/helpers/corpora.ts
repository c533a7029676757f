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
