import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, type Problem, type ValidationIssue } from '@vuln-report/contract';
import type { Failure } from '../core/result.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};


/** An RFC 9457 problem response. */
export function problem(
  status: number,
  detail: string,
  extra: { type?: string; errors?: ValidationIssue[]; headers?: Record<string, string>; retryAfter?: number } = {},
): Response {
  const body: Problem = {
    type: extra.type ?? 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.retryAfter !== undefined ? { retryAfter: extra.retryAfter } : {}),
  };
  return Response.json(body, {
    status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', ...extra.headers },
  });
}

/** A 400 that names every refused field. */
export const invalid = (detail: string, errors: ValidationIssue[]) => problem(400, detail, { type: PROBLEM_TYPES.validation, errors });

/** Maps a domain refusal to its problem response. */
export function fromFailure(failure: Failure): Response {
  switch (failure.kind) {
    case 'not-found':
      return problem(404, failure.detail);
    case 'conflict':
      return problem(409, failure.detail, { type: PROBLEM_TYPES.transition });
    case 'idempotency-mismatch':
      return problem(422, failure.detail, { type: PROBLEM_TYPES.idempotency });
    case 'invalid':
      return invalid(failure.detail, failure.errors ?? []);
    case 'too-large':
      return problem(413, failure.detail, { type: PROBLEM_TYPES.tooLarge });
  }
}
