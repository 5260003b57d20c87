import type * as z from 'zod/mini';

/**
 * In a browser, an issue's message is its code (`too_big`, `invalid_format`), unless the
 * check words its own: a widget words each issue from its code and field, in the
 * reporter's language. The same export as `issue-text.ts`, which Node gets instead.
 */
export const describeIssue = (issue: z.core.$ZodRawIssue): string => issue.code ?? 'invalid';
