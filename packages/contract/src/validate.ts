import * as z from 'zod/mini';
import { describeIssue } from '#issue-text';
import type { ValidationIssue } from './problem.ts';

export { describeIssue };

/** The outcome of {@link validate}: the parsed value, or every issue with its field. */
export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/**
 * Parses `input` with a contract schema and returns the value, or the issues as the
 * problem details' `errors` list (messages in English in Node, the issue's code in a
 * browser, where a client words them itself): dotted paths that name the field (`reporter.email`,
 * `cwe.2`), an unknown member reported at its own path.
 */
export function validate<S extends z.ZodMiniType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input, { error: describeIssue });
  if (result.success) return { ok: true, value: result.data };
  const issues: ValidationIssue[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...path, key].join('.'), message: issue.message, code: issue.code });
    } else {
      issues.push({ path: path.join('.'), message: issue.message, code: issue.code });
    }
  }
  return { ok: false, issues };
}
