import type { ValidationIssue } from '@vuln-report/contract';

/** Why the domain refused an operation; the HTTP layer maps each kind to a status. */
export type FailureKind = 'not-found' | 'conflict' | 'invalid' | 'idempotency-mismatch' | 'too-large';

/** A refused operation: nothing was changed. */
export interface Failure {
  ok: false;
  kind: FailureKind;
  detail: string;
  errors?: ValidationIssue[];
}

/** The outcome of a domain operation. */
export type Result<T> = { ok: true; value: T } | Failure;

/** A successful result. */
export const success = <T>(value: T): Result<T> => ({ ok: true, value });

/** A refusal of `kind`, with a sentence for the problem's `detail`. */
export const failure = (kind: FailureKind, detail: string, errors?: ValidationIssue[]): Failure => ({
  ok: false,
  kind,
  detail,
  ...(errors ? { errors } : {}),
});
