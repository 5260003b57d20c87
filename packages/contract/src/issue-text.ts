import type * as z from 'zod/mini';

type RawIssue = z.core.$ZodRawIssue;

const FORMAT_NAMES: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  datetime: 'an ISO 8601 time in UTC, such as 2026-11-26T09:30:00Z',
};

function bound(issue: { origin?: string; inclusive?: boolean }, value: unknown, direction: 'least' | 'most') {
  const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
  const n = Number(value);
  const exclusive = issue.inclusive === false;
  if (direction === 'least') return `Must be at least ${exclusive ? n + 1 : n}${unit}`;
  return `Must be at most ${exclusive ? n - 1 : n}${unit}`;
}

/**
 * English messages for the contract's validation issues. zod/mini ships without
 * locale text, and setting a global one would change a host page's own zod, so the
 * contract passes this to each parse instead. Browsers get `issue-code.ts` in its place
 * (the `browser` condition of `#issue-text`): a widget words issues from their codes in
 * the reporter's language, so English text there would be bytes nobody reads.
 */
export function describeIssue(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Required' : `Must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'Required';
      return bound(issue, issue.minimum, 'least');
    case 'too_big':
      return bound(issue, issue.maximum, 'most');
    case 'invalid_format':
      return `Must be ${FORMAT_NAMES[issue.format] ?? `in ${issue.format} format`}`;
    case 'invalid_value':
      if (issue.input === undefined) return 'Required';
      return `Must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return 'Unknown field';
    case 'invalid_union':
      return 'Does not match any allowed shape';
    case 'not_multiple_of':
      return `Must be a multiple of ${String(issue.divisor)}`;
    default:
      return 'Invalid value';
  }
}
