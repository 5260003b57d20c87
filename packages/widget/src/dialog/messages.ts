import { LIMITS, type ValidationIssue } from '@vuln-report/contract';
import type { Translation } from '../i18n/translation.ts';

/** The longest value of each text field, for the "too long" message. */
const MAX_LENGTH: Record<string, number> = {
  title: LIMITS.titleMax,
  description: LIMITS.longTextMax,
  stepsToReproduce: LIMITS.longTextMax,
  'reporter.email': LIMITS.emailMax,
  'reporter.credit.name': LIMITS.nameMax,
};

/** A validation issue in the reporter's language, from its code and field. */
export function describe(issue: ValidationIssue, t: Translation): string {
  switch (issue.code) {
    case 'too_small':
    case 'invalid_type':
      return t.errorRequired;
    case 'too_big':
      return t.errorTooLong(MAX_LENGTH[issue.path] ?? LIMITS.longTextMax);
    case 'invalid_format':
      return issue.path === 'reporter.email' ? t.errorEmail : issue.path.endsWith('url') ? t.errorUrl : t.errorFormat;
    case 'invalid_value':
      return t.errorChoice;
    default:
      return t.errorFormat;
  }
}
