import type { Mode, Release } from '@vuln-report/contract';
import { page, type DomainContext } from './context.ts';

/** Public release notes: each version with the vulnerabilities it fixed, newest first. */
export async function releaseNotes(ctx: DomainContext, mode: Mode, cursor?: string, limit?: number) {
  const releases = new Map<string, Release>();
  for (const report of await ctx.tx.resolvedReports()) {
    // A report that was no vulnerability is fixed, not listed: it has no severity.
    if (!report.fixedIn || !report.resolvedAt || !report.severity || report.mode !== mode) continue;
    const version = report.fixedIn;
    const release = releases.get(version) ?? { version, date: report.resolvedAt, vulnerabilities: [] };
    const credit = report.draft.reporter?.credit;
    release.vulnerabilities.push({
      reportId: report.id,
      severity: report.severity,
      note: report.releaseNote ?? '',
      affectedVersions: report.affectedVersions ?? [],
      ...(report.assessment?.cwe?.length ? { cwe: report.assessment.cwe } : report.draft.cwe?.length ? { cwe: report.draft.cwe } : {}),
      ...(credit?.wanted
        ? { credit: { name: credit.name ?? report.draft.reporter?.name ?? 'Anonymous', ...(credit.url ? { url: credit.url } : {}) } }
        : {}),
    });
    releases.set(version, release);
  }
  return page([...releases.values()].reverse(), cursor, limit);
}
