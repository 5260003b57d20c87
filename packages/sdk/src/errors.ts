import type { Problem, ValidationIssue } from '@vuln-report/contract';

/** Statuses worth retrying: the same request may succeed later (timeout, rate limit, server trouble). */
export const isRetryableStatus = (status: number) => status === 408 || status === 429 || (status >= 500 && status <= 599);

/**
 * The base of every error the SDK raises on purpose. `problem` holds the server's RFC 9457
 * problem details when the server answered; `retryable` says whether the same request may
 * succeed later (no answer, 408, 429 or 5xx).
 */
export class VulnReportError extends Error {
  override name = 'VulnReportError';
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  /** The server's problem details, when it answered (or the SDK's own, for an invalid draft). */
  readonly problem?: Problem;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;

  constructor(message: string, problem?: Problem, options?: ErrorOptions) {
    super(message, options);
    this.problem = problem;
    this.status = problem?.status;
    const status = this.status ?? 0;
    this.retryable = !status || isRetryableStatus(status);
  }
}

/**
 * The draft, an attachment or a request body is invalid: thrown by `report()` before
 * anything is sent, or raised for a server's `400`. `issues` names each field.
 */
export class ValidationError extends VulnReportError {
  override name = 'ValidationError';
  /** Each refused field: a dotted `path` (`reporter.email`, `attachments.2`), a message and a code. */
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], problem?: Problem) {
    super(
      `Invalid report: ${issues.map((issue) => `${issue.path || '(body)'}: ${issue.message}`).join('; ')}`,
      problem ?? { type: 'about:blank', title: 'Invalid report', status: 400, errors: issues },
    );
    this.issues = issues;
  }
}

/** `401` or `403`: the project key is unknown, or does not allow this page's origin; or the tracking token is wrong. */
export class AuthError extends VulnReportError {
  override name = 'AuthError';
}

/** `429`: too many requests. Wait `retryAfterMs` (when the server said) before trying again. */
export class RateLimitError extends VulnReportError {
  override name = 'RateLimitError';
  /** How long the server asked to wait, in milliseconds, when it said. */
  readonly retryAfterMs?: number;

  constructor(message: string, problem: Problem, retryAfterMs: number | undefined) {
    super(message, problem);
    this.retryAfterMs = retryAfterMs;
  }
}

/** `413`: the body or an attachment is over the server's limits. Sending it again will not help. */
export class TooLargeError extends VulnReportError {
  override name = 'TooLargeError';
}

/** A `5xx`: the server failed. A queued report is retried later. */
export class ServerError extends VulnReportError {
  override name = 'ServerError';
}

/** Any other refusal (`404`, `409`, `422`, ...), with the server's problem details. */
export class RequestError extends VulnReportError {
  override name = 'RequestError';
}

/** No answer: offline, the connection dropped, or the request timed out. */
export class NetworkError extends VulnReportError {
  override name = 'NetworkError';
}

/**
 * The report could be neither sent nor kept: the offline queue is at its bound (items or
 * bytes), or its storage refused the write (a full disk or storage quota).
 */
export class QueueFullError extends VulnReportError {
  override name = 'QueueFullError';
}

/** The typed error for a server's answer: by status, carrying its problem details. */
export function errorForProblem(problem: Problem, retryAfterMs?: number): VulnReportError {
  const { status } = problem;
  const message = `${status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`;
  if (status === 400) return new ValidationError(problem.errors ?? [], problem);
  if (status === 401 || status === 403) return new AuthError(message, problem);
  if (status === 413) return new TooLargeError(message, problem);
  if (status === 429) return new RateLimitError(message, problem, retryAfterMs);
  return status >= 500 ? new ServerError(message, problem) : new RequestError(message, problem);
}
