/**
 * `/api/health.json`: every source with its commit and counts; in an internal build also its problems by code and
 * its adoption report. A public build lists public counts only, like the health page.
 */
import type { APIRoute } from 'astro';
import { getEntry } from 'astro:content';
import type { BuildReport } from '../../loaders/report-loader.ts';
import { adoptionRows } from '../../site/adoption-rows.ts';

export const GET: APIRoute = async () => {
  const report = (await getEntry('report', 'report'))?.data as unknown as BuildReport | undefined;
  const isPublic = report?.audience !== 'internal';
  const sources = (report?.sources ?? [])
    .filter((s) => !isPublic || s.documents > 0)
    .map((s) => {
      const base = { name: s.name, kind: s.kind, commit: s.commit, documents: s.documents };
      if (isPublic) return base;
      const problems = (report?.problems ?? []).filter((p) => p.source === s.name);
      const byCode: Record<string, number> = {};
      for (const p of problems) byCode[p.code] = (byCode[p.code] ?? 0) + 1;
      return {
        ...base,
        repo: s.repo,
        drafts: s.drafts,
        skipped: s.skipped,
        problems: byCode,
        adoption: s.adoption,
        report: adoptionRows(s, problems),
      };
    });
  const totals = isPublic ? { documents: report?.totals.documents ?? 0 } : report?.totals;
  return new Response(JSON.stringify({ audience: report?.audience, totals, sources }), {
    headers: { 'Content-Type': 'application/json' },
  });
};
