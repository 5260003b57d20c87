import * as z from 'zod/mini';

/**
 * What a reporter says the report is about. In a module of its own, apart from the
 * other enums, because a browser bundle that validates a draft needs only this one.
 */
export const ReportKind = z.enum(['vulnerability', 'bug', 'data-exposure', 'other']);
/** @see ReportKind */
export type ReportKind = z.infer<typeof ReportKind>;
