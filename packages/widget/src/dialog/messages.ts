import { LIMITS, type ValidationIssue } from '@vuln-report/contract';
import { AuthError, NetworkError, ServerError, type VulnReportError } from '@vuln-report/sdk';
import type { Translation } from '../i18n/translation.ts';

/** A validation issue in the reporter's language, from its code and field; `max`, the field's longest value. */
export function describe(issue: ValidationIssue, t: Translation, max: number = LIMITS.longTextMax): string {
  switch (issue.code) {
    case 'too_small':
    case 'invalid_type':
      return t.errorRequired;
    case 'too_big':
      return t.errorTooLong(max);
    case 'invalid_format':
      return issue.path === 'reporter.email' ? t.errorEmail : t.errorFormat;
    default:
      return t.errorFormat;
  }
}

/**
 * What a failed request means to the reporter: offline, or the intake out of reach (no
 * answer while online, or a 5xx), told apart; a refused key is the site's to fix; anything
 * else in the intake's words.
 */
export function explain(error: VulnReportError, t: Translation): string {
  if (error instanceof NetworkError) return navigator.onLine ? t.errorUnreachable : t.errorOffline;
  if (error instanceof ServerError) return t.errorUnreachable;
  if (error instanceof AuthError) return t.errorKeyRefused;
  return t.errorRejected(error.problem?.detail ?? error.message);
}
