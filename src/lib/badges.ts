/** The short badges a listing row or page header shows for a document, by kind. */
import type { Kind } from '../schemas/index.ts';

export interface Badge {
  text: string;
  tone: string;
  /** The document's own page states it among its facts, so its header leaves the badge out. */
  fact?: true;
}

export function badgesOf(kind: Kind, data: Record<string, unknown>): Badge[] {
  const out: Badge[] = [];
  const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : undefined);
  if (kind === 'postmortem') {
    if (str('severity')) out.push({ text: str('severity')!, tone: `sev-${str('severity')}`, fact: true });
    if (str('status') && str('status') !== 'published') out.push({ text: str('status')!, tone: 'warn' });
    const open = Array.isArray(data.action_items)
      ? (data.action_items as Array<{ status?: string }>).filter(
          (a) => a.status === 'open' || a.status === 'in-progress',
        ).length
      : 0;
    if (open) out.push({ text: `${open} open action${open === 1 ? '' : 's'}`, tone: 'neutral' });
  }
  if (kind === 'standard') {
    if (str('champion_group')) out.push({ text: str('champion_group')!, tone: 'neutral', fact: true });
    const status = str('status');
    if (status)
      out.push({
        text: status,
        fact: true,
        tone:
          status === 'adopted'
            ? 'ok'
            : status === 'deprecated' || status === 'superseded' || status === 'rejected'
              ? 'bad'
              : 'warn',
      });
  }
  if (kind === 'kata') {
    if (str('level')) out.push({ text: str('level')!, tone: 'neutral', fact: true });
    if (typeof data.duration_minutes === 'number')
      out.push({ text: `${data.duration_minutes} min`, tone: 'neutral', fact: true });
  }
  if (kind === 'strategy' && str('status'))
    out.push({ text: str('status')!, tone: str('status') === 'active' ? 'ok' : 'neutral', fact: true });
  if (data.visibility === 'public') out.push({ text: 'public', tone: 'ok' });
  return out;
}
