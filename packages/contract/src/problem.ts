import * as z from 'zod/mini';

/** One reason a body was refused: where (a dotted path, empty for the whole body) and why. */
export const ValidationIssue = z.object({
  path: z.string(),
  message: z.string(),
  /** The kind of failure (`too_big`, `invalid_format`, ...), so a client can word it in its own language. */
  code: z.optional(z.string()),
});
/** @see ValidationIssue */
export type ValidationIssue = z.infer<typeof ValidationIssue>;

/**
 * RFC 9457 problem details, the body of every error response
 * (`application/problem+json`). Extension members are allowed and kept.
 */
export const Problem = z.looseObject({
  /** A URI naming the kind of problem; `about:blank` when the status says it all. */
  type: z.string(),
  /** A short summary of the kind of problem, the same for every occurrence. */
  title: z.string(),
  /** The HTTP status code. */
  status: z.number().check(z.int(), z.gte(100), z.lte(599)),
  /** What went wrong this time, for a person. */
  detail: z.optional(z.string()),
  /** A URI for this occurrence. */
  instance: z.optional(z.string()),
  /** For validation failures: each field that was refused, and why. */
  errors: z.optional(z.array(ValidationIssue)),
  /** For `429`: seconds to wait, as in the `Retry-After` header. */
  retryAfter: z.optional(z.number()),
});
/** @see Problem */
export type Problem = z.infer<typeof Problem>;

/** The media type of {@link Problem} bodies. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types with their own URI, for the failures a client handles differently. */
export const PROBLEM_TYPES = {
  validation: 'urn:vuln-report:problem:validation-failed',
  transition: 'urn:vuln-report:problem:transition-not-allowed',
  idempotency: 'urn:vuln-report:problem:idempotency-key-reused',
  origin: 'urn:vuln-report:problem:origin-not-allowed',
  /** A staff token whose roles do not include the route (v2). */
  forbidden: 'urn:vuln-report:problem:role-not-allowed',
  rateLimit: 'urn:vuln-report:problem:rate-limited',
  tooLarge: 'urn:vuln-report:problem:too-large',
  fault: 'urn:vuln-report:problem:injected-fault',
} as const;
/** @see PROBLEM_TYPES */
export type ProblemType = (typeof PROBLEM_TYPES)[keyof typeof PROBLEM_TYPES];

