/**
 * Two audiences from the same sources: `internal` (default) builds everything; `public` builds only documents marked
 * `visibility: public`, without their internal regions and internal-only fields.
 */
export type Audience = 'internal' | 'public';

export function audienceFromEnv(env: NodeJS.ProcessEnv = process.env): Audience {
  const value = (env.KNOWLEDGE_AUDIENCE ?? 'internal').trim().toLowerCase();
  if (value !== 'internal' && value !== 'public') {
    throw new Error(`KNOWLEDGE_AUDIENCE must be "internal" or "public", found "${env.KNOWLEDGE_AUDIENCE}"`);
  }
  return value;
}

const OPEN = /^[ \t]*<!--\s*internal\s*-->[ \t]*$/i;
const CLOSE = /^[ \t]*<!--\s*\/internal\s*-->[ \t]*$/i;

export type Regions = { ok: true; body: string; removed: string[] } | { ok: false; line: number; message: string };

/**
 * Removes every region between `<!-- internal -->` and `<!-- /internal -->` lines. `lineOffset` is the file line
 * of the body's first line. An unclosed or stray marker is an error: a leak must never be a typo away.
 */
export function stripInternalRegions(body: string, lineOffset = 1): Regions {
  const lines = body.split('\n');
  const kept: string[] = [];
  const removed: string[] = [];
  let openedAt = -1;
  let current: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (OPEN.test(line)) {
      if (openedAt >= 0) return { ok: false, line: i + lineOffset, message: `an <!-- internal --> region opens inside the one opened on line ${openedAt + lineOffset}` };
      openedAt = i;
      current = [];
      continue;
    }
    if (CLOSE.test(line)) {
      if (openedAt < 0) return { ok: false, line: i + lineOffset, message: 'an <!-- /internal --> closes a region that was never opened' };
      removed.push(current.join('\n'));
      openedAt = -1;
      continue;
    }
    if (openedAt >= 0) current.push(line);
    else kept.push(line);
  }
  if (openedAt >= 0) return { ok: false, line: openedAt + lineOffset, message: 'the <!-- internal --> region opened here is never closed with <!-- /internal -->' };
  return { ok: true, body: kept.join('\n'), removed };
}

/** Fields shown only internally; a public build leaves them out. */
export function redactForPublic(data: Record<string, unknown>): { data: Record<string, unknown>; removed: string[] } {
  const removed: string[] = [];
  const out: Record<string, unknown> = { ...data };
  if (Array.isArray(out.authors)) {
    removed.push(...(out.authors as string[]));
    out.authors = [];
  }
  if (Array.isArray(out.action_items)) {
    out.action_items = (out.action_items as Array<Record<string, unknown>>).map((a) => {
      const { owner, ticket, ...rest } = a;
      if (typeof owner === 'string') removed.push(owner);
      if (typeof ticket === 'string') removed.push(ticket);
      return rest;
    });
  }
  return { data: out, removed };
}

/** Pieces of removed text long enough to be recognised if they leaked: lines stripped of Markdown marks. */
export function canaryStrings(texts: string[], minLength = 12): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const raw of text.split('\n')) {
      const line = raw.replace(/^[\s>*+-]*(\d+\.)?\s*/, '').replace(/[*_`~#|[\]]/g, '').replace(/\(https?:[^)]*\)/g, '').replace(/\s+/g, ' ').trim();
      if (line.length >= minLength) out.add(line.length > 80 ? line.slice(0, 80) : line);
    }
  }
  return [...out];
}
